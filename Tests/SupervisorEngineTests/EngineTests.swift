import SupervisorConfig
@testable import SupervisorEngine
import Testing

/// The engine with a fake runtime and a manual clock.
@Suite struct EngineTests {
    let clock = ManualClock()
    let runtime = FakeProcessRuntime()
    let events = RecordingEventSink()
    let logger = RecordingLogger()

    func engine(_ groups: ProcessGroupConfig...) -> Engine {
        Engine(configuration: SupervisorConfiguration(
            configFile: "/etc/s.conf", here: "/etc", supervisord: SupervisordOptions(), httpServers: [],
            groups: groups, rpcInterfaces: [], includedFiles: [], messages: []),
            runtime: runtime, clock: clock, logger: logger, events: events)
    }

    func state(_ e: Engine, _ name: String) async throws -> ProcessState {
        try await e.processInfo(name).state
    }

    @Test func groupsAreAddedThenTheSupervisorRuns() async {
        _ = engine(program("b"), program("a", priority: 5))
        #expect(events.all == [.processGroupAdded("b"), .processGroupAdded("a"), .supervisorRunning])
    }

    @Test func autostartSpawnsEveryProcessInOnePassByPriority() async throws {
        let e = engine(program("late", priority: 10), program("early", priority: 1), program("manual", autostart: false))
        await e.tick()
        #expect(runtime.state.withLock { $0.spawned.map(\.name) } == ["early", "late"])
        #expect(try await state(e, "manual") == .stopped)
        clock.advance(1.5)
        await e.tick()
        #expect(try await state(e, "early") == .running)
        #expect(events.transitions.filter { $0.hasPrefix("early") } == ["early:STOPPED->STARTING", "early:STARTING->RUNNING"])
    }

    @Test func exitIsReportedByPidAndUnknownPidsAreLogged() async throws {
        let e = engine(program("p", autorestart: .never))
        await e.tick()
        clock.advance(2)
        await e.tick()
        await e.childExited(pid: runtime.lastPid, status: .exited(code: 0))
        #expect(try await state(e, "p") == .exited)
        await e.childExited(pid: 4242, status: .exited(code: 1))
        #expect(logger.all.contains("INFO reaped unknown pid 4242 (exit status 1)"))
    }

    @Test func startProcessWithWaitReturnsOnceRunning() async throws {
        let e = engine(program("p", autostart: false, startSecs: 1))
        let key = ProcessKey(group: "p", name: "p")
        let clock = clock
        async let started: Void = e.startProcess(key, wait: true)
        try await pollUntil { try await state(e, "p") == .starting }
        clock.advance(1.5)
        await e.tick()
        try await started
        #expect(try await state(e, "p") == .running)
    }

    @Test func startProcessWithWaitFailsWithSpawnErrorWhenItDiesEarly() async throws {
        let e = engine(program("p", autostart: false, startSecs: 5))
        let runtime = runtime
        let started = Task { () async -> EngineError? in
            do throws(EngineError) {
                try await e.startProcess(ProcessKey(group: "p", name: "p"), wait: true)
                return nil
            } catch {
                return error
            }
        }
        try await pollUntil { try await state(e, "p") == .starting }
        await e.childExited(pid: runtime.lastPid, status: .exited(code: 1))
        #expect(await started.value == .spawnError("p"))
    }

