import XMLRPC

/// One published method: its wire name, what `system.methodSignature` reports, how many parameters it takes,
/// and the handler. The help text (`system.methodHelp`) is Supervisor's docstring, kept as data in
/// `MethodHelpTexts`.
struct RPCMethod: Sendable {
    typealias Handler = @Sendable (SupervisorAPI, Arguments) async throws(APIError) -> XMLRPCValue

    /// `namespace.method`.
    let name: String
    /// `[return type, parameter types…]` as Supervisor derives them from its docstring tags (spec rpc.md §9).
    let signature: [String]
    /// Accepted parameter counts (optional parameters such as `wait` widen it).
    let arity: ClosedRange<Int>
    /// Whether the call fails with SHUTDOWN_STATE while the daemon stops (every `supervisor.*` method except
    /// `sendRemoteCommEvent`, whose Python code never calls `_update`).
    let refusedWhileStopping: Bool
    let handler: Handler
    /// The help text of a method of our own (Supervisor's come from `MethodHelpTexts`).
    var ownHelp: String?

    var help: String { ownHelp ?? MethodHelpTexts.byName[name] ?? "None" }
}

/// Every method of the `supervisor` and `system` namespaces, aliases included (41 names, as Supervisor 4.3
/// publishes them). `PublishedMethods` adds the extra `[rpcinterface:x]` namespaces of a configuration.
enum MethodRegistry {
    static let all: [RPCMethod] = supervisorMethods + systemMethods

    static let byName: [String: RPCMethod] = Dictionary(uniqueKeysWithValues: all.map { ($0.name, $0) })

    /// The names in `system.listMethods` order (sorted).
    static let sortedNames: [String] = all.map(\.name).sorted()

    private static func supervisor(
        _ name: String, _ signature: [String], _ arity: ClosedRange<Int>, refusedWhileStopping: Bool = true,
        _ handler: @escaping RPCMethod.Handler
    ) -> RPCMethod {
        RPCMethod(
            name: "supervisor." + name, signature: signature, arity: arity,
            refusedWhileStopping: refusedWhileStopping, handler: handler)
    }

    private static let supervisorMethods: [RPCMethod] = [
        // Identity and daemon state
        supervisor("getAPIVersion", ["string"], 0...0) { api, _ throws(APIError) in api.getAPIVersion() },
        supervisor("getVersion", ["string"], 0...0) { api, _ throws(APIError) in api.getAPIVersion() },
        supervisor("getSupervisorVersion", ["string"], 0...0) { api, _ throws(APIError) in api.getSupervisorVersion() },
        supervisor("getIdentification", ["string"], 0...0) { api, _ throws(APIError) in api.getIdentification() },
        supervisor("getState", ["struct"], 0...0) { api, _ throws(APIError) in await api.getState() },
        supervisor("getPID", ["int"], 0...0) { api, _ throws(APIError) in api.getPID() },
        supervisor("shutdown", ["boolean"], 0...0) { api, _ throws(APIError) in await api.shutdown() },
        supervisor("restart", ["boolean"], 0...0) { api, _ throws(APIError) in try await api.restart() },

        // Main log
        supervisor("readLog", ["string", "int", "int"], 2...2) { api, a throws(APIError) in try api.readLog(a) },
        supervisor("readMainLog", ["string", "int", "int"], 2...2) { api, a throws(APIError) in try api.readLog(a) },
        supervisor("clearLog", ["boolean"], 0...0) { api, _ throws(APIError) in try api.clearLog() },

        // Configuration
        supervisor("reloadConfig", ["array"], 0...0) { api, _ throws(APIError) in try await api.reloadConfig() },
        supervisor("addProcessGroup", ["boolean", "string"], 1...1) { api, a throws(APIError) in
            try await api.addProcessGroup(a)
        },
        supervisor("removeProcessGroup", ["boolean", "string"], 1...1) { api, a throws(APIError) in
            try await api.removeProcessGroup(a)
        },
        supervisor("getAllConfigInfo", ["array"], 0...0) { api, _ throws(APIError) in await api.getAllConfigInfo() },

        // Starting and stopping
        supervisor("startProcess", ["boolean", "string", "boolean"], 1...2) { api, a throws(APIError) in
            try await api.startProcess(a)
        },
        supervisor("startProcessGroup", ["array", "string", "boolean"], 1...2) { api, a throws(APIError) in
            try await api.startProcessGroup(a)
        },
        supervisor("startAllProcesses", ["array", "boolean"], 0...1) { api, a throws(APIError) in
            await api.startAllProcesses(a)
        },
        supervisor("stopProcess", ["boolean", "string", "boolean"], 1...2) { api, a throws(APIError) in
            try await api.stopProcess(a)
        },
        supervisor("stopProcessGroup", ["array", "string", "boolean"], 1...2) { api, a throws(APIError) in
            try await api.stopProcessGroup(a)
        },
        supervisor("stopAllProcesses", ["array", "boolean"], 0...1) { api, a throws(APIError) in
            await api.stopAllProcesses(a)
        },

        // Signals, stdin, events
        supervisor("signalProcess", ["boolean", "string", "string"], 2...2) { api, a throws(APIError) in
            try await api.signalProcess(a)
        },
        supervisor("signalProcessGroup", ["array", "string", "string"], 2...2) { api, a throws(APIError) in
            try await api.signalProcessGroup(a)
        },
        supervisor("signalAllProcesses", ["array", "string"], 1...1) { api, a throws(APIError) in
            await api.signalAllProcesses(a)
        },
        supervisor("sendProcessStdin", ["boolean", "string", "string"], 2...2) { api, a throws(APIError) in
            try await api.sendProcessStdin(a)
        },
        supervisor("sendRemoteCommEvent", ["boolean", "string", "string"], 2...2, refusedWhileStopping: false) {
            api, a throws(APIError) in try await api.sendRemoteCommEvent(a)
        },

        // Process information
        supervisor("getProcessInfo", ["struct", "string"], 1...1) { api, a throws(APIError) in
            try await api.getProcessInfo(a)
        },
        supervisor("getAllProcessInfo", ["array"], 0...0) { api, _ throws(APIError) in await api.getAllProcessInfo() },

        // Process logs
        supervisor("readProcessStdoutLog", ["string", "string", "int", "int"], 3...3) { api, a throws(APIError) in
            try await api.readProcessLog(a, channel: .stdout)
        },
        supervisor("readProcessLog", ["string", "string", "int", "int"], 3...3) { api, a throws(APIError) in
            try await api.readProcessLog(a, channel: .stdout)
        },
        supervisor("readProcessStderrLog", ["string", "string", "int", "int"], 3...3) { api, a throws(APIError) in
            try await api.readProcessLog(a, channel: .stderr)
        },
        supervisor("tailProcessStdoutLog", ["array", "string", "int", "int"], 3...3) { api, a throws(APIError) in
            try await api.tailProcessLog(a, channel: .stdout)
        },
        supervisor("tailProcessLog", ["array", "string", "int", "int"], 3...3) { api, a throws(APIError) in
            try await api.tailProcessLog(a, channel: .stdout)
        },
        supervisor("tailProcessStderrLog", ["array", "string", "int", "int"], 3...3) { api, a throws(APIError) in
            try await api.tailProcessLog(a, channel: .stderr)
        },
        supervisor("clearProcessLogs", ["boolean", "string"], 1...1) { api, a throws(APIError) in
            try await api.clearProcessLogs(a)
        },
        supervisor("clearProcessLog", ["boolean", "string"], 1...1) { api, a throws(APIError) in
            try await api.clearProcessLogs(a)
        },
        supervisor("clearAllProcessLogs", ["array"], 0...0) { api, _ throws(APIError) in
            await api.clearAllProcessLogs()
        },
    ]

