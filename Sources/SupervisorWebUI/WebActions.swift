import XMLRPC

/// The actions of Supervisor's status page (`web.py` `StatusView.make_callback`), with its query-string names and
/// its message texts, plus our group actions. Every action is a call of the same API method `supervisorctl` uses.
struct WebActions: Sendable {
    let supervisor: any SupervisorCalls
    /// `time.ctime()`; replaceable so tests get fixed messages.
    var clock: @Sendable () -> String = { PythonCTime.now() }

    /// Why an action cannot run at all: Supervisor raises `ValueError` and answers HTTP 500.
    enum Failure: Error, Equatable {
        /// An action Supervisor does not know, or one that needs a process name without one.
        case unknownAction(String)
    }

    /// What an action did: the message the page shows, and whether it went as asked (for our page's colouring;
    /// Supervisor's page only has the message).
    struct Outcome: Equatable, Sendable {
        var message: String
        var succeeded: Bool

        static func done(_ message: String) -> Outcome { Outcome(message: message, succeeded: true) }
        static func failed(_ message: String) -> Outcome { Outcome(message: message, succeeded: false) }
    }

    /// Runs `action` (for `processname` when it needs one) and returns the message the page shows.
    func perform(action: String, processname: String?) async throws(Failure) -> Outcome {
        switch action {
        case "refresh":
            return .done("Page refreshed at \(clock())")
        case "stopall":
            _ = await supervisor.call(method: "supervisor.stopAllProcesses", params: [])
            return .done("All stopped at \(clock())")
        case "restartall":
            _ = await supervisor.call(
                method: "system.multicall",
                params: [
                    [
                        ["methodName": "supervisor.stopAllProcesses"], ["methodName": "supervisor.startAllProcesses"],
                    ]
                ]
            )
            return .done("All restarted at \(clock())")
        default:
            break
        }
        guard let namespec = processname, !namespec.isEmpty else { throw .unknownAction(action) }
        if let groupAction = GroupAction(rawValue: action) {
            return await perform(groupAction, group: namespec)
        }
        guard let processAction = ProcessAction(rawValue: action) else { throw .unknownAction(action) }
        // web.py looks the process up first; a group name alone (or `g:*`) is no process.
        let lookup = await supervisor.call(method: "supervisor.getProcessInfo", params: [.string(namespec)])
        guard case .value = lookup else {
            return .failed("No such process named \(namespec)")
        }
        return await perform(processAction, namespec: namespec)
    }

    private func perform(_ action: ProcessAction, namespec: String) async -> Outcome {
        switch action {
        case .start:
            switch await supervisor.call(method: "supervisor.startProcess", params: [.string(namespec)]) {
            case .value: return .done("Process \(namespec) started")
            case .fault(let code, let string):
                return .failed("ERROR: Process \(namespec): \(Self.startError(code, string))")
            }
        case .stop:
            switch await supervisor.call(method: "supervisor.stopProcess", params: [.string(namespec)]) {
            case .value: return .done("Process \(namespec) stopped")
            case .fault(let code, let string): return .failed(Self.unexpected(code, string))
            }
        case .restart:
            // Supervisor ignores both results: the message is the same whatever happened.
            _ = await supervisor.call(
                method: "system.multicall",
                params: [
                    [
                        ["methodName": "supervisor.stopProcess", "params": [.string(namespec)]],
                        ["methodName": "supervisor.startProcess", "params": [.string(namespec)]],
                    ]
                ]
            )
            return .done("Process \(namespec) restarted")
        case .clearlog:
            switch await supervisor.call(method: "supervisor.clearProcessLogs", params: [.string(namespec)]) {
            case .value: return .done("Log for \(namespec) cleared")
            case .fault(let code, let string): return .failed(Self.unexpected(code, string))
            }
        }
    }

    /// Our group actions (Supervisor's page has none): the `*ProcessGroup` methods, then one line naming every
    /// process that failed.
    private func perform(_ action: GroupAction, group: String) async -> Outcome {
        let outcome: CallOutcome
        switch action {
        case .startgroup:
            outcome = await supervisor.call(method: "supervisor.startProcessGroup", params: [.string(group)])
        case .stopgroup:
            outcome = await supervisor.call(method: "supervisor.stopProcessGroup", params: [.string(group)])
        case .restartgroup:
            outcome = await supervisor.call(
                method: "system.multicall",
                params: [
                    [
                        ["methodName": "supervisor.stopProcessGroup", "params": [.string(group)]],
                        ["methodName": "supervisor.startProcessGroup", "params": [.string(group)]],
                    ]
                ]
            )
        }
        switch outcome {
        case .fault(let code, let string):
            return .failed(code == 10 ? "No such group named \(group)" : Self.unexpected(code, string))
        case .value(let value):
            var results = value.arrayValue ?? []
            if action == .restartgroup {
                // The start's results decide; a stop fault (BAD_NAME) is the group's.
                if let first = results.first, let code = first["faultCode"]?.intValue {
                    return .failed(
                        code == 10
                            ? "No such group named \(group)"
                            : Self.unexpected(code, first["faultString"]?.stringValue ?? "")
                    )
                }
                results = results.last?.arrayValue ?? []
            }
            let failures = results.compactMap { result -> String? in
                guard let status = result["status"]?.intValue, status != 80 else { return nil }
                let name = result["name"]?.stringValue ?? "?"
                let groupName = result["group"]?.stringValue ?? group
                let spec = groupName == name ? name : "\(groupName):\(name)"
                return "\(spec): \(result["description"]?.stringValue ?? "")"
            }
            let verb = action.pastTense
            guard !failures.isEmpty else { return .done("Group \(group) \(verb)") }
            return .failed("Group \(group) \(verb), with errors: " + failures.joined(separator: "; "))
        }
    }

    /// web.py's texts for a failed start.
    static func startError(_ code: Int, _ string: String) -> String {
        switch code {
        case 20: "no such file"
        case 21: "file not executable"
        case 60: "already started"
        case 50: "spawn error"
        case 40: "abnormal termination"
        default: "unexpected rpc fault [\(code)] \(string)"
        }
    }

    static func unexpected(_ code: Int, _ string: String) -> String {
        "unexpected rpc fault [\(code)] \(string)"
    }
}

/// Group-level actions of our page (`?action=startgroup&processname=GROUP`); Supervisor's page has none, and
/// answers 500 to them as to any unknown action.
enum GroupAction: String, CaseIterable, Sendable {
    case startgroup, stopgroup, restartgroup

    var pastTense: String {
        switch self {
        case .startgroup: "started"
        case .stopgroup: "stopped"
        case .restartgroup: "restarted"
        }
    }
}
