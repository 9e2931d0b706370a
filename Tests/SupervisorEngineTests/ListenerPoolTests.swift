import SupervisorConfig
@testable import SupervisorEngine
import SupervisorLogs
import Testing

/// Listener pools in the engine with the fake runtime and the manual clock: the protocol edge cases of Supervisor's
/// `PEventListenerDispatcher` and the buffering of its `EventListenerPool`.
@Suite struct ListenerPoolTests {
    let clock = ManualClock()
    let runtime = FakeProcessRuntime()
    let events = RecordingEventSink()
    let logger = RecordingLogger()

    func pool(
        _ name: String, members: [String]? = nil, events: [EventTypeName] = [.event], bufferSize: Int = 10,
        startSecs: Int = 1, priority: Int = -1
    ) -> ProcessGroupConfig {
        ProcessGroupConfig(
            name: name, priority: priority,
            kind: .eventListenerPool(EventListenerPoolOptions(
                bufferSize: bufferSize, events: events, resultHandler: "supervisor.dispatchers:default_handler")),
            processes: (members ?? [name]).map {
                ProcessConfig(section: "eventlistener:\(name)", name: $0, command: "/bin/listener", priority: priority,
                              autorestart: .unexpected, startSecs: startSecs)
            })
    }

    func engine(_ groups: ProcessGroupConfig...) -> Engine {
        Engine(configuration: configuration(groups), runtime: runtime, clock: clock, logger: logger, events: events)
    }

    func configuration(_ groups: [ProcessGroupConfig]) -> SupervisorConfiguration {
        SupervisorConfiguration(configFile: "/etc/s.conf", here: "/etc", supervisord: SupervisordOptions(),
                                httpServers: [], groups: groups, rpcInterfaces: [], includedFiles: [], messages: [])
    }

    func pid(_ e: Engine, _ name: String) async throws -> Int32 {
        try await e.processInfo(name).pid
    }

    /// Spawns everything and lets startsecs pass: every process RUNNING.
    func startAll(_ e: Engine) async {
        await e.tick()
        clock.advance(1.5)
        await e.tick()
    }

    func write(_ e: Engine, _ name: String, _ text: String) async throws {
        await e.childOutput(.listenerStdout(pid: try await pid(e, name), bytes: Array(text.utf8)))
        await e.tick()
    }

    /// The envelopes written to a pid's stdin, as "header\npayload".
    func received(_ pid: Int32) -> [String] {
        var text = Substring(String(decoding: runtime.state.withLock { $0.stdin[pid] ?? [] }, as: UTF8.self))
        var envelopes: [String] = []
        while let newline = text.firstIndex(of: "\n") {
            let header = text[..<newline]
            let length = Int(header.split(separator: " ").last?.dropFirst("len:".count) ?? "") ?? 0
            let rest = text[text.index(after: newline)...]
            let payload = String(rest.unicodeScalars.prefix(length))
            envelopes.append("\(header)\n\(payload)")
            text = rest.dropFirst(payload.count)
        }
        return envelopes
    }

    func headers(_ pid: Int32) -> [String] {
        received(pid).map { String($0.prefix { $0 != "\n" }) }
    }

