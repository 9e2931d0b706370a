import SupervisorConfig
import SupervisorEngine
import XMLRPC

// supervisor.* methods about the configuration: reread, add and remove groups, the config of every process.
extension SupervisorAPI {
    /// `[[added, changed, removed]]`: a one-element array (Supervisor: "cannot return len > 1, apparently").
    func reloadConfig() async throws(APIError) -> XMLRPCValue {
        let configuration: SupervisorConfiguration
        do throws(ConfigError) {
            configuration = try services.rereadConfiguration()
        } catch {
            throw .cantReread(error.rereadMessage)
        }
        let diff = await engine.reread(configuration.groups)
        func names(_ list: [String]) -> XMLRPCValue { .array(list.map { .string($0) }) }
        return [[names(diff.added), names(diff.changed), names(diff.removed)]]
    }

    func addProcessGroup(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        let name = try a.string(0)
        try await run { () async throws(EngineError) in try await engine.addGroup(named: name) }
        return true
    }

    func removeProcessGroup(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        let name = try a.string(0)
        try await run { () async throws(EngineError) in try await engine.removeGroup(name) }
        return true
    }

    /// One struct per process of the last configuration read, sorted by process name (stable).
    func getAllConfigInfo() async -> XMLRPCValue {
        var entries: [(name: String, value: XMLRPCValue)] = []
        for group in await engine.availableGroups() {
            for process in group.config.processes {
                let resolved = group.resolvedLogfiles?[process.name]
                entries.append(
                    (process.name, ConfigInfoEncoding.encode(process, group: group, resolved: resolved)))
            }
        }
        let sorted = entries.enumerated().sorted {
            $0.element.name == $1.element.name
                ? $0.offset < $1.offset : $0.element.name.utf8.lexicographicallyPrecedes($1.element.name.utf8)
        }
        return .array(sorted.map(\.element.value))
    }
}
