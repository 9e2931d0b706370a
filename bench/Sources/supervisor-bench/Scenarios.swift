import Foundation

/// A measured figure for one daemon kind.
struct Figure {
    var name: String
    var unit: String
    var ours: [Double] = []
    var python: [Double] = []

    static func median(_ values: [Double]) -> Double {
        guard !values.isEmpty else { return .nan }
        let s = values.sorted()
        return s.count % 2 == 1 ? s[s.count / 2] : (s[s.count / 2 - 1] + s[s.count / 2]) / 2
    }

    var ratio: Double { Self.median(ours) / Self.median(python) }
}

/// The issue-3 scenarios: startup and idle with N `sleep` programs, and log capture of flooding writers.
enum Scenarios {
    /// Starts N programs `sleep 1000` (startsecs=1) and measures time until all are RUNNING (by the main log's
    /// `success:` lines, which both daemons write), then RSS and CPU over `idleSeconds` of idle.
    static func startupAndIdle(kind: Daemon.Kind, binary: String, count: Int, idleSeconds: Double)
        throws -> (seconds: Double, rss: Double, idleCPU: Double)
    {
        let d = Daemon(kind: kind)
        var programs = ""
        for i in 0..<count {
            programs += "[program:sleeper\(i)]\ncommand=/bin/sleep 1000\nstartsecs=1\nstdout_logfile=NONE\nstderr_logfile=NONE\n"
        }
        d.writeConfig(programs: programs)
        let started = Date()
        try d.start(binary: binary)
        guard d.waitUntil(timeout: 120, { d.logCount("success: ") >= count }) else {
            throw NSError(domain: "startup: not all RUNNING (\(kind))", code: 1)
        }
        let elapsed = Date().timeIntervalSince(started)
        usleep(500_000)
        let cpu0 = Proc.cpuSeconds(d.pid) ?? 0
        usleep(UInt32(idleSeconds * 1_000_000))
        let cpu1 = Proc.cpuSeconds(d.pid) ?? 0
        let rss = Double(Proc.rss(d.pid) ?? 0)
        d.stop()
        return (elapsed, rss, cpu1 - cpu0)
    }

    /// `writers` programs print 100-byte lines as fast as they can for `seconds`; returns bytes captured per
    /// second (the daemon's write(2) bytes) and daemon CPU seconds per GB.
    static func logFlood(kind: Daemon.Kind, binary: String, writers: Int, seconds: Double)
        throws -> (bytesPerSecond: Double, cpuPerGB: Double)
    {
        let e = Daemon(kind: kind)
        let line = String(repeating: "x", count: 99)
        var programs = ""
        for i in 0..<writers {
            programs += """
                [program:flood\(i)]
                command=/usr/bin/yes \(line)
                startsecs=0
                stdout_logfile=\(e.dir)/flood\(i).log
                stdout_logfile_maxbytes=10MB
                stdout_logfile_backups=3

                """
        }
        e.writeConfig(programs: programs)
        try e.start(binary: binary)
        guard e.waitUntil(timeout: 30, { e.logCount("success: flood") >= writers }) else {
            throw NSError(domain: "logflood: writers not RUNNING (\(kind))", code: 1)
        }
        let w0 = Proc.writtenBytes(e.pid) ?? 0
        let c0 = Proc.cpuSeconds(e.pid) ?? 0
        let t0 = Date()
        usleep(UInt32(seconds * 1_000_000))
        let w1 = Proc.writtenBytes(e.pid) ?? 0
        let c1 = Proc.cpuSeconds(e.pid) ?? 0
        let elapsed = Date().timeIntervalSince(t0)
        e.stop()
        let bytes = Double(w1 - w0)
        return (bytes / elapsed, (c1 - c0) / max(bytes / 1e9, 1e-9))
    }
}
