/// The outcome of one process in a group or "all" operation (`startProcessGroup`, `stopAllProcesses`, ...):
/// nil `error` means success.
public struct ProcessOutcome: Equatable, Sendable {
    public var key: ProcessKey
    public var error: EngineError?

    public init(key: ProcessKey, error: EngineError?) {
        self.key = key
        self.error = error
    }
}

extension Engine {
    // MARK: - Orders

    /// Groups in Supervisor's `pgroups.sort()` order: ascending priority, ties in the order they were added.
    private var groupsByPriority: [GroupRecord] {
        groups.sorted { ($0.config.priority, $0.sequence) < ($1.config.priority, $1.sequence) }
    }

    /// A group's processes in ascending priority, ties in config order (Supervisor's `processes.sort()`).
    private func keysByPriority(_ group: GroupRecord) -> [ProcessKey] {
        let keys = group.processNames.map { ProcessKey(group: group.config.name, name: $0) }
        let indexed = keys.enumerated().map { (offset: $0.offset, key: $0.element) }
        return indexed.sorted {
            let a = processes[$0.key]?.config.priority ?? 0
            let b = processes[$1.key]?.config.priority ?? 0
            return (a, $0.offset) < (b, $1.offset)
        }.map(\.key)
    }

    /// Every active process, groups and processes in ascending priority (Supervisor's `_getAllProcesses()`).
    public func allProcessKeys() -> [ProcessKey] {
        groupsByPriority.flatMap { keysByPriority($0) }
    }

    /// The processes of one group in ascending priority.
    /// - Throws: `.badName(group)` when no such group is active.
    public func processKeys(inGroup name: String) throws(EngineError) -> [ProcessKey] {
        guard let group = groups.first(where: { $0.config.name == name }) else { throw .badName(name) }
        return keysByPriority(group)
    }

    /// The active groups in the order Supervisor's `process_groups` dict keeps them (order of addition).
    public var activeGroupNames: [String] {
        groups.sorted { $0.sequence < $1.sequence }.map(\.config.name)
    }

    // MARK: - Group operations

    /// `startProcessGroup` / `startAllProcesses` (Supervisor's `make_allfunc` with `isNotRunning`): every process
    /// not in a running state is started now, in the given order; with `wait`, the ones still STARTING are then
    /// awaited together. Immediate outcomes come in call order, awaited ones as they finish.
    public func startProcesses(_ keys: [ProcessKey], wait: Bool) async -> [ProcessOutcome] {
        var results: [ProcessOutcome] = []
        var pending: [ProcessKey] = []
        var dependents: [ProcessKey] = []
        // With `depends_on`, what others depend on starts first; dependents start once their dependencies are met.
        for key in usesDependencies ? startOrder(keys) : keys {
            guard let record = processes[key], !record.machine.state.isRunning else { continue }
            if hasDependencies(key) {
                do throws(EngineError) {
                    try requestStartWithDependencies(key, name: key.namespec)
                    if wait { dependents.append(key) } else { results.append(ProcessOutcome(key: key, error: nil)) }
                } catch {
                    results.append(ProcessOutcome(key: key, error: error))
                }
                continue
            }
            do throws(EngineError) {
                let done = try beginStart(key, name: key.namespec)
                if done || !wait {
                    results.append(ProcessOutcome(key: key, error: nil))
                } else {
                    pending.append(key)
                }
            } catch {
                results.append(ProcessOutcome(key: key, error: error))
            }
        }
        results += await finishAll(pending, until: { $0 != .starting }) { key, machine in
            if machine?.spawnError != nil { return .spawnError(key.namespec) }
            return machine?.state == .running ? nil : .abnormalTermination(key.namespec)
        }
        for key in dependents {
            if let error = await waitForPendingStart(key) {
                results.append(ProcessOutcome(key: key, error: error))
                continue
            }
            do throws(EngineError) {
                if processes[key]?.machine.state != .running { try await finishStart(key, name: key.namespec) }
                results.append(ProcessOutcome(key: key, error: nil))
            } catch {
                results.append(ProcessOutcome(key: key, error: error))
            }
        }
        return results
    }

    /// `stopProcessGroup` / `stopAllProcesses` (`make_allfunc` with `isRunning`): every process in a running state
    /// gets its stop signal now, in the given (ascending priority) order; with `wait`, all are then awaited.
    public func stopProcesses(_ keys: [ProcessKey], wait: Bool) async -> [ProcessOutcome] {
        if usesDependencies, keys.contains(where: { !dependents(of: $0).isEmpty }) {
            return await stopInDependencyOrder(keys, wait: wait)
        }
        return await stopProcessesNow(keys, wait: wait)
    }

    /// Stops `keys` in the given order at once (Supervisor's way).
    func stopProcessesNow(_ keys: [ProcessKey], wait: Bool) async -> [ProcessOutcome] {
        var results: [ProcessOutcome] = []
        var pending: [ProcessKey] = []
        for key in keys {
            guard let record = processes[key], record.machine.state.isRunning else { continue }
            do throws(EngineError) {
                let done = try beginStop(key, name: key.namespec)
                if done || !wait {
                    results.append(ProcessOutcome(key: key, error: nil))
                } else {
                    pending.append(key)
                }
            } catch {
                results.append(ProcessOutcome(key: key, error: error))
            }
        }
        return results + (await finishAll(pending, until: { $0.isStopped }) { _, _ in nil })
    }

    /// Waits for every pending process at once; outcomes in the order they finish.
    func finishAll(
        _ keys: [ProcessKey], until isDone: @escaping @Sendable (ProcessState) -> Bool,
        outcome: (ProcessKey, ProcessStateMachine?) -> EngineError?
    ) async -> [ProcessOutcome] {
        guard !keys.isEmpty else { return [] }
        var outcomes: [ProcessOutcome] = []
        for await (key, machine) in waitForMachines(keys, isDone) {
            outcomes.append(ProcessOutcome(key: key, error: outcome(key, machine)))
            if outcomes.count == keys.count { break }
        }
        return outcomes
    }

    /// `signalProcessGroup` / `signalAllProcesses` (`make_allfunc` with `isSignallable`): the signal goes to every
    /// process in RUNNING, STARTING or STOPPING. A nil `signal` (not a valid signal) gives each of them
    /// BAD_SIGNAL with `spelling`, as Supervisor checks the signal per process.
    public func signalProcesses(_ keys: [ProcessKey], signal: Int32?, spelling: String) -> [ProcessOutcome] {
        var results: [ProcessOutcome] = []
        for key in keys {
            guard let record = processes[key], record.machine.state.isSignallable else { continue }
            do throws(EngineError) {
                guard let signal else { throw EngineError.badSignal(spelling) }
                try signalProcess(key, name: key.namespec, signal: signal)
                results.append(ProcessOutcome(key: key, error: nil))
            } catch {
                results.append(ProcessOutcome(key: key, error: error))
            }
        }
        return results
    }
}
