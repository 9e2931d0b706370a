import Foundation
import Glibc
import Synchronization
import Testing
import SupervisorTestSupport

/// The same recording listener (`Tests/EventListenerFixtures/record_events.py`) under Python's supervisord and ours:
/// every event type either daemon emits in the scenario, with its header and payload, must match. Only what must
/// differ is masked: pids and TICK times (checked to be multiples of 5 first). Serials are compared as they are (a
/// single pool subscribed to EVENT: serial = poolserial = 0, 1, 2, ...).
@Suite struct EventListenerPayloadTests {
    static let listenerScript = packageRoot() + "/Tests/EventListenerFixtures/record_events.py"

    static func programs(python: String, records: String) -> String {
        """
        [eventlistener:rec]
        command=\(python) \(listenerScript) \(records)
        events=EVENT
        buffer_size=100
        startsecs=1
        stopwaitsecs=5

        [program:talk]
        command=/bin/sh -c 'echo hello; sleep 0.2; printf "<!--XSUPERVISOR:BEGIN-->comm out<!--XSUPERVISOR:END-->"; sleep 0.2; echo oops >&2; sleep 0.2; printf "<!--XSUPERVISOR:BEGIN-->comm err<!--XSUPERVISOR:END-->" >&2; exec sleep 1000'
        stdout_events_enabled=true
        stderr_events_enabled=true
        stdout_capture_maxbytes=1KB
        stderr_capture_maxbytes=1KB
        startsecs=1
        stopwaitsecs=2

        [program:failing]
        command=/bin/sh -c 'exit 3'
        startsecs=1
        startretries=1

        [program:quick]
        command=/bin/sh -c 'sleep 1.5'
        startsecs=1
        autorestart=false

        [program:idle]
        command=/bin/sleep 1000
        autostart=false
        startsecs=0
        stopwaitsecs=2

        [program:slowstop]
        command=/bin/sh -c 'trap "sleep 0.5; exit 0" TERM; while true; do sleep 0.1; done'
        startsecs=0
        stopwaitsecs=5
        """
    }

    /// Runs the scenario against one daemon and returns the records the listener wrote.
    static func record(_ kind: DaemonKind) async throws -> String {
        let recordsDir = try TempDirectory(prefix: "cmp")
        defer { recordsDir.remove() }
        let records = recordsDir.file("events.txt")
        let python = try pythonBin.get() + "/python"
        try await scenario {
            let d = try CompatDaemon(kind, Self.programs(python: python, records: records))
            d.waitFor("RUNNING", "rec", "talk", "slowstop")
            d.waitFor("FATAL", "failing")
            d.waitFor("EXITED", "quick")
            _ = d.call("supervisor.startProcess", "idle", true)
            _ = d.call("supervisor.stopProcess", "idle", true)
            _ = d.call("supervisor.removeProcessGroup", "idle")
            _ = d.call("supervisor.addProcessGroup", "idle")
            _ = d.call("supervisor.sendRemoteCommEvent", "mytype", "data with non-ASCII: é ü ✓")
            d.expect(eventually(timeout: .seconds(20)) {
                let text = d.read(records)
                return text.contains("eventname:TICK_5") && text.contains("eventname:REMOTE_COMMUNICATION")
                    && text.contains("PROCESS_COMMUNICATION_STDERR")
            }, "records incomplete:\n\(d.read(records))")
            return d
        }
        return (try? String(contentsOfFile: records, encoding: .utf8)) ?? ""
    }

    @Test func everyEventTypeMatchesPythonSupervisor() async throws {
        let python = try await Self.record(.python)
        let swift = try await Self.record(.swift)
        let p = try Self.normalise(python)
        let s = try Self.normalise(swift)
        #expect(!p.isEmpty)
        let expectedTypes: Set<String> = [
            "PROCESS_STATE_STARTING", "PROCESS_STATE_RUNNING", "PROCESS_STATE_BACKOFF", "PROCESS_STATE_FATAL",
            "PROCESS_STATE_EXITED", "PROCESS_STATE_STOPPING", "PROCESS_STATE_STOPPED", "PROCESS_LOG_STDOUT",
            "PROCESS_LOG_STDERR", "PROCESS_COMMUNICATION_STDOUT", "PROCESS_COMMUNICATION_STDERR",
            "SUPERVISOR_STATE_CHANGE_RUNNING", "SUPERVISOR_STATE_CHANGE_STOPPING", "REMOTE_COMMUNICATION",
            "PROCESS_GROUP_ADDED", "PROCESS_GROUP_REMOVED", "TICK_5",
        ]
        // TICK_60 comes when the run crosses a minute.
        #expect(Set(p.types).subtracting(["TICK_60"]) == expectedTypes, "Python's listener saw \(p.types)")
        #expect(Set(s.types).subtracting(["TICK_60"]) == expectedTypes, "our listener saw \(s.types)")
        for key in Set(p.byKey.keys).union(s.byKey.keys).sorted() {
            #expect(p.byKey[key] == s.byKey[key], "events of \(key) differ:\nPython:\n\(p.byKey[key] ?? [])\nours:\n\(s.byKey[key] ?? [])")
        }
        #expect(s.problems.isEmpty, "\(s.problems)")
        #expect(p.problems.isEmpty, "\(p.problems)")
    }