    @Test func startProcessChecksTheCommandFirstAndChangesNothing() async throws {
        let e = engine(program("p", autostart: false))
        runtime.state.withLock { $0.commandProblem = SpawnFailure(.notFound, "can't find command '/bin/p'") }
        await #expect(throws: EngineError.noFile("can't find command '/bin/p'")) {
            try await e.startProcess(ProcessKey(group: "p", name: "p"), wait: false)
        }
        #expect(try await state(e, "p") == .stopped)
        #expect(runtime.spawnCount == 0)
    }

    @Test func startOfARunningProcessIsAlreadyStarted() async throws {
        let e = engine(program("p"))
        await e.tick()
        await #expect(throws: EngineError.alreadyStarted("p")) {
            try await e.startProcess(ProcessKey(group: "p", name: "p"), wait: false)
        }
    }

    @Test func stopProcessWithWaitReturnsWhenStopped() async throws {
        let e = engine(program("p"))
        await e.tick()
        let pid = runtime.lastPid
        async let stopped: Void = e.stopProcess(ProcessKey(group: "p", name: "p"), wait: true)
        try await pollUntil { try await state(e, "p") == .stopping }
        #expect(runtime.signals.last?.signal == 15)
        await e.childExited(pid: pid, status: .signaled(signal: 15, coreDumped: false))
        try await stopped
        #expect(try await state(e, "p") == .stopped)
        await #expect(throws: EngineError.notRunning("p")) {
            try await e.stopProcess(ProcessKey(group: "p", name: "p"), wait: false)
        }
    }

    @Test func aWaitedStopLogsWaitingEveryTwoSecondsUntilStopped() async throws {
        let multi = ProcessGroupConfig(name: "g", priority: 1, kind: .program, processes: [
            ProcessConfig(section: "program:g", name: "g_0", command: "x", startSecs: 0, stopWaitSecs: 60),
        ])
        let e = engine(multi)
        await e.tick()
        let pid = runtime.lastPid
        let waiting = { logger.all.filter { $0 == "INFO waiting for g_0 to stop" }.count }
        async let stopped: Void = e.stopProcess(ProcessKey(group: "g", name: "g_0"), wait: true)
        try await pollUntil { waiting() == 1 }
        for (seconds, expected) in [(1.0, 1), (1.5, 2), (1.0, 2), (1.5, 3)] {
            clock.advance(seconds)
            await e.tick()
            #expect(waiting() == expected)
        }
        await e.childExited(pid: pid, status: .signaled(signal: 15, coreDumped: false))
        try await stopped
        clock.advance(5)
        await e.tick()
        #expect(waiting() == 3)
        // Without waiting, and for group stops, Supervisor logs nothing of the kind.
        try await e.startProcess(ProcessKey(group: "g", name: "g_0"), wait: false)
        try await e.stopProcess(ProcessKey(group: "g", name: "g_0"), wait: false)
        clock.advance(5)
        await e.tick()
        #expect(waiting() == 3)
    }

    @Test func namespecsResolveLikeSupervisor() async throws {
        let multi = ProcessGroupConfig(name: "g", priority: 1, kind: .program, processes: [
            ProcessConfig(section: "program:g", name: "g_0", command: "x"),
            ProcessConfig(section: "program:g", name: "g_1", command: "x"),
        ])
        let e = engine(multi, program("solo"))
        #expect(try await e.resolve("g:g_1") == ("g", "g_1"))
        #expect(try await e.resolve("g:*") == ("g", nil))
        #expect(try await e.resolve("solo") == ("solo", "solo"))
        await #expect(throws: EngineError.badName("g")) { try await e.resolve("g") }
        await #expect(throws: EngineError.badName("nope:x")) { try await e.resolve("nope:x") }
        #expect(try await e.processInfo("g:g_0").namespec == "g:g_0")
    }

    @Test func shutdownStopsGroupsOneAtATimeHighestPriorityFirstThenFinishes() async throws {
        let e = engine(program("db", priority: 1), program("web", priority: 100), program("worker", priority: 50))
        await e.tick()
        clock.advance(2)
        await e.tick()
        let pids = runtime.state.withLock { Dictionary(uniqueKeysWithValues: $0.spawned.map { ($0.name, $0.pid) }) }
        await e.requestShutdown()
        await e.tick()
        #expect(events.all.contains(.supervisorStopping))
        #expect(runtime.signals.map(\.pid) == [pids["web"]!])
        await e.tick()
        #expect(runtime.signals.count == 1, "the next group waits until web has stopped")
        await e.childExited(pid: pids["web"]!, status: .signaled(signal: 15, coreDumped: false))
        await e.tick()
        await e.tick()
        #expect(runtime.signals.map(\.pid) == [pids["web"]!, pids["worker"]!])
        await e.childExited(pid: pids["worker"]!, status: .exited(code: 0))
        await e.tick()
        await e.tick()
        await e.childExited(pid: pids["db"]!, status: .exited(code: 0))
        await e.tick()
        #expect(runtime.signals.map(\.pid) == [pids["web"]!, pids["worker"]!, pids["db"]!])
        #expect(await e.isFinished)
        #expect(runtime.spawnCount == 3, "nothing restarts during shutdown")
    }

    @Test func shutdownTurnsBackoffIntoFatal() async throws {
        let e = engine(program("p", startSecs: 5))
        await e.tick()
        await e.childExited(pid: runtime.lastPid, status: .exited(code: 1))
        #expect(try await state(e, "p") == .backoff)
        await e.requestShutdown()
        await e.tick()
        #expect(try await state(e, "p") == .fatal)
        #expect(await e.isFinished)
    }

    @Test func restartIsIgnoredDuringShutdown() async {
        let e = engine(program("p"))
        await e.requestShutdown()
        #expect(await e.requestRestart() == false)
        #expect(await e.state == .shutdown)
    }

    @Test func requestsAreRefusedWhileShuttingDown() async {
        let e = engine(program("p", autostart: false))
        await e.requestShutdown()
        await #expect(throws: EngineError.shutdownState) {
            try await e.startProcess(ProcessKey(group: "p", name: "p"), wait: false)
        }
    }

    @Test func nextDeadlineIsTheSoonestProcessDeadline() async {
        let e = engine(program("p", startSecs: 3))
        await e.tick()
        let deadline = await e.nextDeadline()
        #expect(deadline <= clock.now().monotonic + 1)
    }

    @Test func removeGroupRefusesRunningProcessesAndEmitsRemoved() async throws {
        let e = engine(program("p"))
        await e.tick()
        await #expect(throws: EngineError.stillRunning("p")) { try await e.removeGroup("p") }
        await e.childExited(pid: runtime.lastPid, status: .exited(code: 0))
        await e.requestShutdown()
        let stopped = engine(program("q", autostart: false))
        try await stopped.removeGroup("q")
        #expect(events.all.last == .processGroupRemoved("q"))
    }
}

/// Polls `condition` until it holds, failing after `timeout` seconds.
func pollUntil(timeout: Double = 60, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(timeout)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(2))
    }
    Issue.record("condition not met within \(timeout) s")
}
