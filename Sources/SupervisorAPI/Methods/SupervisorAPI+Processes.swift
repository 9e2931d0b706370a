import SupervisorConfig
import SupervisorEngine
import XMLRPC

// supervisor.* methods that act on processes: info, start, stop, signal, stdin, remote events.
extension SupervisorAPI {
    // MARK: - Names

    /// Supervisor's `_getGroupAndProcess`: BAD_NAME (with the name as given) for an unknown group or process;
    /// nil process for a whole group (`g:*`, `g:`).
    func resolve(_ name: String) async throws(APIError) -> (group: String, key: ProcessKey?) {
        let (group, process) = try await run { () async throws(EngineError) in try await engine.resolve(name) }
        return (group, process.map { ProcessKey(group: group, name: $0) })
    }

    /// Like `resolve`, but a whole group is BAD_NAME too (`getProcessInfo`, log methods, `clearProcessLogs`).
    func resolveProcess(_ name: String) async throws(APIError) -> ProcessKey {
        guard let key = try await resolve(name).key else { throw .engine(.badName(name)) }
        return key
    }

    private func groupKeys(_ name: String) async throws(APIError) -> [ProcessKey] {
        try await run { () async throws(EngineError) in try await engine.processKeys(inGroup: name) }
    }

    private static func results(_ outcomes: [ProcessOutcome]) -> XMLRPCValue {
        .array(outcomes.map(ProcessInfoEncoding.result))
    }

    // MARK: - Information

    func getProcessInfo(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        let name = try a.string(0)
        let key = try await resolveProcess(name)
        let snapshot = try await run { () async throws(EngineError) in try await engine.processInfo(key.namespec) }
        return ProcessInfoEncoding.encode(snapshot)
    }

    /// Every active process, groups then processes in lexical order (Supervisor's `lexical=True`).
    func getAllProcessInfo() async -> XMLRPCValue {
        let snapshots = await engine.allProcessInfo().sorted {
            $0.group == $1.group
                ? $0.name.utf8.lexicographicallyPrecedes($1.name.utf8)
                : $0.group.utf8.lexicographicallyPrecedes($1.group.utf8)
        }
        return .array(snapshots.map(ProcessInfoEncoding.encode))
    }

    // MARK: - Start and stop

    func startProcess(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        let name = try a.string(0)
        let wait = a.flag(1, default: true)
        let (group, key) = try await resolve(name)
        guard let key else { return try await startGroup(group, wait: wait) }
        try await run { () async throws(EngineError) in try await engine.startProcess(key, name: name, wait: wait) }
        return true
    }

    func startProcessGroup(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        try await startGroup(try a.string(0), wait: a.flag(1, default: true))
    }

    private func startGroup(_ name: String, wait: Bool) async throws(APIError) -> XMLRPCValue {
        let keys = try await groupKeys(name)
        return Self.results(await engine.startProcesses(keys, wait: wait))
    }

    func startAllProcesses(_ a: Arguments) async -> XMLRPCValue {
        let keys = await engine.allProcessKeys()
        return Self.results(await engine.startProcesses(keys, wait: a.flag(0, default: true)))
    }

    func stopProcess(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        let name = try a.string(0)
        let wait = a.flag(1, default: true)
        let (group, key) = try await resolve(name)
        guard let key else { return try await stopGroup(group, wait: wait) }
        try await run { () async throws(EngineError) in try await engine.stopProcess(key, name: name, wait: wait) }
        return true
    }

    func stopProcessGroup(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        try await stopGroup(try a.string(0), wait: a.flag(1, default: true))
    }

    private func stopGroup(_ name: String, wait: Bool) async throws(APIError) -> XMLRPCValue {
        let keys = try await groupKeys(name)
        return Self.results(await engine.stopProcesses(keys, wait: wait))
    }

    func stopAllProcesses(_ a: Arguments) async -> XMLRPCValue {
        let keys = await engine.allProcessKeys()
        return Self.results(await engine.stopProcesses(keys, wait: a.flag(0, default: true)))
    }

    // MARK: - Signals

    /// Supervisor's `signal_number`: a number (int or numeric text) or a name with or without `SIG`, any case.
    /// - Returns: the number, and the spelling a BAD_SIGNAL fault repeats (Python's `str(signal)`).
    static func parseSignal(_ value: XMLRPCValue) -> (number: Int32?, spelling: String) {
        let text: String
        switch value {
        case .int(let n): text = String(n)
        case .bool(let b): text = b ? "1" : "0"
        case .string(let s): text = s
        case .base64(let bytes): text = String(decoding: bytes, as: UTF8.self)
        default: return (nil, value.description)
        }
        let spelling = if case .bool(let b) = value { b ? "True" : "False" } else { text }
        return ((try? Datatypes.signal(text)), spelling)
    }

    func signalProcess(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        let name = try a.string(0)
        let (group, key) = try await resolve(name)
        guard let key else { return try await signalGroup(group, a[1]) }
        let (number, spelling) = Self.parseSignal(a[1])
        guard let number else { throw .engine(.badSignal(spelling)) }
        try await run { () async throws(EngineError) in try await engine.signalProcess(key, name: name, signal: number) }
        return true
    }

    func signalProcessGroup(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        try await signalGroup(try a.string(0), a[1])
    }

    private func signalGroup(_ name: String, _ signal: XMLRPCValue) async throws(APIError) -> XMLRPCValue {
        let keys = try await groupKeys(name)
        let (number, spelling) = Self.parseSignal(signal)
        return Self.results(await engine.signalProcesses(keys, signal: number, spelling: spelling))
    }

    func signalAllProcesses(_ a: Arguments) async -> XMLRPCValue {
        let keys = await engine.allProcessKeys()
        let (number, spelling) = Self.parseSignal(a[0])
        return Self.results(await engine.signalProcesses(keys, signal: number, spelling: spelling))
    }

    // MARK: - Stdin and remote events

    /// `chars` must be text (INCORRECT_PARAMETERS with the value otherwise, checked first as in Supervisor); it is
    /// written as UTF-8.
    func sendProcessStdin(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        let chars: [UInt8]
        switch a[1] {
        case .string(let text): chars = Array(text.utf8)
        case .base64(let bytes): chars = bytes
        default: throw .incorrectParameters(a[1].description)
        }
        let name = try a.string(0)
        let key = try await resolveProcess(name)
        try await run { () async throws(EngineError) in try await engine.sendStdin(key, name: name, bytes: chars) }
        return true
    }

    func sendRemoteCommEvent(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        let type = try a.string(0)
        let data = try a.string(1)
        await engine.sendRemoteCommEvent(type: type, data: data)
        return true
    }
}
