import SupervisorConfig

/// `depends_on`: starts wait for dependencies, stops wait for dependents. Only processes whose config has
/// dependencies (or that others depend on) are affected; without the key every path is Supervisor's.
extension Engine {
    // MARK: - Gate

    /// How a dependency process looks to `DependencyGate`; nil when it is not loaded.
    func dependencyView(_ reference: ProcessReference) -> DependencyView? {
        guard let record = processes[ProcessKey(group: reference.group, name: reference.name)] else { return nil }
        let m = record.machine
        let expected = m.exitStatus.map { record.config.exitCodes.contains($0) } ?? false
        let willRestart: Bool = switch record.config.autorestart {
        case .always: true
        case .unexpected: !expected
        case .never: false
        }
        return DependencyView(
            state: m.state, pid: m.pid, wasStarted: m.lastStart != nil, exitedExpected: m.state == .exited && expected,
            exitStatus: m.exitStatus, willRestart: m.state == .exited && willRestart)
    }

    /// The verdict for `key`'s dependencies now (open when it has none).
    func dependencyVerdict(_ key: ProcessKey) -> DependencyGate.Verdict {
        guard let dependencies = processes[key]?.checks?.options.dependencies, !dependencies.isEmpty else { return .open }
        return DependencyGate.verdict(dependencies) { dependencyView($0) }
    }

    /// Whether the machine of `key` would start by itself in this pass (autostart, autorestart, a backoff retry).
    private func wouldAutoStart(_ record: ProcessRecord) -> Bool {
        let m = record.machine
        switch m.state {
        case .stopped: return m.lastStart == nil && record.config.autostart
        case .exited, .backoff: return true
        default: return false
        }
    }

    /// Before the machine's pass: may `key` start by itself now? Records the verdict for the description and logs
    /// a change of blocker once.
    func mayAutoStart(_ key: ProcessKey) -> Bool {
        guard let record = processes[key], let checks = record.checks, !checks.options.dependencies.isEmpty else {
            return true
        }
        let candidate = wouldAutoStart(record) || pendingStarts[key] != nil
        let verdict: DependencyGate.Verdict = candidate ? dependencyVerdict(key) : .open
        processes[key]?.checks?.gate = verdict
        reportGate(key, verdict)
        return verdict.isOpen
    }

    private func reportGate(_ key: ProcessKey, _ verdict: DependencyGate.Verdict) {
        let logged = processes[key]?.checks?.loggedGate
        switch verdict {
        case .open:
            if logged != nil { processes[key]?.checks?.loggedGate = nil }
        case .waiting(let text):
            // Once per wait, not at each state change of the dependency.
            if logged == nil {
                logger.log(.info, "\(key.name) is \(text)")
                processes[key]?.checks?.loggedGate = "waiting"
            }
        case .blocked(let text):
            if logged != text {
                logger.log(.warn, "\(key.name) is not started: \(text)")
                processes[key]?.checks?.loggedGate = text
            }
        }
    }

    // MARK: - Explicit starts

    /// `startProcess` of a process with dependencies: starts what it depends on first (recursively), then this
    /// process once every dependency meets its condition.
    func requestStartWithDependencies(_ key: ProcessKey, name: String) throws(EngineError) {
        _ = try startable(key, name: name)
        var visited: Set<ProcessKey> = [key]
        startDependencies(of: key, visited: &visited)
        processes[key]?.checks?.restartAt = nil
        if pendingStarts[key] == nil { pendingStarts[key] = [] }
        checksChangedThisPass = true
        poke()
    }

    private func startDependencies(of key: ProcessKey, visited: inout Set<ProcessKey>) {
        for dependency in processes[key]?.checks?.options.dependencies ?? [] {
            for reference in dependency.processes {
                let depKey = ProcessKey(group: reference.group, name: reference.name)
                guard visited.insert(depKey).inserted, let record = processes[depKey] else { continue }
                if case .met = DependencyGate.standing(of: dependencyView(reference), for: dependency.condition) {
                    continue
                }
                guard record.machine.canStart, pendingStarts[depKey] == nil else { continue }
                if let deps = record.checks?.options.dependencies, !deps.isEmpty {
                    startDependencies(of: depKey, visited: &visited)
                    pendingStarts[depKey] = []
                } else {
                    processes[depKey]?.checks?.restartAt = nil
                    apply(.start, to: depKey)
                }
            }
        }
    }

    /// Waits until a pending start of `key` began (nil) or cannot happen (the error).
    func waitForPendingStart(_ key: ProcessKey) async -> EngineError? {
        guard pendingStarts[key] != nil else { return nil }
        return await withCheckedContinuation { c in pendingStarts[key, default: []].append(c) }
    }

