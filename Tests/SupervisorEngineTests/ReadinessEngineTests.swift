import SupervisorConfig
@testable import SupervisorEngine
import Testing

/// Readiness checks through the engine: polled probes, sd_notify and log lines, with a fake runtime, fake
/// probes and a manual clock.
@Suite struct ReadinessEngineTests {
    let clock = ManualClock()
    let runtime = FakeProcessRuntime()
    let events = RecordingEventSink()
    let logger = RecordingLogger()
    let probes = FakeProbeRunner()

    func engine(_ groups: ProcessGroupConfig...) -> Engine {
        Engine(configuration: configuration(groups), runtime: runtime, clock: clock, logger: logger, events: events,
               probes: probes)
    }

    func configuration(_ groups: [ProcessGroupConfig]) -> SupervisorConfiguration {
        SupervisorConfiguration(configFile: "/etc/s.conf", here: "/etc", supervisord: SupervisordOptions(),
                                httpServers: [], groups: groups, rpcInterfaces: [], includedFiles: [], messages: [])
    }

    func info(_ e: Engine, _ name: String) async throws -> ProcessSnapshot { try await e.processInfo(name) }

    @Test func aPolledCheckIsTriedEveryIntervalUntilItPasses() async throws {
        let e = engine(checkedProgram("web", readiness: ReadinessOptions(
            check: .probe(.tcp(host: "127.0.0.1", port: 8000)), timeout: 10, interval: 0.5)))
        let probes = probes
        await e.tick()
        try await pollUntil { probes.tries("web") == 1 }
        try await pollUntil { try await info(e, "web").note == "not ready: connection refused" }
        // The try was bounded by the time left until ready_timeout.
        #expect(probes.timeouts("web") == [10])
        await e.tick()
        #expect(probes.tries("web") == 1)
        clock.advance(0.5)
        await e.tick()
        try await pollUntil { probes.tries("web") == 2 }
        #expect(probes.timeouts("web").last == 9.5)
        probes.answer("web", .passed)
        clock.advance(0.5)
        await e.tick()
        try await pollUntil { try await info(e, "web").state == .running }
        #expect(logger.all.contains("INFO success: web entered RUNNING state, process is ready (tcp://127.0.0.1:8000)"))
        // No more readiness tries once RUNNING.
        clock.advance(5)
        await e.tick()
        #expect(probes.tries("web") == 3)
    }

    @Test func notifyReadyMakesItRunningAndStatusShowsInTheDescription() async throws {
        let e = engine(checkedProgram("db", readiness: ReadinessOptions(check: .notify)))
        await e.tick()
        let pid = runtime.lastPid
        #expect(try await info(e, "db").note == "waiting for READY=1")
        await e.childOutput(.notify(pid: pid, message: NotifyMessage(status: "Loading")))
        #expect(try await info(e, "db").note == "waiting for READY=1: Loading")
        await e.childOutput(.notify(pid: pid, message: NotifyMessage(ready: true, status: "Ready to accept connections")))
        let snapshot = try await info(e, "db")
        #expect(snapshot.state == .running)
        #expect(snapshot.note == "Ready to accept connections")
    }

    @Test func aNotifyFromAnotherPidIsIgnored() async throws {
        let e = engine(checkedProgram("db", readiness: ReadinessOptions(check: .notify)))
        await e.tick()
        await e.childOutput(.notify(pid: 4242, message: NotifyMessage(ready: true)))
        #expect(try await info(e, "db").state == .starting)
    }

    @Test func aMatchingLogLineMakesItReady() async throws {
        let e = engine(checkedProgram("app", readiness: ReadinessOptions(check: .log(pattern: "listening on"))))
        await e.tick()
        #expect(try await info(e, "app").note == "waiting for a log line matching listening on")
        await e.childOutput(.readyLine(pid: runtime.lastPid))
        #expect(try await info(e, "app").state == .running)
    }

    @Test func notReadyInTimeIsRetriedThenFatal() async throws {
        let e = engine(checkedProgram("web", startRetries: 1, readiness: ReadinessOptions(
            check: .probe(.http(HTTPCheck(secure: false, host: "127.0.0.1", port: 80, path: "/", url: "http://127.0.0.1/"))),
            timeout: 2, interval: 1)))
        let probes = probes
        await e.tick()
        try await pollUntil { probes.tries("web") == 1 }
        clock.advance(2)
        await e.tick()
        #expect(runtime.signals.last?.signal == 15)
        await e.childExited(pid: runtime.lastPid, status: .signaled(signal: 15, coreDumped: false))
        let backoff = try await info(e, "web")
        #expect(backoff.state == .backoff)
        #expect(backoff.spawnError == "not ready after 2 seconds: connection refused")
        clock.advance(1.5)
        await e.tick()
        #expect(runtime.spawnCount == 2)
        clock.advance(2)
        await e.tick()
        await e.childExited(pid: runtime.lastPid, status: .signaled(signal: 15, coreDumped: false))
        clock.advance(3)
        await e.tick()
        #expect(try await info(e, "web").state == .fatal)
    }

    @Test func startWithWaitReturnsOnceReady() async throws {
        let e = engine(checkedProgram("db", autostart: false, readiness: ReadinessOptions(check: .notify)))
        let runtime = runtime
        async let started: Void = e.startProcess(ProcessKey(group: "db", name: "db"), wait: true)
        try await pollUntil { runtime.spawnCount == 1 }
        await e.childOutput(.notify(pid: runtime.lastPid, message: NotifyMessage(ready: true)))
        try await started
        #expect(try await info(e, "db").state == .running)
    }

    @Test func watchdogSilenceRestartsTheProcess() async throws {
        let e = engine(checkedProgram("db", readiness: ReadinessOptions(check: .notify, watchdogSeconds: 5)))
        await e.tick()
        let first = runtime.lastPid
        await e.childOutput(.notify(pid: first, message: NotifyMessage(ready: true)))
        await e.tick()
        clock.advance(4)
        await e.childOutput(.notify(pid: first, message: NotifyMessage(watchdog: true)))
        await e.tick()
        clock.advance(4)
        await e.tick()
        #expect(runtime.signals.isEmpty)
        clock.advance(2)
        await e.tick()
        #expect(runtime.signals.map(\.signal) == [15])
        #expect(logger.all.contains("WARN watchdog: db sent no WATCHDOG=1 for 5 seconds; restarting it"))
        await e.childExited(pid: first, status: .signaled(signal: 15, coreDumped: false))
        await e.tick()
        // The first failure restart starts again at once.
        #expect(runtime.spawnCount == 2)
    }

    @Test func processesWithoutChecksHaveNoNote() async throws {
        let e = engine(program("plain"))
        await e.tick()
        #expect(try await info(e, "plain").note == nil)
        #expect(await e.usesChecks == false)
    }
}
