/// Finds the processes each `depends_on` name stands for, once every group is read, and refuses unknown names,
/// self-dependencies and cycles.
///
/// A name with a `:` is `GROUP:PROCESS`; a name without one is a group (all its processes: a `[program:x]`, a
/// `[group:x]`, an `[eventlistener:x]` pool, an `[fcgi-program:x]`), or else a `[program:x]` or `[fcgi-program:x]`
/// that is a member of a `[group:y]` (its processes in that group).
struct DependencyResolver {
    let doc: IniDocument

    func resolve(_ groups: inout [ProcessGroupConfig]) throws(ConfigError) {
        for g in groups.indices {
            for p in groups[g].processes.indices {
                guard var checks = groups[g].processes[p].checks, !checks.dependencies.isEmpty else { continue }
                let process = groups[g].processes[p]
                let me = ProcessReference(group: groups[g].name, name: process.name)
                for d in checks.dependencies.indices {
                    let name = checks.dependencies[d].name
                    let found = try processes(named: name, in: groups, for: process)
                    if found.contains(me) {
                        throw error(
                            "\(me) depends on itself through '\(name)'", process,
                            hint: "a process cannot wait for itself; remove '\(name)' or name the other processes "
                                + "as GROUP:PROCESS")
                    }
                    checks.dependencies[d].processes = found
                }
                groups[g].processes[p].checks = checks
            }
        }
        if let cycle = DependencyOrder.cycle(in: groups), let first = cycle.first,
           let group = groups.first(where: { $0.name == first.group }),
           let process = group.processes.first(where: { $0.name == first.name }) {
            throw error("dependency cycle: " + cycle.map(\.description).joined(separator: " -> "), process,
                        hint: "remove one of these depends_on entries")
        }
    }

    private func processes(
        named name: String, in groups: [ProcessGroupConfig], for process: ProcessConfig
    ) throws(ConfigError) -> [ProcessReference] {
        let hint = "expected a program or group name, or GROUP:PROCESS, optionally followed by :ready, :started or "
            + ":completed"
        if let colon = name.firstIndex(of: ":") {
            let groupName = String(name[..<colon])
            let processName = String(name[name.index(after: colon)...])
            guard let group = groups.first(where: { $0.name == groupName }) else {
                throw error("depends_on names unknown group '\(groupName)' in '\(name)'", process, hint: hint)
            }
            guard group.processes.contains(where: { $0.name == processName }) else {
                throw error(
                    "group '\(groupName)' has no process '\(processName)'", process,
                    hint: "its processes: " + group.processes.map(\.name).joined(separator: ", "))
            }
            return [ProcessReference(group: groupName, name: processName)]
        }
        if let group = groups.first(where: { $0.name == name }) {
            return group.processes.map { ProcessReference(group: group.name, name: $0.name) }
        }
        var members: [ProcessReference] = []
        for group in groups where group.kind == .heterogeneous {
            for member in group.processes where member.section == "program:\(name)" || member.section == "fcgi-program:\(name)" {
                members.append(ProcessReference(group: group.name, name: member.name))
            }
        }
        guard !members.isEmpty else {
            throw error("depends_on names unknown program or group '\(name)'", process, hint: hint)
        }
        return members
    }

    private func error(_ message: String, _ process: ProcessConfig, hint: String) -> ConfigError {
        var e = ConfigError(message, location: doc.value(process.section, CheckParser.dependencyKey)?.location
                                ?? doc.sectionLocations[process.section],
                            section: process.section, option: CheckParser.dependencyKey, hint: hint)
        e.inOptionBeyondSupervisor = true
        return e
    }
}
