import Foundation

/// 1,000 programs with an HTTP health check every second (issue 16): `healthPrograms` tiny `sleep` processes, each
/// with `health_check = http://127.0.0.1:PORT/health`, `health_interval = 1`, all against one shared local
/// HTTP/1.1 keep-alive server (a Python asyncio process started by this harness; its CPU is not the daemon's). The
/// daemon's CPU (utime + stime from /proc/PID/stat) over `healthSeconds`, as % of one core, and its RSS when the
/// checks have started and at the end (`--duration 600` for the ten minutes), sampled every minute.
///
/// Python Supervisor has no health checks: it runs the same config (it ignores the keys), which gives the cost of
/// the same 1,000 programs without checks.
func runHealth(_ kind: Kind, _ binaries: Binaries, _ settings: Settings, _ results: Results, scratch: String) throws {
    let count = settings.healthPrograms
    let port = freePort()
    let countsFile = scratch + "/health-server-\(kind.rawValue).counts"
    let script = """
        import asyncio, os
        requests = 0
        connections = 0
        class P(asyncio.Protocol):
            def connection_made(self, t):
                global connections
                connections += 1
                self.t = t
                self.buf = b''
            def data_received(self, d):
                global requests
                self.buf += d
                while b'\\r\\n\\r\\n' in self.buf:
                    head, self.buf = self.buf.split(b'\\r\\n\\r\\n', 1)
                    requests += 1
                    if b'Connection: close' in head:
                        self.t.write(b'HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n')
                        self.t.close()
                        return
                    self.t.write(b'HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\n\\r\\nok\\n')
        async def report():
            while True:
                await asyncio.sleep(1)
                with open('\(countsFile).tmp', 'w') as f:
                    f.write('%d %d\\n' % (requests, connections))
                os.rename('\(countsFile).tmp', '\(countsFile)')
        async def main():
            s = await asyncio.get_running_loop().create_server(P, '127.0.0.1', \(port), backlog=1024)
            asyncio.get_running_loop().create_task(report())
            await s.serve_forever()
        asyncio.run(main())
        """
    let server = try spawnProcess(["/usr/bin/python3", "-c", script], output: scratch + "/health-server.out")
    defer {
        kill(server, SIGKILL)
        reap(server)
    }
    func serverCounts() -> (requests: Double, connections: Double)? {
        guard let text = try? String(contentsOfFile: countsFile, encoding: .utf8) else { return nil }
        let parts = text.split(whereSeparator: { $0 == " " || $0 == "\n" }).compactMap { Double($0) }
        return parts.count == 2 ? (parts[0], parts[1]) : nil
    }
    let d = Daemon(kind: kind)
    d.writeConfig(programs: """
        [program:p]
        command=/bin/sleep 100000
        process_name=%(process_num)04d
        numprocs=\(count)
        startsecs=0
        stdout_logfile=NONE
        stderr_logfile=NONE
        health_check=http://127.0.0.1:\(port)/health
        health_interval=1
        """)
    try d.start(binaries)
    try d.waitForLog("success: ", count: count, timeout: 300)
    // Every check has run at least once (ours: `healthy` in every description), then a few seconds to settle.
    let connection = try d.connect()
    if kind == .ours {
        try waitUntil("\(count) healthy processes", timeout: 60, interval: 0.5) {
            occurrences(of: "healthy<", in: try connection.callText("supervisor.getAllProcessInfo")) >= count
        }
    }
    usleep(3_000_000)
    guard let requests0 = serverCounts() else { throw BenchError("health: the HTTP server reports nothing") }
    let cpu0 = Proc.cpuSeconds(d.pid) ?? 0
    let rss0 = Double(Proc.rss(d.pid) ?? 0) / 1_048_576
    let t0 = Proc.now()
    var rssSamples = [rss0]
    while Proc.now() - t0 < settings.healthSeconds {
        usleep(UInt32(min(60, max(0.1, settings.healthSeconds - (Proc.now() - t0))) * 1_000_000))
        try d.checkAlive()
        rssSamples.append(Double(Proc.rss(d.pid) ?? 0) / 1_048_576)
    }
    let elapsed = Proc.now() - t0
    let cpu = (Proc.cpuSeconds(d.pid) ?? 0) - cpu0
    let rss1 = rssSamples.last!
    guard let requests1 = serverCounts() else { throw BenchError("health: the HTTP server reports nothing") }
    let rate = (requests1.requests - requests0.requests) / elapsed
    if kind == .ours {
        // The counts file is written once a second: allow for that and for the load of a shared machine.
        guard rate >= Double(count) * 0.8 else {
            throw BenchError("health: \(Int(rate)) checks/s answered, expected about \(count)")
        }
        if !settings.smoke && settings.healthSeconds >= 600 {
            FileHandle.standardError.write(Data("  RSS samples (MiB, one a minute): \(rssSamples.map { format($0) })\n".utf8))
        }
    }
    let label = "\(count) http checks/s"
    results.add("health", "\(label): daemon CPU", "% of a core", kind: kind,
                cpu / elapsed * 100)
    results.add("health", "\(label): checks answered", "per s", kind: kind, rate)
    results.add("health", "\(label): new connections", "", kind: kind,
                requests1.connections - requests0.connections)
    results.add("health", "\(label): RSS at start", "MiB", kind: kind, rss0)
    results.add("health", "\(label): RSS at end", "MiB", kind: kind, rss1)
    results.add("health", "\(label): RSS growth", "MiB", kind: kind, rss1 - rss0)
    d.stop()
}
