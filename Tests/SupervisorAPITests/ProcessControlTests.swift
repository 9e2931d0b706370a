import SupervisorAPI
import SupervisorEngine
import Testing
import XMLRPC

/// start/stop/signal/stdin with their faults and the group result lists (spec rpc.md §6, §8).
@Suite struct ProcessControlTests {
    @Test func startWaitsUntilRunningWithoutPolling() async throws {
        let f = Fixture(program("p", autostart: false))
        async let started = f.call("supervisor.startProcess", "p")
        try await pollUntil { try await f.state("p") == .starting }
        f.clock.advance(1.5)
        await f.engine.tick()
        #expect(try await started == true)
        #expect(try await f.state("p") == .running)
    }

    @Test func startWithoutWaitReturnsAtOnce() async throws {
        let f = Fixture(program("p", autostart: false))
        #expect(try await f.call("supervisor.startProcess", "p", false) == true)
        #expect(try await f.state("p") == .starting)
    }

    @Test func startFaults() async throws {
        let f = Fixture(program("p", autostart: false), program("q", autostart: false))
        #expect(await f.fault("supervisor.startProcess", "nope") == "10 BAD_NAME: nope")
        f.runtime.state.withLock { $0.commandProblem = SpawnFailure(.notFound, "can't find command '/bin/p'") }
        #expect(await f.fault("supervisor.startProcess", "p") == "20 NO_FILE: can't find command '/bin/p'")
        f.runtime.state.withLock { $0.commandProblem = SpawnFailure(.notExecutable, "command at '/bin/p' is not executable") }
        #expect(await f.fault("supervisor.startProcess", "p") == "21 NOT_EXECUTABLE: command at '/bin/p' is not executable")
        f.runtime.state.withLock {
            $0.commandProblem = nil
            $0.failSpawnsWith = SpawnFailure(.other, "Too many processes in process table to spawn 'p'")
        }
        #expect(await f.fault("supervisor.startProcess", "p:p") == "50 SPAWN_ERROR: p:p")
        f.runtime.state.withLock { $0.failSpawnsWith = nil }
        #expect(await f.fault("supervisor.startProcess", "q", false) == "ok")
        #expect(await f.fault("supervisor.startProcess", "q") == "60 ALREADY_STARTED: q")
    }

    @Test func anExitBeforeStartsecsIsASpawnErrorAndAStopIsAbnormal() async throws {
        let f = Fixture(program("p", autostart: false), program("q", autostart: false))
        async let quick = f.fault("supervisor.startProcess", "p")
        try await pollUntil { try await f.state("p") == .starting }
        await f.engine.childExited(pid: f.runtime.pid(of: "p"), status: .exited(code: 1))
        #expect(await quick == "50 SPAWN_ERROR: p")

        async let stopped = f.fault("supervisor.startProcess", "q")
        try await pollUntil { try await f.state("q") == .starting }
        #expect(try await f.call("supervisor.stopProcess", "q", false) == true)
        #expect(await stopped == "40 ABNORMAL_TERMINATION: q")
    }

    @Test func anUnknownProcessCannotBeStarted() async throws {
        let f = Fixture(program("p"))
        await f.startAll()
        f.runtime.state.withLock { $0.signalOutcome = .failed("EPERM") }
        #expect(await f.fault("supervisor.stopProcess", "p").hasPrefix("30 FAILED: unknown problem killing p"))
        #expect(try await f.state("p") == .unknown)
        #expect(await f.fault("supervisor.startProcess", "p") == "30 FAILED: p is in an unknown process state")
    }

    @Test func stopWaitsForTheExit() async throws {
        let f = Fixture(program("p"))
        await f.startAll()
        let pid = f.runtime.pid(of: "p")
        async let stopped = f.call("supervisor.stopProcess", "p")
        try await pollUntil { try await f.state("p") == .stopping }
        await f.engine.childExited(pid: pid, status: .signaled(signal: 15, coreDumped: false))
        #expect(try await stopped == true)
        #expect(await f.fault("supervisor.stopProcess", "p") == "70 NOT_RUNNING: p")
        #expect(await f.fault("supervisor.stopProcess", "x:y") == "10 BAD_NAME: x:y")
    }

    @Test func groupStartAndStopListEveryProcessInPriorityOrder() async throws {
        let f = Fixture(group("g", process("b", section: "program:g", autostart: false, startSecs: 0),
                              process("a", section: "program:g", priority: 1000, autostart: false, startSecs: 0)))
        let started = try await f.call("supervisor.startProcessGroup", "g", false)
        #expect(started.resultLines == ["g:b 80 OK", "g:a 80 OK"])
        #expect(try await f.call("supervisor.startProcess", "g:*", false).resultLines == [])
        #expect(await f.fault("supervisor.startProcessGroup", "nope") == "10 BAD_NAME: nope")
        let stopped = try await f.call("supervisor.stopProcessGroup", "g", false)
        #expect(stopped.resultLines == ["g:b 80 OK", "g:a 80 OK"])
        #expect(try await f.call("supervisor.stopProcess", "g:", false).resultLines == [])
        #expect(await f.fault("supervisor.stopProcessGroup", "nope") == "10 BAD_NAME: nope")
    }

