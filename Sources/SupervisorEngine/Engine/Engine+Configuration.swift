import SupervisorConfig

/// The log files of one process once its group is active: AUTO replaced by the real path, nil for none.
public struct ResolvedLogfiles: Equatable, Sendable {
    public var stdout: String?
    public var stderr: String?

    public init(stdout: String?, stderr: String?) {
        self.stdout = stdout
        self.stderr = stderr
    }
}

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
}

/// One group of the last configuration read, for `getAllConfigInfo`.
public struct AvailableGroupInfo: Equatable, Sendable {
    public var config: ProcessGroupConfig
    /// The group is active.
    public var inUse: Bool
    /// Per process name, the paths this config object carries once activated; nil while it still says AUTO.
    public var resolvedLogfiles: [String: ResolvedLogfiles]?
}

extension Engine {
    /// `reloadConfig`: makes `groups` the configuration `addProcessGroup` draws from, and compares it with the
    /// active groups. Running processes are not touched.
    public func reread(_ newGroups: [ProcessGroupConfig]) -> ConfigDiff {
        available = newGroups.map { AvailableGroup(config: $0, resolvedLogfiles: nil) }
        let active = groups.sorted { $0.sequence < $1.sequence }.map(\.config)
        let activeByName = Dictionary(active.map { ($0.name, $0) }, uniquingKeysWith: { first, _ in first })
        let newNames = Set(newGroups.map(\.name))
        return ConfigDiff(
            added: newGroups.filter { activeByName[$0.name] == nil }.map(\.name),
            changed: newGroups.filter { g in activeByName[g.name].map { !Self.sameGroup($0, g) } ?? false }.map(\.name),
            removed: active.filter { !newNames.contains($0.name) }.map(\.name))
    }

    /// The groups of the last configuration read, in its order, with whether each is active.
    public func availableGroups() -> [AvailableGroupInfo] {
        let activeNames = Set(groups.map(\.config.name))
        return available.map {
            AvailableGroupInfo(
                config: $0.config, inUse: activeNames.contains($0.config.name), resolvedLogfiles: $0.resolvedLogfiles)
        }
    }

    /// Supervisor's `ProcessGroupConfig.__eq__` (and the pool and FastCGI variants): name, priority, the ordered
    /// process configs compared option by option with AUTO log files skipped (spec config.md §9). A `[program:x]`
    /// and a `[group:x]` are the same kind there; a pool or FastCGI group differs from any other kind.
    static func sameGroup(_ a: ProcessGroupConfig, _ b: ProcessGroupConfig) -> Bool {
        guard a.name == b.name, a.priority == b.priority, a.processes.count == b.processes.count else { return false }
        switch (a.kind, b.kind) {
        case (.program, .program), (.program, .heterogeneous), (.heterogeneous, .program),
            (.heterogeneous, .heterogeneous):
            break
        default:
            guard a.kind == b.kind else { return false }
        }
        return zip(a.processes, b.processes).allSatisfy { sameProcess($0, $1) }
    }

    static func sameProcess(_ a: ProcessConfig, _ b: ProcessConfig) -> Bool {
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

    // MARK: - Stdin, logs, remote events

    /// `sendProcessStdin`: queues bytes for the process's stdin.
    /// - Throws: `.notRunning` when it has no pid or is being stopped, `.noFile` when its stdin is closed.
    public func sendStdin(_ key: ProcessKey, name: String, bytes: [UInt8]) throws(EngineError) {
        guard state == .running else { throw .shutdownState }
        guard let record = processes[key] else { throw .badName(name) }
        guard record.machine.pid != 0, !record.machine.killing else { throw .notRunning(name) }
        if runtime.writeStdin(bytes, to: record.machine.pid) == .closed { throw .noFile(name) }
    }

    /// `clearProcessLogs`: empties the process's log files. Like Supervisor, nothing happens for a process that
    /// was never started (it has no log handlers yet).
    /// - Throws: `.failed(name)` when a file cannot be removed or recreated.
    public func clearLogs(_ key: ProcessKey, name: String) throws(EngineError) {
        guard state == .running else { throw .shutdownState }
        guard let record = processes[key] else { throw .badName(name) }
        guard record.machine.lastStart != nil || record.machine.pid != 0 else { return }
        let paths = [record.stdoutLogfile, record.stderrLogfile].compactMap { $0 }
        if let problem = runtime.clearLogs(paths, of: record.machine.pid) {
            logger.log(.error, "could not clear the logs of \(name): \(problem)")
            throw .failed(name)
        }
    }

    /// `sendRemoteCommEvent`: emits REMOTE_COMMUNICATION, in any daemon state.
    public func sendRemoteCommEvent(type: String, data: String) {
        emit(.remoteCommunication(type: type, data: data))
    }
}
