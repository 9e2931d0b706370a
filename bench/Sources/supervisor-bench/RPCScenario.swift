import Foundation

/// Scenarios 4 and 7: `rpcProcesses` running processes (one program, numprocs); `getAllProcessInfo` and `getState`
/// calls per second and median / p99 latency on one keep-alive connection, over the unix socket and over TCP;
/// then the wall time of `supervisorctl status` (our supervisorctl against our daemon, Python's against Python's).
func runRPC(_ kind: Kind, _ binaries: Binaries, _ settings: Settings, _ results: Results) throws {
    let d = Daemon(kind: kind)
    let count = settings.rpcProcesses
    d.writeConfig(programs: """
        [program:p]
        command=/bin/sleep 100000
        process_name=%(process_num)04d
        numprocs=\(count)
        startsecs=0
        stdout_logfile=NONE
        stderr_logfile=NONE
        """)
    try d.start(binaries)
    try d.waitForLog("success: ", count: count, timeout: 300)
    for tcp in [false, true] {
        let transport = tcp ? "tcp" : "unix"
        for (method, target) in [("getAllProcessInfo", 100.0), ("getState", 10.0)] {
            let connection = try d.connect(tcp: tcp)
            let request = RPCConnection.request("supervisor." + method)
            let first = try connection.call(request)
            if method == "getAllProcessInfo" {
                let running = occurrences(of: ">RUNNING<", in: String(decoding: first, as: UTF8.self))
                guard running == count else { throw BenchError("rpc: \(running) of \(count) RUNNING") }
            }
            var latencies: [Double] = []
            let t0 = Proc.now()
            while Proc.now() - t0 < settings.rpcSeconds || latencies.count < 3 {
                let c0 = Proc.now()
                _ = try connection.call(request)
                latencies.append(Proc.now() - c0)
            }
            let elapsed = Proc.now() - t0
            let name = "\(method) (\(count) processes, \(transport))"
            results.add("rpc", name + " calls", "calls/s", .atLeast(target), kind: kind, Double(latencies.count) / elapsed)
            results.add("rpc", name + " median", "ms", kind: kind, median(latencies) * 1000)
            results.add("rpc", name + " p99", "ms", kind: kind, percentile(latencies, 0.99) * 1000)
        }
    }
    var walls: [Double] = []
    for _ in 0..<settings.ctlRuns {
        let t0 = Proc.now()
        let pid = try spawnProcess([binaries.supervisorctl[kind]!, "-c", d.config, "status"], output: "/dev/null")
        let status = reap(pid)
        walls.append(Proc.now() - t0)
        guard status == 0 else { throw BenchError("ctl: \(kind.rawValue) supervisorctl status exited with wait status \(status)") }
    }
    results.add("ctl", "supervisorctl status, \(count) processes (its own daemon)", "s", .atMost(0.2), kind: kind,
                median(walls))
    d.stop()
}