    /// Rejected events are sent again with the same serials (in every pool with a listener of the rejecting one's
    /// priority, as Supervisor does); protocol violations and a full buffer give Supervisor's log lines. Only REMOTE_COMMUNICATION events are subscribed to, so every serial is deterministic.
    static func protocolRun(_ kind: DaemonKind) async throws -> (records: String, log: [String]) {
        let recordsDir = try TempDirectory(prefix: "cmp")
        defer { recordsDir.remove() }
        let records = recordsDir.file("events.txt")
        let python = try pythonBin.get() + "/python"
        let box = Mutex<[String]>([])
        try await scenario {
            let d = try CompatDaemon(kind, """
                [eventlistener:rej]
                command=\(python) \(listenerScript) \(records) 2
                events=REMOTE_COMMUNICATION
                startsecs=0

                [eventlistener:garbage]
                command=/bin/sh -c 'echo garbage-not-ready; exec sleep 1000'
                events=PROCESS_GROUP_REMOVED
                startsecs=0
                stopasgroup=true

                [eventlistener:badresult]
                command=/bin/sh -c 'echo READY; read header; echo "RESULT x"; exec sleep 1000'
                events=REMOTE_COMMUNICATION
                startsecs=0
                stopasgroup=true

                [eventlistener:stuck]
                command=/bin/sleep 1000
                events=REMOTE_COMMUNICATION
                buffer_size=2
                priority=5
                startsecs=0
                """)
            d.waitFor("RUNNING", "rej", "garbage", "badresult", "stuck")
            d.expect(eventually { d.read(d.mainLog).contains("garbage: has entered the UNKNOWN state") })
            // Let rej and badresult say READY before the events come.
            d.expect(eventually { d.read(records).isEmpty && d.read(d.mainLog).contains("success: rej") })
            usleep(500_000)
            for n in 1...3 { _ = d.call("supervisor.sendRemoteCommEvent", "t", .string("event \(n)")) }
            d.expect(eventually { d.read(records).components(separatedBy: "--END--").count == 7 }, d.read(records))
            d.expect(eventually { d.read(d.mainLog).contains("bad result line") })
            box.withLock { $0 = d.read(d.mainLog).split(separator: "\n").map(String.init) }
            return d
        }
        let lines = box.withLock { $0 }.filter { $0.contains(" WARN ") || $0.contains(" ERRO ") }
            .filter { !$0.contains("exited:") && !$0.contains("received SIG") && !$0.contains("stopped:") }
            .map { String($0.dropFirst("2026-01-01 00:00:00,000 ".count)) }
        return ((try? String(contentsOfFile: records, encoding: .utf8)) ?? "", lines)
    }

