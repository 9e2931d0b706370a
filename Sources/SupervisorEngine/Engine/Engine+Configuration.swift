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
    /// active groups (`ConfigDiff.compare`). Running processes are not touched.
    public func reread(_ newGroups: [ProcessGroupConfig]) -> ConfigDiff {
        available = newGroups.map { AvailableGroup(config: $0, resolvedLogfiles: nil) }
        return ConfigDiff.compare(active: activeConfigsAsResolved(), new: newGroups)
    }

    /// The active group configs in activation order, as Supervisor holds them once activated: every AUTO log
    /// file replaced by the path the process got.
    private func activeConfigsAsResolved() -> [ProcessGroupConfig] {
        groups.sorted { $0.sequence < $1.sequence }.map { group in
            var config = group.config
            for i in config.processes.indices {
                let p = config.processes[i]
                guard let record = processes[ProcessKey(group: config.name, name: p.name)] else { continue }
                if p.stdout.logfile == .auto, let path = record.stdoutLogfile {
                    config.processes[i].stdout.logfile = .path(path)
                }
                if p.stderr.logfile == .auto, let path = record.stderrLogfile {
                    config.processes[i].stderr.logfile = .path(path)
                }
            }
            return config
        }
    }

    /// The groups of the last configuration read, in its order, with whether each is active.
    public func availableGroups() -> [AvailableGroupInfo] {
        let activeNames = Set(groups.map(\.config.name))
        return available.map {
            AvailableGroupInfo(
                config: $0.config, inUse: activeNames.contains($0.config.name), resolvedLogfiles: $0.resolvedLogfiles)
        }
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
