/// Health of one RUNNING process as a pure value: consecutive failures of its `health_check` decide when it is
/// unhealthy (`health_retries` in a row), and one success makes it healthy again.
public struct HealthMonitor: Equatable, Sendable {
    public enum Status: String, Equatable, Sendable {
        /// No try has finished since the process entered RUNNING.
        case unknown
        case healthy
        case unhealthy
    }

    /// What a result changed, for the main log and the action.
    public enum Transition: Equatable, Sendable {
        /// The first success, or a success after failures that had not yet made it unhealthy.
        case healthy
        /// `retries` failures in a row: the action applies.
        case becameUnhealthy
        /// A success after it was unhealthy.
        case recovered
    }

    public let retries: Int
    public private(set) var status: Status = .unknown
    public private(set) var consecutiveFailures = 0
    public private(set) var lastFailure: String?

    public init(retries: Int) {
        self.retries = max(1, retries)
    }

    /// Records one try; returns the transition it caused, if any.
    public mutating func record(_ result: ProbeResult) -> Transition? {
        switch result {
        case .passed:
            let before = status
            consecutiveFailures = 0
            status = .healthy
            switch before {
            case .unhealthy: return .recovered
            case .unknown: return .healthy
            case .healthy: return nil
            }
        case .failed(let reason):
            consecutiveFailures += 1
            lastFailure = reason
            guard consecutiveFailures >= retries, status != .unhealthy else { return nil }
            status = .unhealthy
            return .becameUnhealthy
        }
    }

    /// A new run of the process starts unchecked.
    public mutating func reset() {
        status = .unknown
        consecutiveFailures = 0
        lastFailure = nil
    }

    /// The words `getProcessInfo`'s description adds after the uptime: `healthy`, `health not checked yet`,
    /// `healthy (last check failed: HTTP 503, 1 of 3)`, `unhealthy: HTTP 503 (3 of 3)`.
    public var summary: String {
        switch status {
        case .unknown where consecutiveFailures == 0:
            return "health not checked yet"
        case .unknown, .healthy:
            guard consecutiveFailures > 0, let lastFailure else { return "healthy" }
            let prefix = status == .unknown ? "health not known" : "healthy"
            return "\(prefix) (last check failed: \(lastFailure), \(consecutiveFailures) of \(retries))"
        case .unhealthy:
            let count = consecutiveFailures <= retries
                ? "\(consecutiveFailures) of \(retries)" : "\(consecutiveFailures) in a row"
            return "unhealthy: \(lastFailure ?? "failed") (\(count))"
        }
    }
}
