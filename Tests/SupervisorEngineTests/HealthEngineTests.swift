import SupervisorConfig
@testable import SupervisorEngine
import Testing

/// Health checks through the engine: counted failures, the action, recovery, and the description.
@Suite struct HealthEngineTests {
    let clock = ManualClock()
    let runtime = FakeProcessRuntime()
    let events = RecordingEventSink()
    let logger = RecordingLogger()
    let probes = FakeProbeRunner()

    func engine(action: HealthAction, retries: Int = 3) -> Engine {
        let health = HealthOptions(
            check: .tcp(host: "127.0.0.1", port: 8000), interval: 10, timeout: 5,
            startPeriod: 0, retries: retries, action: action)
        return Engine(configuration: SupervisorConfiguration(
            configFile: "/etc/s.conf", here: "/etc", supervisord: SupervisordOptions(), httpServers: [],
            groups: [checkedProgram("web", health: health)], rpcInterfaces: [], includedFiles: [], messages: []),
            runtime: runtime, clock: clock, logger: logger, events: events, probes: probes)
    }

    func info(_ e: Engine) async throws -> ProcessSnapshot { try await e.processInfo("web") }

    /// One health interval later: a pass that launches a try, and its result back.
    func nextTry(_ e: Engine, expecting tries: Int) async throws {
        clock.advance(10)
        await e.tick()
        let probes = probes
        try await pollUntil { probes.tries("web") == tries }
        try await settled(e)
    }

    /// Waits until the try in flight has come back to the engine.
    func settled(_ e: Engine) async throws {
        let key = ProcessKey(group: "web", name: "web")
        try await pollUntil { await e.processes[key]?.checks?.healthProbe.inFlight == false }
    }

    func running(_ e: Engine) async throws {
        await e.tick()
        clock.advance(0.1)
        await e.tick()
        #expect(try await info(e).state == .running)
    }

    @Test func restartAfterExactlyRetriesFailures() async throws {
        let e = engine(action: .restart)
        probes.answer("web", .passed)
        try await running(e)
        let probes = probes
        try await pollUntil { probes.tries("web") == 1 }
        try await settled(e)
        try await pollUntil { try await info(e).note == "healthy" }
        probes.answer("web", .failed("HTTP 503"))
        try await nextTry(e, expecting: 2)
        try await pollUntil { try await info(e).note == "healthy (last check failed: HTTP 503, 1 of 3)" }
        try await nextTry(e, expecting: 3)
        try await pollUntil { try await info(e).note?.contains("2 of 3") == true }
        #expect(runtime.signals.isEmpty)
        try await nextTry(e, expecting: 4)
        try await pollUntil { runtime.signals.count == 1 }
        #expect(runtime.signals.first?.signal == 15)
        #expect(logger.all.contains(
            "WARN unhealthy: web failed its health check (tcp://127.0.0.1:8000) 3 times in a row, last: HTTP 503; restarting it"))
        await e.childExited(pid: runtime.lastPid, status: .signaled(signal: 15, coreDumped: false))
        await e.tick()
        #expect(runtime.spawnCount == 2)
        // A second failure restart in a row waits a second.
        try await running(e)
        for n in 5...7 { try await nextTry(e, expecting: n) }
        try await pollUntil { runtime.signals.count == 2 }
        await e.childExited(pid: runtime.lastPid, status: .signaled(signal: 15, coreDumped: false))
        await e.tick()
        #expect(runtime.spawnCount == 2)
        #expect(try await info(e).note?.hasPrefix("restarting in 1 s (unhealthy: HTTP 503)") == true)
        clock.advance(1)
        await e.tick()
        #expect(runtime.spawnCount == 3)
    }

    @Test func actionNoneOnlyReportsAndOneSuccessMakesItHealthyAgain() async throws {
        let e = engine(action: .none, retries: 2)
        probes.answer("web", .failed("connection refused"))
        try await running(e)
        let probes = probes
        try await pollUntil { probes.tries("web") == 1 }
        try await settled(e)
        try await nextTry(e, expecting: 2)
        try await pollUntil { try await info(e).note == "unhealthy: connection refused (2 of 2)" }
        try await nextTry(e, expecting: 3)
        try await pollUntil { try await info(e).note == "unhealthy: connection refused (3 in a row)" }
        #expect(runtime.signals.isEmpty)
        probes.answer("web", .passed)
        try await nextTry(e, expecting: 4)
        try await pollUntil { try await info(e).note == "healthy" }
        #expect(logger.all.contains("INFO healthy again: web passed its health check (tcp://127.0.0.1:8000)"))
        #expect(logger.all.filter { $0.hasPrefix("WARN unhealthy") }.count == 1)
    }

    @Test func actionShutdownStopsEverythingWithExitStatusOne() async throws {
        let e = engine(action: .shutdown, retries: 1)
        probes.answer("web", .failed("HTTP 500"))
        try await running(e)
        try await pollUntil { await e.state == .shutdown }
        #expect(await e.requestedExitStatus == 1)
        await e.tick()
        #expect(runtime.signals.count == 1)
    }

    @Test func actionStopLeavesItStopped() async throws {
        let e = engine(action: .stop, retries: 1)
        probes.answer("web", .failed("HTTP 500"))
        try await running(e)
        try await pollUntil { runtime.signals.count == 1 }
        await e.childExited(pid: runtime.lastPid, status: .signaled(signal: 15, coreDumped: false))
        clock.advance(30)
        await e.tick()
        #expect(runtime.spawnCount == 1)
        #expect(try await info(e).state == .stopped)
    }
}
