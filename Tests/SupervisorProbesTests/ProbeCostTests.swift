import Glibc
import SupervisorConfig
import SupervisorEngine
import SupervisorTestSupport
import Testing

@testable import SupervisorProbes

/// The budget: 1,000 programs with an HTTP health check every second cost the daemon <= 5 % of one core.
/// Opt-in (`PROBE_COST=1`, run alone so no other test's CPU is counted): 1,000 HTTP probes spread over one second
/// against a Python asyncio server in a child process (its CPU is not ours), this process's CPU time measured with
/// getrusage. Prints `MEASURED:` lines.
@Suite struct ProbeCostTests {
    static let enabled = getenv("PROBE_COST") != nil

    @Test(.enabled(if: enabled)) func aThousandHTTPProbesInOneSecond() async throws {
        let port = Int.random(in: 20000...32000)
        let server = try ChildProcess(["/usr/bin/python3", "-c", """
            import asyncio
            class P(asyncio.Protocol):
                def connection_made(self, t): self.t = t
                def data_received(self, d):
                    if b'\\r\\n\\r\\n' in d:
                        if b'Connection: close' in d:
                            self.t.write(b'HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\nConnection: close\\r\\n\\r\\nok\\n'); self.t.close()
                        else:
                            self.t.write(b'HTTP/1.1 200 OK\\r\\nContent-Length: 3\\r\\n\\r\\nok\\n')
            async def main():
                s = await asyncio.get_running_loop().create_server(P, '127.0.0.1', \(port), backlog=1024)
                await s.serve_forever()
            asyncio.run(main())
            """])
        defer {
            server.signalGroup(SIGKILL)
            _ = server.wait(timeout: .seconds(5))
        }
        let check = HTTPCheck(secure: false, host: "127.0.0.1", port: port, path: "/health",
                              url: "http://127.0.0.1:\(port)/health")
        let probe = HTTPProbe(check)
        let clock = ContinuousClock()
        let ready = clock.now.advanced(by: .seconds(10))
        while await probe.run(timeout: 1) != .passed {
            try #require(clock.now < ready, "server never answered")
            try await Task.sleep(for: .milliseconds(50))
        }
        for round in 1...3 {
            let before = cpuSeconds()
            let systemBefore = cpuSeconds(system: true)
            let started = clock.now
            let passed = await withTaskGroup(of: Bool.self) { group in
                for index in 0..<1000 {
                    group.addTask {
                        try? await Task.sleep(until: started.advanced(by: .microseconds(index * 1000)))
                        return await probe.run(timeout: 5) == .passed
                    }
                }
                return await group.reduce(0) { $0 + ($1 ? 1 : 0) }
            }
            let wall = clock.now - started
            let cpu = cpuSeconds() - before
            let system = cpuSeconds(system: true) - systemBefore
            print("MEASURED: round \(round): 1000 HTTP probes over \(wall), \(passed) passed, CPU \(cpu) s (system \(system) s) "
                + "(\(Int(cpu * 100_000) / 1000) % of one core per second of probing)")
            #expect(passed == 1000)
        }
        try await keepAliveRounds(probe)
    }

    /// 1,000 programs' keep-alive connections (one pool key each), one try every millisecond, launched three
    /// ways: inline in one timing loop (no task per try), as a task per try that reports to an actor (as the
    /// engine's `launch` does), and that task and actor hop alone without a probe; then the timing loop alone,
    /// to subtract.
    func keepAliveRounds(_ probe: HTTPProbe) async throws {
        let pool = HTTPConnectionPool()
        let sink = Sink()
        let clock = ContinuousClock()
        for index in 0..<1000 {
            #expect(await probe.run(timeout: 5, pool: pool, key: "p\(index)") == .passed)
        }
        #expect(pool.count == 1000)
        for round in 1...3 {
            for way in ["inline", "task+actor", "task+actor, no probe", "timing loop alone"] {
                let before = cpuSeconds()
                let systemBefore = cpuSeconds(system: true)
                let started = clock.now
                await sink.reset()
                for index in 0..<1000 {
                    try? await Task.sleep(until: started.advanced(by: .microseconds(index * 1000)))
                    switch way {
                    case "inline":
                        await sink.add(await probe.run(timeout: 5, pool: pool, key: "p\(index)"))
                    case "task+actor":
                        await sink.launch { await probe.run(timeout: 5, pool: pool, key: "p\(index)") }
                    case "task+actor, no probe":
                        await sink.launch { .passed }
                    default:
                        await sink.add(.passed)
                    }
                }
                while await sink.count < 1000 { try await Task.sleep(for: .milliseconds(1)) }
                let wall = clock.now - started
                let cpu = cpuSeconds() - before
                let system = cpuSeconds(system: true) - systemBefore
                let passed = await sink.passed
                print("MEASURED: keep-alive round \(round), \(way): 1000 over \(wall), \(passed) passed, CPU \(cpu) s "
                    + "(system \(system) s) (\(Int(cpu * 100_000) / 1000) % of one core per second of probing)")
                #expect(passed == 1000)
            }
        }
        #expect(pool.count == 1000)
    }
}

/// Collects results like the engine's actor: `launch` starts a task that reports back to it.
private actor Sink {
    var count = 0
    var passed = 0

    func reset() {
        count = 0
        passed = 0
    }

    func add(_ result: ProbeResult) {
        count += 1
        if result == .passed { passed += 1 }
    }

    func launch(_ body: @escaping @Sendable () async -> ProbeResult) {
        Task {
            let result = await body()
            self.add(result)
        }
    }
}

/// User plus system CPU time of this process (or only system time), in seconds.
func cpuSeconds(system: Bool = false) -> Double {
    var usage = rusage()
    getrusage(RUSAGE_SELF.rawValue, &usage)
    if system { return Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6 }
    return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) / 1e6
        + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) / 1e6
}
