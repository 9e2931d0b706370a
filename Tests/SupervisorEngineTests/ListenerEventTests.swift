@testable import SupervisorEngine
import Testing

/// Event payloads, the listener protocol parser and the pool buffer (`spec/events.md`).
@Suite struct ListenerEventTests {
    func change(_ from: ProcessState, _ to: ProcessState, expected: Bool = true, pid: Int32 = 0, tries: Int = 0)
        -> ProcessStateMachine.StateChange
    {
        ProcessStateMachine.StateChange(from: from, to: to, expected: expected, pid: pid, tries: tries)
    }

    @Test func processStatePayloadsCarryTheirFields() {
        #expect(ListenerEvent.processState(process: "sleeper", group: "sleeper", change: change(.stopped, .starting))
            == ListenerEvent(type: .processStateStarting, payload: "processname:sleeper groupname:sleeper from_state:STOPPED tries:0"))
        #expect(ListenerEvent.processState(process: "failer", group: "grp", change: change(.running, .exited, expected: false, pid: 5887)).payload
            == "processname:failer groupname:grp from_state:RUNNING expected:0 pid:5887")
        #expect(ListenerEvent.processState(process: "p", group: "g", change: change(.starting, .running, pid: 7)).payload
            == "processname:p groupname:g from_state:STARTING pid:7")
        #expect(ListenerEvent.processState(process: "p", group: "g", change: change(.starting, .backoff, tries: 2)).payload
            == "processname:p groupname:g from_state:STARTING tries:2")
        #expect(ListenerEvent.processState(process: "p", group: "g", change: change(.backoff, .fatal)).payload
            == "processname:p groupname:g from_state:BACKOFF")
        #expect(ListenerEvent.processState(process: "p", group: "g", change: change(.backoff, .stopped)).payload
            == "processname:p groupname:g from_state:BACKOFF pid:0")
    }

    @Test func logAndCommunicationPayloads() {
        #expect(ListenerEvent.processLog(process: "comm", group: "comm", pid: 9537, stderr: false, data: Array("before\n".utf8))
            == ListenerEvent(type: .processLogStdout, payload: "processname:comm groupname:comm pid:9537 channel:stdout\nbefore\n"))
        #expect(ListenerEvent.processCommunication(process: "c", group: "g", pid: 1, stderr: true, data: [0xFF, 0x41]).payload
            == "processname:c groupname:g pid:1\nUndecodable: b'\\xffA'")
        #expect(ListenerEvent.remoteCommunication(type: "t", data: "d").payload == "type:t\nd")
        #expect(ListenerEvent.tick(period: 60, when: 1_700_000_040)?.payload == "when:1700000040")
        #expect(ListenerEvent.processGroupAdded("g").payload == "groupname:g\n")
        #expect(ListenerEvent.supervisorRunning.payload.isEmpty)
    }

    @Test func envelopeCountsCharactersNotBytes() {
        let e = ListenerEvent(type: .remoteCommunication, payload: "type:x\nhé")
        let bytes = e.envelope(server: "supervisor", serial: 21, pool: "listener", poolSerial: 10)
        #expect(String(decoding: bytes, as: UTF8.self)
            == "ver:3.0 server:supervisor serial:21 pool:listener poolserial:10 eventname:REMOTE_COMMUNICATION len:9\ntype:x\nhé")
    }

    @Test func readyThenResultOKThenReadyAgainInOneWrite() {
        var p = ListenerProtocol(processName: "l")
        #expect(p.feed(Array("READY\n".utf8)) == [.becameReady])
        p.eventSent()
        #expect(p.feed(Array("RESULT 2\nOKREADY\n".utf8)) == [.result(body: Array("OK".utf8)), .becameReady])
        #expect(p.state == .ready)
    }

    @Test func readyArrivingInPiecesWaitsForSixBytes() {
        var p = ListenerProtocol(processName: "l")
        #expect(p.feed(Array("REA".utf8)).isEmpty)
        #expect(p.feed(Array("DY\n".utf8)) == [.becameReady])
    }

    @Test func garbageInsteadOfReadyIsAViolation() {
        var p = ListenerProtocol(processName: "l")
        #expect(p.feed(Array("HELLO!\n".utf8)) == [.protocolViolation(logLine: nil)])
        #expect(p.state == .unknown)
        #expect(p.feed(Array("READY\n".utf8)).isEmpty)
    }

    @Test func dataWhileReadyIsAViolation() {
        var p = ListenerProtocol(processName: "l")
        _ = p.feed(Array("READY\n".utf8))
        #expect(p.feed(Array("x".utf8)) == [.protocolViolation(logLine: nil)])
    }

    @Test func badResultLineIsLoggedAndAViolation() {
        var p = ListenerProtocol(processName: "l")
        _ = p.feed(Array("READY\n".utf8))
        p.eventSent()
        #expect(p.feed(Array("RESULT two\n".utf8)) == [.protocolViolation(logLine: "l: bad result line: 'RESULT two'")])
    }

    @Test func failResultIsDeliveredForRejection() {
        var p = ListenerProtocol(processName: "l")
        _ = p.feed(Array("READY\n".utf8))
        p.eventSent()
        #expect(p.feed(Array("RESULT 4\nFA".utf8)).isEmpty)
        #expect(p.feed(Array("IL".utf8)) == [.result(body: Array("FAIL".utf8))])
        #expect(p.state == .acknowledged)
    }

    @Test func bufferDropsTheOldestWhenFullAndRebuffersAtTheHead() {
        var b = EventBuffer(capacity: 2)
        let e = ListenerEvent.tick(period: 5, when: 0)!
        #expect(b.add(.init(serial: 1, poolSerial: 0, event: e)) == nil)
        #expect(b.add(.init(serial: 2, poolSerial: 1, event: e)) == nil)
        #expect(b.add(.init(serial: 3, poolSerial: 2, event: e)) == 1)
        #expect(b.next()?.serial == 2)
        #expect(b.add(.init(serial: 2, poolSerial: 1, event: e), atHead: true) == nil)
        #expect(b.entries.map(\.serial) == [2, 3])
    }
}