    @Test func noEventBeforeRunningThenOneAtATimeUntilTheResult() async throws {
        let e = engine(pool("listener"), program("worker", autostart: false))
        await e.tick()
        let listener = try await pid(e, "listener")
        try await write(e, "listener", "READY\n")
        #expect(received(listener).isEmpty, "a STARTING listener gets nothing even when READY")
        clock.advance(1.5)
        await e.tick()
        #expect(received(listener) == [
            "ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 eventname:PROCESS_GROUP_ADDED len:19\n"
                + "groupname:listener\n",
        ])
        try await write(e, "listener", "RESULT 2\nOK")
        #expect(received(listener).count == 1, "ACKNOWLEDGED: nothing until READY")
        try await write(e, "listener", "READY\n")
        #expect(headers(listener).last
            == "ver:3.0 server:supervisor serial:1 pool:listener poolserial:1 eventname:PROCESS_GROUP_ADDED len:17")
        #expect(logger.all.contains("DEBG listener: event was processed"))
        #expect(logger.all.contains("DEBG listener: BUSY -> ACKNOWLEDGED"))
        #expect(logger.all.contains("DEBG event 0 sent to listener listener"))
    }

    @Test func partialTokensWaitAndOneWriteMayHoldResultAndReady() async throws {
        let e = engine(pool("listener"))
        await startAll(e)
        let listener = try await pid(e, "listener")
        try await write(e, "listener", "REA")
        try await write(e, "listener", "DY")
        #expect(received(listener).isEmpty)
        try await write(e, "listener", "\n")
        #expect(received(listener).count == 1)
        try await write(e, "listener", "RESULT")
        try await write(e, "listener", " 2\nO")
        #expect(received(listener).count == 1)
        try await write(e, "listener", "KREADY\n")
        #expect(received(listener).count == 2)
        try await write(e, "listener", "RESULT 2\nOKREADY\n")
        #expect(headers(listener).map { $0.contains("serial:\(headers(listener).firstIndex(of: $0)!) ") } == [true, true, true])
    }

    @Test func garbageBeforeReadyMakesTheListenerUnknownForGood() async throws {
        let e = engine(pool("listener"))
        await startAll(e)
        let listener = try await pid(e, "listener")
        try await write(e, "listener", "hello!")
        #expect(logger.all.contains("DEBG listener: ACKNOWLEDGED -> UNKNOWN"))
        #expect(logger.all.contains(
            "WARN listener: has entered the UNKNOWN state and will no longer receive events, this usually indicates "
                + "the process violated the eventlistener protocol"))
        try await write(e, "listener", "READY\n")
        #expect(received(listener).isEmpty)
    }

    @Test func fewerThanSixBytesOfGarbageWaitForMore() async throws {
        let e = engine(pool("listener"))
        await startAll(e)
        try await write(e, "listener", "oops\n")
        #expect(!logger.all.contains { $0.contains("UNKNOWN") }, "Supervisor decides only with 6 bytes buffered")
        try await write(e, "listener", "x")
        #expect(logger.all.contains("DEBG listener: ACKNOWLEDGED -> UNKNOWN"))
    }

    @Test func bytesWhileReadyAreAProtocolViolation() async throws {
        // The pool subscribes to a type nothing emits here, so the listener stays READY with nothing to send.
        let e = engine(pool("listener", events: [.tick3600]))
        await startAll(e)
        try await write(e, "listener", "READY\n")
        try await write(e, "listener", "x")
        #expect(logger.all.contains("DEBG listener: READY -> UNKNOWN"))
    }

    @Test func aBadResultLineRejectsTheEventToAnotherListener() async throws {
        let e = engine(pool("pool", members: ["a", "b"]))
        await startAll(e)
        let a = try await pid(e, "pool:a")
        let b = try await pid(e, "pool:b")
        try await write(e, "pool:a", "READY\n")
        #expect(headers(a).count == 1)
        try await write(e, "pool:a", "RESULT two\n")
        #expect(logger.all.contains("WARN a: bad result line: 'RESULT two'"))
        #expect(logger.all.contains("DEBG a: BUSY -> UNKNOWN"))
        #expect(logger.all.contains("DEBG rebuffering event 0 for pool pool (buf size=5, max=10)"))
        try await write(e, "pool:b", "READY\n")
        #expect(headers(b).first == headers(a).first, "the same event, same serials, to the other listener")
    }

    @Test func aFailResultResendsTheSameEvent() async throws {
        let e = engine(pool("listener"))
        await startAll(e)
        let listener = try await pid(e, "listener")
        try await write(e, "listener", "READY\n")
        try await write(e, "listener", "RESULT 4\nFAILREADY\n")
        #expect(logger.all.contains("WARN listener: event was rejected"))
        #expect(headers(listener).count == 2)
        #expect(headers(listener)[0] == headers(listener)[1])
        try await write(e, "listener", "RESULT 2\nOKREADY\n")
        #expect(headers(listener)[2].contains("serial:1 "))
    }

    @Test func aResultOfLengthZeroWaitsForMoreBytesAsSupervisorDoes() async throws {
        let e = engine(pool("listener"))
        await startAll(e)
        let listener = try await pid(e, "listener")
        try await write(e, "listener", "READY\n")
        try await write(e, "listener", "RESULT 0\n")
        #expect(!logger.all.contains { $0.contains("event was") })
        try await write(e, "listener", "READY\n")
        // The empty body is handled (rejected: not OK) once more bytes arrive, then READY is read.
        #expect(logger.all.contains("WARN listener: event was rejected"))
        #expect(headers(listener).count == 2)
    }

    @Test func aListenerThatDiesBusyGetsItsEventAgainAfterRestart() async throws {
        let e = engine(pool("listener", startSecs: 0))
        await e.tick()
        clock.advance(0.1)
        await e.tick()
        let first = try await pid(e, "listener")
        try await write(e, "listener", "READY\n")
        let sent = headers(first)
        #expect(sent.count == 1)
        await e.childExited(pid: first, status: .exited(code: 1))
        // Like Supervisor's finish(): the EXITED event is buffered first, then the rejected one goes to the head.
        #expect(logger.all.suffix(2) == [
            "WARN exited: listener (exit status 1; not expected)",
            "DEBG rebuffering event 0 for pool listener (buf size=4, max=10)",
        ])
        clock.advance(1.5)
        await e.tick()
        clock.advance(0.1)
        await e.tick()
        let second = try await pid(e, "listener")
        #expect(second != first)
        try await write(e, "listener", "READY\n")
        #expect(headers(second).first == sent.first)
    }

    @Test func aFullBufferDiscardsTheOldestEvent() async throws {
        let e = engine(
            pool("listener", events: [.processGroup], bufferSize: 2), program("a", autostart: false),
            program("b", autostart: false), program("c", autostart: false))
        // Four PROCESS_GROUP_ADDED at startup into a buffer of two.
        #expect(logger.all.contains("ERRO pool listener event buffer overflowed, discarding event 0"))
        #expect(logger.all.contains("ERRO pool listener event buffer overflowed, discarding event 1"))
        await startAll(e)
        let listener = try await pid(e, "listener")
        try await write(e, "listener", "READY\n")
        #expect(headers(listener).first?.contains("serial:2 pool:listener poolserial:2 eventname:PROCESS_GROUP_ADDED") == true)
    }

    @Test func eventsNobodyWantsUseNoSerialAndPoolsShareTheGlobalSerial() async throws {
        let e = engine(
            pool("groups", events: [.processGroup], priority: -2), pool("states", events: [.processState]),
            program("worker", autostart: false))
        await e.tick()
        clock.advance(1.5)
        await e.tick()
        let states = try await pid(e, "states:states")
        let groups = try await pid(e, "groups:groups")
        try await write(e, "groups", "READY\n")
        try await write(e, "states", "READY\n")
        // groups was created first (priority -2) and saw all three PROCESS_GROUP_ADDED: serials 0-2; the
        // SUPERVISOR_STATE_CHANGE_RUNNING went to nobody; the first state event has global serial 3, pool serial 0.
        #expect(headers(groups).first
            == "ver:3.0 server:supervisor serial:0 pool:groups poolserial:0 eventname:PROCESS_GROUP_ADDED len:17")
        #expect(headers(states).first?.hasPrefix(
            "ver:3.0 server:supervisor serial:3 pool:states poolserial:0 eventname:PROCESS_STATE_STARTING") == true)
    }

    @Test func aTypeSubscribedTwiceIsBufferedTwice() async throws {
        let e = engine(pool("listener", events: [.supervisorStateChange, .supervisorStateChangeRunning]))
        await startAll(e)
        let listener = try await pid(e, "listener")
        try await write(e, "listener", "READY\n")
        try await write(e, "listener", "RESULT 2\nOKREADY\n")
        #expect(headers(listener).count == 2)
        #expect(headers(listener)[0] == headers(listener)[1])
        #expect(logger.all.contains("DEBG rebuffering event 0 for pool listener (buf size=1, max=10)"))
    }

    @Test func aClosedStdinLeavesTheEventBuffered() async throws {
        let e = engine(pool("listener"))
        await startAll(e)
        runtime.state.withLock { $0.stdinClosed = true }
        try await write(e, "listener", "READY\n")
        #expect(logger.all.contains(
            "DEBG epipe occurred while sending event 0 to listener listener, listener state unchanged"))
        runtime.state.withLock { $0.stdinClosed = false }
        await e.tick()
        #expect(headers(try await pid(e, "listener")).first?.contains("serial:0 ") == true)
    }

    @Test func ticksFollowWallClockSlicesAfterTheFirstPass() async throws {
        let e = engine(pool("listener", events: [.tick]))
        await startAll(e)  // first pass at ...000 records the slices; the second, 1.5 s later, is in the same ones
        let listener = try await pid(e, "listener")
        try await write(e, "listener", "READY\n")
        #expect(received(listener).isEmpty)
        clock.advance(4)  // 1_700_000_005.5: a new 5-second slice
        await e.tick()
        #expect(received(listener).isEmpty, "emitted at the end of the pass, dispatched in the next")
        await e.tick()
        #expect(received(listener) == [
            "ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 eventname:TICK_5 len:15\nwhen:1700000005",
        ])
        clock.advance(35)  // 1_700_000_040.5: 60-second slice 1_700_000_040 begins (1_700_000_000 % 60 == 20)
        await e.tick()
        await e.tick()
        try await write(e, "listener", "RESULT 2\nOKREADY\n")
        try await write(e, "listener", "RESULT 2\nOKREADY\n")
        #expect(received(listener).dropFirst().map { $0.split(separator: "\n").last.map(String.init) ?? "" }
            == ["when:1700000040", "when:1700000040"])
        #expect(headers(listener)[1].contains("eventname:TICK_5"))
        #expect(headers(listener)[2].contains("eventname:TICK_60"))
    }

    @Test func logAndCommunicationOutputBecomeEvents() async throws {
        let e = engine(pool("listener", events: [.processLog, .processCommunication]), program("worker"))
        await startAll(e)
        let worker = try await pid(e, "worker")
        await e.childOutput(.logged(pid: worker, channel: .stderr, data: Array("oops\n".utf8)))
        await e.childOutput(.communication(pid: worker, channel: .stdout, data: [0xff, 0x41]))
        try await write(e, "listener", "READY\n")
        try await write(e, "listener", "RESULT 2\nOKREADY\n")
        let log = "processname:worker groupname:worker pid:\(worker) channel:stderr\noops\n"
        let comm = "processname:worker groupname:worker pid:\(worker)\nUndecodable: b'\\xffA'"
        #expect(received(try await pid(e, "listener")) == [
            "ver:3.0 server:supervisor serial:0 pool:listener poolserial:0 eventname:PROCESS_LOG_STDERR "
                + "len:\(log.count)\n" + log,
            "ver:3.0 server:supervisor serial:1 pool:listener poolserial:1 eventname:PROCESS_COMMUNICATION_STDOUT "
                + "len:\(comm.count)\n" + comm,
        ])
        #expect(logger.all.contains("DEBG 'worker' stdout emitted a comm event"))
    }

    @Test func aRemovedPoolStopsReceivingAndANewOneCountsFromZero() async throws {
        let e = engine(pool("listener", events: [.remoteCommunication], startSecs: 0), pool("other", events: [.event]))
        await e.sendRemoteCommEvent(type: "t", data: "1")
        try await e.removeGroup("listener")
        await e.sendRemoteCommEvent(type: "t", data: "2")
        try await e.addGroup(pool("listener", events: [.remoteCommunication], startSecs: 0))
        await e.sendRemoteCommEvent(type: "t", data: "3")
        await e.tick()
        clock.advance(0.1)
        await e.tick()
        try await write(e, "listener", "READY\n")
        let header = headers(try await pid(e, "listener:listener")).first ?? ""
        #expect(header.contains("pool:listener poolserial:0 eventname:REMOTE_COMMUNICATION"), "\(header)")
        #expect(received(try await pid(e, "listener:listener")).first?.hasSuffix("type:t\n3") == true)
    }
}

extension ListenerPoolTests {
    @Test func aRejectionReachesEveryPoolWithAListenerOfTheSamePriority() async throws {
        // Supervisor's handle_rejected asks `process in pool.processes`, and processes compare by priority.
        let e = engine(
            pool("first", events: [.remoteCommunication]), pool("second", events: [.processGroupRemoved]),
            pool("elsewhere", events: [.processGroupRemoved], priority: 5))
        await startAll(e)
        await e.sendRemoteCommEvent(type: "t", data: "x")
        try await write(e, "first", "READY\n")
        try await write(e, "first", "RESULT 4\nFAIL")
        try await write(e, "second", "READY\n")
        try await write(e, "elsewhere", "READY\n")
        let second = headers(try await pid(e, "second"))
        #expect(second == ["ver:3.0 server:supervisor serial:0 pool:second poolserial:0 eventname:REMOTE_COMMUNICATION len:8"])
        #expect(headers(try await pid(e, "elsewhere")).isEmpty, "a pool whose listeners have another priority")
    }
}