    @Test func startAllWaitsAndReportsFailuresAsTheyFinish() async throws {
        let f = Fixture(program("ok", priority: 1, autostart: false), program("dies", priority: 2, autostart: false))
        async let all = f.call("supervisor.startAllProcesses")
        try await pollUntil { try await f.state("dies") == .starting }
        await f.engine.childExited(pid: f.runtime.pid(of: "dies"), status: .exited(code: 3))
        f.clock.advance(1.5)
        await f.engine.tick()
        #expect(try await all.resultLines.sorted() == ["dies:dies 50 SPAWN_ERROR: dies", "ok:ok 80 OK"])
        // `dies` is in BACKOFF or retrying: both count as running, so both are stopped, in priority order.
        #expect(try await f.call("supervisor.stopAllProcesses", false).resultLines == ["ok:ok 80 OK", "dies:dies 80 OK"])
    }

    @Test func signalsByNameOrNumber() async throws {
        let f = Fixture(program("p"), program("idle", autostart: false))
        await f.startAll()
        let pid = f.runtime.pid(of: "p")
        #expect(try await f.call("supervisor.signalProcess", "p", "HUP") == true)
        #expect(try await f.call("supervisor.signalProcess", "p", "sigusr1") == true)
        #expect(try await f.call("supervisor.signalProcess", "p", 12) == true)
        #expect(try await f.call("supervisor.signalProcess", "p", "9") == true)
        #expect(f.runtime.signals.map(\.signal) == [1, 10, 12, 9])
        #expect(f.runtime.signals.allSatisfy { $0.pid == pid && !$0.toGroup })
        #expect(await f.fault("supervisor.signalProcess", "p", "BOGUS") == "11 BAD_SIGNAL: BOGUS")
        #expect(await f.fault("supervisor.signalProcess", "p", 99) == "11 BAD_SIGNAL: 99")
        #expect(await f.fault("supervisor.signalProcess", "idle", "HUP") == "70 NOT_RUNNING: idle")
        #expect(await f.fault("supervisor.signalProcess", "nope", "HUP") == "10 BAD_NAME: nope")
        f.runtime.state.withLock { $0.signalOutcome = .failed("EPERM") }
        #expect(await f.fault("supervisor.signalProcess", "p", "HUP") == "30 FAILED: EPERM")
    }

    @Test func groupSignalsGoToSignallableProcessesOnly() async throws {
        let f = Fixture(group("g", process("a", section: "program:g"), process("b", section: "program:g", autostart: false)))
        await f.startAll()
        #expect(try await f.call("supervisor.signalProcessGroup", "g", "USR1").resultLines == ["g:a 80 OK"])
        #expect(try await f.call("supervisor.signalProcess", "g:*", "USR1").resultLines == ["g:a 80 OK"])
        #expect(try await f.call("supervisor.signalProcessGroup", "g", "NOPE").resultLines == ["g:a 11 BAD_SIGNAL: NOPE"])
        #expect(try await f.call("supervisor.signalAllProcesses", "HUP").resultLines == ["g:a 80 OK"])
        #expect(await f.fault("supervisor.signalProcessGroup", "x", "HUP") == "10 BAD_NAME: x")
    }

    @Test func stdinGoesToTheRunningChild() async throws {
        let f = Fixture(program("p"), program("idle", autostart: false))
        await f.startAll()
        #expect(try await f.call("supervisor.sendProcessStdin", "p", "héllo\n") == true)
        let pid = f.runtime.pid(of: "p")
        #expect(f.runtime.state.withLock { $0.stdin[pid] } == Array("héllo\n".utf8))
        #expect(await f.fault("supervisor.sendProcessStdin", "p", 5) == "2 INCORRECT_PARAMETERS: 5")
        #expect(await f.fault("supervisor.sendProcessStdin", "nope", "x") == "10 BAD_NAME: nope")
        #expect(await f.fault("supervisor.sendProcessStdin", "idle", "x") == "70 NOT_RUNNING: idle")
        f.runtime.state.withLock { $0.stdinClosed = true }
        #expect(await f.fault("supervisor.sendProcessStdin", "p", "x") == "20 NO_FILE: p")
    }

    @Test func remoteCommunicationEventsAreEmitted() async throws {
        let f = Fixture()
        #expect(try await f.call("supervisor.sendRemoteCommEvent", "type", "data") == true)
        #expect(f.events.all.last == .remoteCommunication(type: "type", data: "data"))
    }
}
