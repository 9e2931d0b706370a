import Foundation

/// Scenarios 1, 2 and 6: N programs `sleep 1000` with `startsecs=1`, from launch until all are RUNNING; with N in
/// `idleCounts`, the daemon's RSS and CPU over `idleSeconds` of idle; with N = `stopAllCount`, the time of
/// `stopAllProcesses(wait=True)`.
func runStartup(_ kind: Kind, count: Int, _ binaries: Binaries, _ settings: Settings, _ results: Results) throws {
    let d = Daemon(kind: kind)
    var programs = ""
    for i in 0..<count {
        programs += "[program:sleeper\(i)]\ncommand=/bin/sleep 1000\nstartsecs=1\nstdout_logfile=NONE\nstderr_logfile=NONE\n\n"
    }
    d.writeConfig(programs: programs)
    let started = Proc.now()
    try d.start(binaries)
    try d.waitForLog("success: ", count: count, timeout: 300)
    let elapsed = Proc.now() - started
    results.add("startup", "\(count) programs until all RUNNING", "s", count == 500 ? .atMost(0.3) : .none,
                kind: kind, elapsed)
    let connection = try d.connect()
    let running = occurrences(of: ">RUNNING<", in: try connection.callText("supervisor.getAllProcessInfo"))
    guard running == count else { throw BenchError("startup: \(running) of \(count) RUNNING") }

    if settings.idleCounts.contains(count) {
        usleep(1_000_000)
        let cpu0 = Proc.cpuSeconds(d.pid) ?? 0
        usleep(UInt32(settings.idleSeconds * 1_000_000))
        let cpu1 = Proc.cpuSeconds(d.pid) ?? 0
        let rss = Double(Proc.rss(d.pid) ?? 0) / 1_048_576
        results.add("idle", "RSS with \(count) running", "MiB", .atMost(0.25), kind: kind, rss)
        results.add("idle", "private dirty memory with \(count) running", "MiB", kind: kind,
                    Double(Proc.privateDirty(d.pid) ?? 0) / 1_048_576)
        results.add("idle", "CPU over \(format(settings.idleSeconds)) s with \(count) running", "CPU-s",
                    .atMost(1.0), kind: kind, cpu1 - cpu0)
    }
    if count == settings.stopAllCount {
        let t0 = Proc.now()
        _ = try connection.callText("supervisor.stopAllProcesses", ["<value><boolean>1</boolean></value>"])
        results.add("stopall", "\(count) running, stopAllProcesses(wait=True)", "s", kind: kind, Proc.now() - t0)
    }
    d.stop()
}

/// Scenario 6b: `stopAllCount` programs that ignore SIGTERM, `stopwaitsecs=1`: the time of
/// `stopAllProcesses(wait=True)` (each needs its SIGKILL after a second).
func runStopIgnoringTerm(_ kind: Kind, _ binaries: Binaries, _ settings: Settings, _ results: Results) throws {
    let d = Daemon(kind: kind)
    let count = settings.stopAllCount
    var programs = ""
    for i in 0..<count {
        programs += """
            [program:stubborn\(i)]
            command=/bin/sh -c "trap '' TERM; exec /bin/sleep 1000"
            startsecs=0
            stopwaitsecs=1
            stdout_logfile=NONE
            stderr_logfile=NONE


            """
    }
    d.writeConfig(programs: programs)
    try d.start(binaries)
    try d.waitForLog("success: ", count: count, timeout: 300)
    let connection = try d.connect()
    usleep(200_000)  // the shells have run `trap` and exec'd sleep
    let t0 = Proc.now()
    _ = try connection.callText("supervisor.stopAllProcesses", ["<value><boolean>1</boolean></value>"])
    results.add("stopall", "\(count) ignoring SIGTERM, stopwaitsecs=1", "s", .atMost(0.4), kind: kind, Proc.now() - t0)
    let info = try connection.callText("supervisor.getAllProcessInfo")
    let stopped = occurrences(of: ">STOPPED<", in: info)
    guard stopped == count else { throw BenchError("stopall: \(stopped) of \(count) STOPPED") }
    d.stop()
}