    @Test func rejectionsViolationsAndOverflowMatchPythonSupervisor() async throws {
        let python = try await Self.protocolRun(.python)
        let swift = try await Self.protocolRun(.swift)
        let headers = python.records.split(separator: "\n").filter { $0.hasPrefix("ver:") }
        // Event 0 four times: rejected twice by rej itself, and once more because badresult (same priority) broke
        // the protocol on it: Supervisor re-buffers a rejected event in every pool with a listener of that priority.
        #expect(headers.count == 6)
        #expect(headers.filter { $0.contains("serial:0 pool:rej poolserial:0 ") }.count == 4, "\(headers)")
        // When badresult's rejection arrives relative to rej's answers depends on timing: compare as multisets.
        let records = { (text: String) in text.components(separatedBy: "\n--END--\n").sorted() }
        #expect(records(python.records) == records(swift.records))
        #expect(python.log.contains("WARN garbage: has entered the UNKNOWN state and will no longer receive events, "
            + "this usually indicates the process violated the eventlistener protocol"), "\(python.log)")
        #expect(python.log.contains("WARN badresult: bad result line: 'RESULT x'"), "\(python.log)")
        #expect(python.log.contains("ERRO pool stuck event buffer overflowed, discarding event 0"), "\(python.log)")
        #expect(python.log.filter { $0 == "WARN rej: event was rejected" }.count == 2, "\(python.log)")
        #expect(Set(python.log) == Set(swift.log), "Python:\n\(python.log)\nours:\n\(swift.log)")
    }

    /// A restart (reload) creates the pools again (pool serials from 0) but the global serial goes on.
    @Test(arguments: DaemonKind.allCases)
    func theGlobalSerialSurvivesARestartAndPoolSerialsDoNot(_ kind: DaemonKind) async throws {
        let recordsDir = try TempDirectory(prefix: "cmp")
        defer { recordsDir.remove() }
        let records = recordsDir.file("events.txt")
        let python = try pythonBin.get() + "/python"
        try await scenario {
            let d = try CompatDaemon(kind, """
                [eventlistener:rec]
                command=\(python) \(Self.listenerScript) \(records)
                events=REMOTE_COMMUNICATION
                startsecs=0
                """)
            d.waitFor("RUNNING", "rec")
            _ = d.call("supervisor.sendRemoteCommEvent", "t", "1")
            _ = d.call("supervisor.sendRemoteCommEvent", "t", "2")
            d.expect(eventually { d.read(records).components(separatedBy: "--END--").count == 3 }, d.read(records))
            _ = d.call("supervisor.restart")
            try d.waitUntilRunning()
            d.waitFor("RUNNING", "rec")
            _ = d.call("supervisor.sendRemoteCommEvent", "t", "3")
            d.expect(eventually { d.read(records).components(separatedBy: "--END--").count == 4 }, d.read(records))
            let headers = d.read(records).split(separator: "\n").filter { $0.hasPrefix("ver:") }.map {
                $0.split(separator: " ").filter { $0.hasPrefix("serial:") || $0.hasPrefix("poolserial:") }
                    .joined(separator: " ")
            }
            d.expect(headers == ["serial:0 poolserial:0", "serial:1 poolserial:1", "serial:2 poolserial:0"], "\(headers)")
            return d
        }
    }

    /// Records grouped by what orders them: per process name for process events, per event name for the rest. TICK
    /// events are checked and left out (how many depends on the run's length).
    struct Normalised {
        var byKey: [String: [String]] = [:]
        var types: [String] = []
        var problems: [String] = []
        var isEmpty: Bool { byKey.isEmpty }
    }

    static func normalise(_ text: String) throws -> Normalised {
        var result = Normalised()
        var expectedSerial = 0
        for record in text.components(separatedBy: "\n--END--\n") where !record.isEmpty {
            guard let newline = record.firstIndex(of: "\n") else {
                result.problems.append("no header line: \(record)")
                continue
            }
            let header = String(record[..<newline])
            let payload = String(record[record.index(after: newline)...])
            var fields: [String: String] = [:]
            for token in header.split(separator: " ") {
                let parts = token.split(separator: ":", maxSplits: 1).map(String.init)
                if parts.count == 2 { fields[parts[0]] = parts[1] }
            }
            let name = fields["eventname"] ?? "?"
            if fields["ver"] != "3.0" || fields["server"] != "supervisor" || fields["pool"] != "rec" {
                result.problems.append("header \(header)")
            }
            if fields["serial"] != "\(expectedSerial)" || fields["poolserial"] != "\(expectedSerial)" {
                result.problems.append("serials of \(header), expected \(expectedSerial)")
            }
            expectedSerial += 1
            if fields["len"] != "\(payload.unicodeScalars.count)" {
                result.problems.append("len of \(header) vs \(payload.unicodeScalars.count) characters")
            }
            if !result.types.contains(name) { result.types.append(name) }
            if name.hasPrefix("TICK_") {
                let when = Int(payload.dropFirst("when:".count)) ?? -1
                if !payload.hasPrefix("when:") || when % 5 != 0 { result.problems.append("tick payload \(payload)") }
                continue
            }
            let masked = payload.replacingOccurrences(of: #"pid:\d+"#, with: "pid:PID", options: .regularExpression)
            var key = name
            if let range = payload.range(of: #"^processname:\S+"#, options: .regularExpression) {
                key = String(payload[range])
            }
            // `len` counts the pid's digits, which differ from run to run (pids wrap at pid_max): count "PID" instead.
            let len = Int(fields["len"] ?? "").map { String($0 - payload.count + masked.count) } ?? "?"
            result.byKey[key, default: []].append("\(name) len:\(len)\n\(masked)")
        }
        return result
    }
}
