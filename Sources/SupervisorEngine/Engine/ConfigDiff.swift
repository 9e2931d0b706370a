import SupervisorConfig

/// What `reloadConfig` reports: group names added to, changed in, and removed from the configuration, compared
/// with the active groups (Supervisor's `diff_to_active`).
public struct ConfigDiff: Equatable, Sendable {
    /// In the new configuration's order.
    public var added: [String]
    /// In the new configuration's order.
    public var changed: [String]
    /// In the order the groups were activated.
    public var removed: [String]

    public init(added: [String], changed: [String], removed: [String]) {
        self.added = added
        self.changed = changed
        self.removed = removed
    }

    /// Supervisor's `diff_to_active`: `active` are the active group configs in the order they were activated,
    /// with AUTO log files already replaced by the paths they got on activation (Supervisor's
    /// `create_autochildlogs` writes them into the active config objects); `new` is the configuration just read.
    public static func compare(active: [ProcessGroupConfig], new: [ProcessGroupConfig]) -> ConfigDiff {
        var activeByName: [String: ProcessGroupConfig] = [:]
        for group in active where activeByName[group.name] == nil { activeByName[group.name] = group }
        let newNames = Set(new.map(\.name))
        return ConfigDiff(
            added: new.filter { activeByName[$0.name] == nil }.map(\.name),
            changed: new.filter { g in activeByName[g.name].map { !sameGroup($0, g) } ?? false }.map(\.name),
            removed: active.filter { !newNames.contains($0.name) }.map(\.name))
    }

    /// Supervisor's `ProcessGroupConfig.__eq__` and its pool and FastCGI variants: name, priority, the process
    /// configs pairwise in order (`process_configs` is a list), and per kind:
    /// - `[program:x]` and `[group:x]` are one class there (`ProcessGroupConfig`), so moving the only program of
    ///   a group into a `[group:x]` of the same name, priority and processes is no change;
    /// - a pool also compares `buffer_size`, `events` and `result_handler`; repeats of an event do not count, nor
    ///   (here) their order: Supervisor's `pool_events` is a list made from a set, so reordered events compare
    ///   equal there or not depending on the interpreter's hash seed;
    /// - a FastCGI group also compares its socket, by URL only (`SocketConfig.__eq__`: mode, owner and backlog
    ///   are not compared);
    /// - groups of different classes always differ.
    public static func sameGroup(_ a: ProcessGroupConfig, _ b: ProcessGroupConfig) -> Bool {
        guard a.name == b.name, a.priority == b.priority, a.processes.count == b.processes.count else { return false }
        switch (a.kind, b.kind) {
        case (.program, .program), (.program, .heterogeneous), (.heterogeneous, .program),
            (.heterogeneous, .heterogeneous):
            break
        case (.eventListenerPool(let x), .eventListenerPool(let y)):
            guard x.bufferSize == y.bufferSize, Set(x.events) == Set(y.events), x.resultHandler == y.resultHandler
            else { return false }
        case (.fastCGI(let x), .fastCGI(let y)):
            guard x.url == y.url else { return false }
        default:
            return false
        }
        return zip(a.processes, b.processes).allSatisfy { sameProcess($0, $1) }
    }

    /// Supervisor's `ProcessConfig.__eq__`: every option in `req_param_names` and `optional_param_names` (which
    /// are exactly the fields of `ProcessConfig`, the section aside), skipping an option that is AUTO on either
    /// side. Only log files can be AUTO; an active config never is (its AUTO files were resolved), so a new AUTO
    /// matches any old file, while a new explicit file differs from an old generated one.
    public static func sameProcess(_ a: ProcessConfig, _ b: ProcessConfig) -> Bool {
        var a = a
        var b = b
        if a.stdout.logfile == .auto || b.stdout.logfile == .auto {
            a.stdout.logfile = .auto
            b.stdout.logfile = .auto
        }
        if a.stderr.logfile == .auto || b.stderr.logfile == .auto {
            a.stderr.logfile = .auto
            b.stderr.logfile = .auto
        }
        // The section is not an option; Supervisor does not compare it.
        a.section = b.section
        return a == b
    }
}