    /// Our own namespace (docs/readiness.md): always callable, listed by `system.listMethods` only when the
    /// configuration uses readiness, health or dependency keys, so a plain Supervisor config lists exactly
    /// Supervisor's 41 names.
    static let extensionMethods: [RPCMethod] = [
        RPCMethod(
            name: "swiftsupervisor.getProcessChecks", signature: ["struct", "string"], arity: 1...1,
            refusedWhileStopping: true, handler: { api, a throws(APIError) in try await api.getProcessChecks(a) },
            ownHelp: "Get readiness, health and dependency details of a process (docs/readiness.md)\n\n"
                + "@param string name   The name of the process (or 'group:name')\n"
                + "@return struct result   name, group, ready_check, ready, notify_status, health_check, health, "
                + "health_failures, health_last_failure, depends_on, waiting_for, failure_restarts"),
        RPCMethod(
            name: "swiftsupervisor.getAllProcessChecks", signature: ["array"], arity: 0...0,
            refusedWhileStopping: true, handler: { api, _ throws(APIError) in await api.getAllProcessChecks() },
            ownHelp: "Get readiness, health and dependency details of every process\n\n"
                + "@return array result   one struct per process, as swiftsupervisor.getProcessChecks"),
    ]

    private static let systemMethods: [RPCMethod] = [
        RPCMethod(name: "system.listMethods", signature: ["array"], arity: 0...0, refusedWhileStopping: false) {
            api, _ throws(APIError) in .array(api.published.sortedNames.map { .string($0) })
        },
        RPCMethod(
            name: "system.methodHelp", signature: ["string", "string"], arity: 1...1, refusedWhileStopping: false
        ) { api, a throws(APIError) in
            guard let method = api.published.byName[try a.string(0)] else { throw .signatureUnsupported }
            return .string(method.help)
        },
        RPCMethod(
            name: "system.methodSignature", signature: ["array", "string"], arity: 1...1, refusedWhileStopping: false
        ) { api, a throws(APIError) in
            guard let method = api.published.byName[try a.string(0)] else { throw .signatureUnsupported }
            return .array(method.signature.map { .string($0) })
        },
        RPCMethod(
            name: "system.multicall", signature: ["array", "array"], arity: 1...1, refusedWhileStopping: false
        ) { api, a throws(APIError) in
            try await api.multicall(a)
        },
    ]
}
