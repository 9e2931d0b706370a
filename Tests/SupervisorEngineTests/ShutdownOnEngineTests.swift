import SupervisorConfig
@testable import SupervisorEngine
import Testing

/// `shutdown_on`: which end of a program ends the daemon, and with which exit status.
@Suite struct ShutdownOnEngineTests {
    let clock = ManualClock()
    let runtime = FakeProcessRuntime()
    let logger = RecordingLogger()

    func engine(_ trigger: ShutdownTrigger, startRetries: Int = 3) -> Engine {
        var main = program("main", startRetries: startRetries)
        main.processes[0].shutdownOn = trigger
        return Engine(configuration: configuration(main, program("sidecar")), runtime: runtime, clock: clock,
                      logger: logger, events: RecordingEventSink())
    }

    func pid(_ name: String) -> Int32 { runtime.state.withLock { $0.spawned.last { $0.name == name }?.pid ?? 0 } }

    func running(_ e: Engine) async {
        await e.tick()
        clock.advance(1.5)
        await e.tick()
    }

    @Test func unexpectedExitEndsTheDaemonWithItsStatus() async throws {
        let e = engine(.unexpected)
        await running(e)
        await e.childExited(pid: pid("main"), status: .exited(code: 3))
        #expect(await e.state == .shutdown)
        #expect(await e.requestedExitStatus == 3)
        #expect(logger.all.contains(
            "WARN shutting down: main exited unexpectedly (exit status 3) and has shutdown_on = unexpected; supervisord will exit with status 3"))
        await e.tick()
        // The sidecar is stopped; main is not restarted.
        #expect(runtime.signals.map(\.pid) == [pid("sidecar")])
        #expect(runtime.spawnCount == 2)
    }

    @Test func anExpectedExitDoesNotTriggerUnexpected() async throws {
        let e = engine(.unexpected)
        await running(e)
        await e.childExited(pid: pid("main"), status: .exited(code: 0))
        #expect(await e.state == .running)
    }

    @Test func exitTriggersOnAnyExitAndASignalGives128Plus() async throws {
        let e = engine(.exit)
        await running(e)
        await e.childExited(pid: pid("main"), status: .signaled(signal: 9, coreDumped: false))
        #expect(await e.requestedExitStatus == 137)
    }

    @Test func aStopThatWasAskedForDoesNotTrigger() async throws {
        let e = engine(.exit)
        await running(e)
        try await e.stopProcess(ProcessKey(group: "main", name: "main"), wait: false)
        await e.childExited(pid: pid("main"), status: .signaled(signal: 15, coreDumped: false))
        #expect(await e.state == .running)
    }

    @Test func fatalTriggersOnceStartRetriesAreSpent() async throws {
        let e = engine(.fatal, startRetries: 0)
        await e.tick()
        await e.childExited(pid: pid("main"), status: .exited(code: 2))
        clock.advance(1)
        await e.tick()
        #expect(await e.state == .shutdown)
        #expect(await e.requestedExitStatus == 2)
    }
}
