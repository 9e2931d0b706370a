import Synchronization
import XMLRPC

@testable import SupervisorWebUI

/// A supervisor that answers from a table and records every call (method and parameters).
final class RecordingSupervisor: SupervisorCalls {
    private let state = Mutex<[(String, [XMLRPCValue])]>([])
    let answers: @Sendable (String, [XMLRPCValue]) -> CallOutcome

    init(
        processes: [XMLRPCValue] = RecordingSupervisor.defaultProcesses,
        answers: @escaping @Sendable (String, [XMLRPCValue]) -> CallOutcome? = { _, _ in nil }
    ) {
        self.answers = { method, params in
            if let answer = answers(method, params) { return answer }
            switch method {
            case "supervisor.getAllProcessInfo": return .value(.array(processes))
            case "supervisor.getProcessInfo":
                let name = params.first?.stringValue ?? ""
                if let match = processes.first(where: { p in
                    let group = p["group"]?.stringValue ?? ""
                    let pname = p["name"]?.stringValue ?? ""
                    return name == pname && group == pname || name == "\(group):\(pname)"
                }) {
                    return .value(match)
                }
                return .fault(code: 10, string: "BAD_NAME: \(name)")
            case "supervisor.getState": return .value(["statecode": 1, "statename": "RUNNING"])
            case "supervisor.getIdentification": return .value("supervisor")
            case "supervisor.getSupervisorVersion": return .value("4.3.0")
            default: return .value(true)
            }
        }
    }

    func call(method: String, params: [XMLRPCValue]) async -> CallOutcome {
        state.withLock { $0.append((method, params)) }
        return answers(method, params)
    }

    /// The state-changing calls made (the reads the pages make are left out).
    var actionCalls: [String] {
        state.withLock { calls in
            calls.map(\.0).filter {
                ![
                    "supervisor.getAllProcessInfo", "supervisor.getProcessInfo", "supervisor.getState",
                    "supervisor.getIdentification", "supervisor.getSupervisorVersion",
                ].contains($0)
            }
        }
    }

    var calls: [(String, [XMLRPCValue])] { state.withLock { $0 } }

    static func info(
        group: String,
        name: String,
        state: Int,
        statename: String,
        description: String = "",
        pid: Int = 0,
        start: Int = 0,
        now: Int = 0,
        exitstatus: Int = 0
    ) -> XMLRPCValue {
        [
            "name": .string(name), "group": .string(group), "start": .int(start), "stop": 0, "now": .int(now),
            "state": .int(state), "statename": .string(statename), "spawnerr": "", "exitstatus": .int(exitstatus),
            "logfile": "", "stdout_logfile": "", "stderr_logfile": "", "pid": .int(pid),
            "description": .string(description),
        ]
    }

    static let defaultProcesses: [XMLRPCValue] = [
        info(
            group: "clock",
            name: "clock",
            state: 20,
            statename: "RUNNING",
            description: "pid 42, uptime 0:01:05",
            pid: 42,
            start: 1000,
            now: 1065
        ),
        info(group: "web", name: "a", state: 0, statename: "STOPPED", description: "Not started"),
        info(
            group: "web",
            name: "b",
            state: 100,
            statename: "EXITED",
            description: "Nov 24 05:07 PM",
            start: 900,
            now: 1065,
            exitstatus: 3
        ),
    ]
}

func request(
    _ method: String = "GET",
    _ path: String,
    query: String? = nil,
    headers: [(name: String, value: String)] = [("Host", "127.0.0.1:9001")],
    body: String = ""
) -> WebRequest {
    WebRequest(
        method: method,
        path: path,
        query: query,
        headers: headers,
        body: Array(body.utf8),
        fallbackServerURL: "http://localhost:9001"
    )
}