    /// In each pass, before the machines: pending explicit starts whose dependencies are met begin; those whose
    /// dependencies can no longer be met fail.
    func advancePendingStarts(at now: Moment) {
        for (key, waiting) in pendingStarts {
            guard let record = processes[key] else {
                pendingStarts[key] = nil
                for c in waiting { c.resume(returning: .badName(key.namespec)) }
                continue
            }
            let verdict = dependencyVerdict(key)
            processes[key]?.checks?.gate = verdict
            reportGate(key, verdict)
            switch verdict {
            case .waiting:
                continue
            case .open:
                pendingStarts[key] = nil
                if record.machine.canStart { apply(.start, to: key, at: now) }
                for c in waiting { c.resume(returning: nil) }
            case .blocked(let why):
                pendingStarts[key] = nil
                for c in waiting { c.resume(returning: .dependencyFailed(key.namespec, why)) }
            }
        }
    }

    /// Drops every pending start (shutdown), failing their waiters.
    func cancelPendingStarts() {
        let all = pendingStarts
        pendingStarts.removeAll()
        for (_, waiting) in all { for c in waiting { c.resume(returning: .shutdownState) } }
    }

    // MARK: - Orders

    /// The processes that depend on `key` (any condition).
    func dependents(of key: ProcessKey) -> [ProcessKey] {
        let reference = ProcessReference(group: key.group, name: key.name)
        return processes.compactMap { other, record in
            guard let deps = record.checks?.options.dependencies,
                  deps.contains(where: { $0.processes.contains(reference) }) else { return nil }
            return other
        }
    }

    /// During shutdown with dependencies: every process whose dependents have all stopped gets its stop
    /// (groups and processes in Supervisor's stopping order), so a dependency is signalled only after every
    /// dependent of it exited.
    func stopForShutdownInDependencyOrder() {
        for group in groups.reversed() {
            let keys = group.processNames.map { ProcessKey(group: group.config.name, name: $0) }
            let ordered = keys.sorted { (processes[$0]?.config.priority ?? 0) > (processes[$1]?.config.priority ?? 0) }
            for key in ordered where !(processes[key]?.machine.state.isStopped ?? true) {
                let waiting = dependents(of: key).contains { !(processes[$0]?.machine.state.isStopped ?? true) }
                if !waiting { apply(.stopForShutdown, to: key) }
            }
        }
    }

    /// Orders `keys` so that each process comes after what it depends on (stable otherwise).
    func startOrder(_ keys: [ProcessKey]) -> [ProcessKey] {
        let inSet = Set(keys)
        var placed: Set<ProcessKey> = []
        var result: [ProcessKey] = []
        var remaining = keys
        while !remaining.isEmpty {
            let ready = remaining.filter { key in
                let deps = processes[key]?.checks?.options.dependencies.flatMap(\.processes) ?? []
                return deps.allSatisfy { ref in
                    let k = ProcessKey(group: ref.group, name: ref.name)
                    return !inSet.contains(k) || placed.contains(k) || k == key
                }
            }
            let wave = ready.isEmpty ? remaining : ready
            result += wave
            placed.formUnion(wave)
            remaining.removeAll { placed.contains($0) }
        }
        return result
    }

    /// `stopProcessGroup`/`stopAllProcesses` when some of `keys` depend on others: in waves, each wave the
    /// processes none of whose dependents among `keys` still runs; each wave is awaited before the next.
    func stopInDependencyOrder(_ keys: [ProcessKey], wait: Bool) async -> [ProcessOutcome] {
        var remaining = keys.filter { processes[$0]?.machine.state.isRunning ?? false }
        var results: [ProcessOutcome] = []
        while !remaining.isEmpty {
            let set = Set(remaining)
            var wave = remaining.filter { key in
                !dependents(of: key).contains { set.contains($0) && !(processes[$0]?.machine.state.isStopped ?? true) }
            }
            if wave.isEmpty { wave = remaining }
            remaining.removeAll { wave.contains($0) }
            guard wait else {
                // The caller does not wait: the first wave gets its signal now, the others once it stopped.
                results += await stopProcessesNow(wave, wait: false)
                if !remaining.isEmpty {
                    let rest = remaining
                    let first = wave
                    Task {
                        _ = await self.finishAll(first, until: { $0.isStopped }) { _, _ in nil }
                        _ = await self.stopInDependencyOrder(rest, wait: true)
                    }
                }
                return results + remaining.map { ProcessOutcome(key: $0, error: nil) }
            }
            results += await stopProcessesNow(wave, wait: true)
        }
        return results
    }
}

extension Engine {
    /// The process has `depends_on`.
    func hasDependencies(_ key: ProcessKey) -> Bool {
        !(processes[key]?.checks?.options.dependencies.isEmpty ?? true)
    }

    /// An explicit start or stop replaces a pending failure restart or dependency wait.
    func cancelFailureRestart(_ key: ProcessKey) {
        processes[key]?.checks?.restartAt = nil
        processes[key]?.checks?.restartAfterStop = nil
        processes[key]?.checks?.failureReason = nil
        if let waiting = pendingStarts.removeValue(forKey: key) {
            for c in waiting { c.resume(returning: .abnormalTermination(key.namespec)) }
        }
    }
}
