import SupervisorConfig

/// Readiness, health and dependency details of one process at one moment, for our own
/// `swiftsupervisor.getProcessChecks` (Supervisor's `getProcessInfo` keeps its exact shape).
public struct ProcessCheckSnapshot: Equatable, Sendable {
    /// One `depends_on` process and where it stands.
    public struct DependencyStanding: Equatable, Sendable {
        /// `group:name`, or `name` when they are the same.
        public var name: String
        public var condition: DependencyCondition
        public var met: Bool
        /// Its state name (`STARTING`), or `not loaded`.
        public var state: String
    }

    public var name: String
    public var group: String
    /// The `ready_check` as written; nil without one.
    public var readyCheck: String?
    /// The current child passed its readiness check (or, without a check, the process is RUNNING).
    public var ready: Bool
    /// The last `STATUS=` of a notify process.
    public var notifyStatus: String?
    /// The `health_check` as written; nil without one.
    public var healthCheck: String?
    /// `unknown`, `healthy` or `unhealthy`; nil without a health check.
    public var health: HealthMonitor.Status?
    public var healthFailures: Int
    public var lastHealthFailure: String?
    public var dependencies: [DependencyStanding]
    /// The description words of a waiting or blocked start, nil when none.
    public var waitingFor: String?
    /// Restarts caused by health or watchdog failures in a row.
    public var failureRestarts: Int
}

extension Engine {
    /// The check details of one process by namespec.
    public func processChecks(_ namespec: String) throws(EngineError) -> ProcessCheckSnapshot {
        let (group, name) = try resolve(namespec)
        guard let name, let record = processes[ProcessKey(group: group, name: name)] else { throw .badName(namespec) }
        return checkSnapshot(record, key: ProcessKey(group: group, name: name))
    }

    /// The check details of every process, groups in start order and processes in config order.
    public func allProcessChecks() -> [ProcessCheckSnapshot] {
        groups.flatMap { g in
            g.processNames.compactMap { name in
                let key = ProcessKey(group: g.config.name, name: name)
                return processes[key].map { checkSnapshot($0, key: key) }
            }
        }
    }

    private func checkSnapshot(_ record: ProcessRecord, key: ProcessKey) -> ProcessCheckSnapshot {
        let m = record.machine
        let options = record.checks?.options
        var standings: [ProcessCheckSnapshot.DependencyStanding] = []
        for dependency in options?.dependencies ?? [] {
            for reference in dependency.processes {
                let view = dependencyView(reference)
                let met = DependencyGate.standing(of: view, for: dependency.condition) == .met
                standings.append(.init(
                    name: reference.description, condition: dependency.condition, met: met,
                    state: view?.state.name ?? "not loaded"))
            }
        }
        // Only for a start that is due (autostart, autorestart, a retry, a request), as the description shows it.
        let waiting: String? = switch record.checks?.gate == .open ? .open : dependencyVerdict(key) {
        case .open: nil
        case .waiting(let text), .blocked(let text): text
        }
        let checks = record.checks
        return ProcessCheckSnapshot(
            name: key.name, group: key.group, readyCheck: options?.readiness?.check.description,
            ready: options?.readiness == nil ? m.state == .running : (m.isReady || m.state == .running),
            notifyStatus: checks?.notifyPid == m.pid ? checks?.notifyStatus : nil,
            healthCheck: options?.health?.check.description,
            health: options?.health == nil ? nil : checks?.health.status,
            healthFailures: checks?.health.consecutiveFailures ?? 0, lastHealthFailure: checks?.health.lastFailure,
            dependencies: standings, waitingFor: waiting, failureRestarts: checks?.failureRestarts ?? 0)
    }
}
