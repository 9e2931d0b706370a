/// How long a process waits before its next start after failures (`backoff_strategy`, `backoff_max`,
/// `restart_backoff`, `backoff_reset_after`). nil on a `ProcessConfig` that uses none of these keys: Supervisor's
/// 1, 2, 3 ... second delays between start retries, and an immediate restart after a crash.
public struct RestartPolicy: Equatable, Sendable {
    public enum Strategy: String, Equatable, Sendable, CaseIterable {
        /// 1, 2, 3 ... seconds (Supervisor's).
        case linear
        /// 1, 2, 4, 8 ... seconds.
        case exponential
    }

    public var strategy: Strategy
    /// The longest delay; nil for no cap.
    public var maxDelay: Double?
    /// A process that exits unexpectedly after reaching RUNNING waits the growing delay before it is restarted.
    public var restartBackoff: Bool
    /// Seconds in RUNNING after which the crash count starts over.
    public var resetAfter: Double

    public init(strategy: Strategy = .linear, maxDelay: Double? = nil, restartBackoff: Bool = false,
                resetAfter: Double = 60) {
        self.strategy = strategy
        self.maxDelay = maxDelay
        self.restartBackoff = restartBackoff
        self.resetAfter = resetAfter
    }

    /// The delay before the `attempt`-th retry (1 for the first): `attempt` seconds (linear) or 2^(attempt-1)
    /// seconds (exponential), capped by `maxDelay`.
    public func delay(forAttempt attempt: Int) -> Double {
        let n = max(1, attempt)
        let raw: Double = switch strategy {
        case .linear: Double(n)
        case .exponential: n > 60 ? .infinity : Double(UInt64(1) << UInt64(n - 1))
        }
        guard let maxDelay else { return raw }
        return min(raw, maxDelay)
    }
}

/// `shutdown_on`: which end of this program stops every program and ends the daemon (containers, batch jobs).
public enum ShutdownTrigger: String, Equatable, Sendable, CaseIterable {
    /// It reached FATAL.
    case fatal
    /// It exited from RUNNING with a code not in `exitcodes`.
    case unexpected
    /// It exited from RUNNING for any reason other than a stop that was asked for.
    case exit
}
