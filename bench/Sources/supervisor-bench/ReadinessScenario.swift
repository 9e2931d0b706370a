import Foundation

/// Readiness latency (issue 16): a service `svc` that takes `readinessWarmup` seconds to get ready, then says so
/// (`notify`: sends READY=1; `log`: prints READY; `tcp`: starts listening), and a dependent `dep`
/// (`depends_on = svc`) that records the moment it runs. All times are CLOCK_REALTIME: the service records the
/// moment of its send (or of listen(2) returning), `dep` (a tiny C program) the moment it starts, and this harness
/// the moment `getProcessInfo('svc')` first answers RUNNING (polled every millisecond: ±1 ms).
///
/// Ours: `ready_check` with `startsecs = 0`. Python Supervisor has no readiness: the same programs with
/// `priority` (svc first) and the `startsecs` its user must guess instead (1 s here, for a real time-to-ready of
/// about `readinessWarmup`); its dependent is spawned at once, usually before the service is ready (a negative
/// figure), and RUNNING comes `startsecs` (plus up to its 1 s tick) after the spawn, whatever the service does.
/// A fresh daemon per repetition.
func runReadiness(_ kind: Kind, mode: String, _ binaries: Binaries, _ settings: Settings, _ results: Results,
                  scratch: String) throws {
    let helpers = try readinessHelpers(scratch: scratch)
    var toRunning: [Double] = []
    var toDependent: [Double] = []
    var timeToReady: [Double] = []
    for _ in 0..<settings.readinessRuns {
        let d = Daemon(kind: kind)
        let port = freePort()
        let readyFile = d.dir + "/ready", depFile = d.dir + "/dep"
        var svc = """
            [program:svc]
            command=/usr/bin/python3 \(helpers.service) \(mode) \(readyFile) \(port) \(settings.readinessWarmup)
            priority=1
            stderr_logfile=NONE

            """
        var dep = """
            [program:dep]
            command=\(helpers.stamp) \(depFile)
            priority=2
            startsecs=0
            stdout_logfile=NONE
            stderr_logfile=NONE

            """
        if kind == .ours {
            svc += "startsecs=0\n"
            switch mode {
            case "notify": svc += "ready_check=notify\n"
            case "log": svc += "ready_check=log:^READY$\n"
            default: svc += "ready_check=tcp://127.0.0.1:\(port)\nready_interval=\(settings.readinessInterval)\n"
            }
            dep += "depends_on=svc\n"
        } else {
            svc += "startsecs=1\n"
        }
        d.writeConfig(programs: svc + "\n" + dep)
        try d.start(binaries)
        let connection = try d.connect()
        let request = RPCConnection.request("supervisor.getProcessInfo", ["<value><string>svc</string></value>"])
        var previous = wallClock()
        var running: Double?
        let deadline = Proc.now() + 30
        while running == nil {
            try d.checkAlive()
            guard Proc.now() < deadline else { throw BenchError("readiness \(mode): svc not RUNNING in 30 s") }
            let answer = String(decoding: try connection.call(request), as: UTF8.self)
            let received = wallClock()
            if answer.contains(">RUNNING<") { running = (previous + received) / 2 }
            previous = received
            usleep(1000)
        }
        try waitUntil("the \(kind.rawValue) dependent to run", timeout: 30) {
            try d.checkAlive()
            return stampValue(depFile) != nil && stampValue(readyFile) != nil
        }
        let lines = (try? String(contentsOfFile: readyFile, encoding: .utf8))?.split(separator: "\n") ?? []
        guard lines.count == 2, let began = Double(lines[0]), let ready = Double(lines[1]),
              let depStarted = stampValue(depFile) else { throw BenchError("readiness \(mode): bad stamp files") }
        toRunning.append((running! - ready / 1e9) * 1000)
        toDependent.append((depStarted - ready) / 1e6)
        timeToReady.append((ready - began) / 1e6)
        d.stop()
    }
    let check = mode == "tcp" ? "tcp \(format(settings.readinessInterval)) s" : mode
    results.add("readiness", "\(check): ready to RUNNING", "ms", kind: kind, median(toRunning))
    results.add("readiness", "\(check): ready to dependent running", "ms", kind: kind, median(toDependent))
    results.add("readiness", "\(check): own time to ready", "ms", kind: kind, median(timeToReady))
}

/// CLOCK_REALTIME in seconds.
func wallClock() -> Double {
    var t = timespec()
    clock_gettime(CLOCK_REALTIME, &t)
    return Double(t.tv_sec) + Double(t.tv_nsec) / 1e9
}

/// The first line of a stamp file as nanoseconds, once it is complete.
func stampValue(_ path: String) -> Double? {
    guard let text = try? String(contentsOfFile: path, encoding: .utf8), text.hasSuffix("\n") else { return nil }
    return text.split(separator: "\n").last.flatMap { Double($0) }
}

/// The service script and the C stamp program, made once per run in `scratch`.
func readinessHelpers(scratch: String) throws -> (service: String, stamp: String) {
    let service = scratch + "/ready-service.py", stamp = scratch + "/stamp"
    if FileManager.default.fileExists(atPath: stamp) { return (service, stamp) }
    let script = """
        import os, socket, sys, time
        mode, out, port, warm = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4])
        began = time.time_ns()
        time.sleep(warm)
        if mode == 'tcp':
            s = socket.socket()
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            s.bind(('127.0.0.1', port))
            s.listen(64)
            ready = time.time_ns()
        elif mode == 'notify':
            address = os.environ.get('NOTIFY_SOCKET')
            n = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
            if address and address.startswith('@'):
                address = '\\0' + address[1:]
            ready = time.time_ns()
            if address:
                n.sendto(b'READY=1', address)
        else:
            ready = time.time_ns()
            sys.stdout.write('READY\\n')
            sys.stdout.flush()
        with open(out + '.tmp', 'w') as f:
            f.write('%d\\n%d\\n' % (began, ready))
        os.rename(out + '.tmp', out)
        if mode == 'tcp':
            while True:
                c, _ = s.accept()
                c.close()
        while True:
            time.sleep(3600)
        """
    try script.write(toFile: service, atomically: true, encoding: .utf8)
    let source = """
        #include <stdio.h>
        #include <time.h>
        #include <unistd.h>
        int main(int argc, char **argv) {
            struct timespec t;
            clock_gettime(CLOCK_REALTIME, &t);
            char tmp[4096];
            snprintf(tmp, sizeof tmp, "%s.tmp", argv[1]);
            FILE *f = fopen(tmp, "w");
            fprintf(f, "%lld\\n", (long long)t.tv_sec * 1000000000LL + t.tv_nsec);
            fclose(f);
            rename(tmp, argv[1]);
            for (;;) pause();
        }
        """
    try source.write(toFile: scratch + "/stamp.c", atomically: true, encoding: .utf8)
    let pid = try spawnProcess(["/usr/bin/cc", "-O2", "-o", stamp, scratch + "/stamp.c"], output: scratch + "/cc.out")
    guard reap(pid) == 0 else { throw BenchError("readiness: cannot compile the stamp program (cc)") }
    return (service, stamp)
}
