/// A supervised process's state, with Supervisor's numeric codes (they go over the wire in `getProcessInfo`).
public enum ProcessState: Int, Sendable, CaseIterable {
    /// Not running: never started, or stopped on request. Leaves by a start request (or autostart at startup).
    case stopped = 0
    /// Spawned and waiting out `startsecs`. Leaves to RUNNING when it stays up long enough, to BACKOFF when it
    /// exits earlier or cannot be spawned, to STOPPING on a stop request.
    case starting = 10
    /// Up for longer than `startsecs`. Leaves to EXITED when it exits, to STOPPING on a stop request.
    case running = 20
    /// A start failed; waiting `backoff` seconds before the next try. Leaves to STARTING when the delay has passed,
    /// to FATAL after `startretries` retries, to STOPPED on a stop request.
    case backoff = 30
    /// A stop signal was sent; waiting for the exit (SIGKILL after `stopwaitsecs`). Leaves to STOPPED when reaped.
    case stopping = 40
    /// Exited on its own from RUNNING. Leaves to STARTING by autorestart or a start request.
    case exited = 100
    /// Could not be started after `startretries` retries. Leaves to STARTING on a start request.
    case fatal = 200
    /// A signal could not be delivered for a reason other than "no such process"; needs a start request.
    case unknown = 1000

    /// The wire spelling: `STOPPED`, `BACKOFF`, ...
    public var name: String {
        switch self {
        case .stopped: "STOPPED"
        case .starting: "STARTING"
        case .running: "RUNNING"
        case .backoff: "BACKOFF"
        case .stopping: "STOPPING"
        case .exited: "EXITED"
        case .fatal: "FATAL"
        case .unknown: "UNKNOWN"
        }
    }

    /// STOPPED, EXITED, FATAL, UNKNOWN.
    public var isStopped: Bool { [.stopped, .exited, .fatal, .unknown].contains(self) }
    /// RUNNING, BACKOFF, STARTING: a start request answers ALREADY_STARTED.
    public var isRunning: Bool { [.running, .backoff, .starting].contains(self) }
    /// RUNNING, STARTING, STOPPING: states a signal may be sent in.
    public var isSignallable: Bool { [.running, .starting, .stopping].contains(self) }
}

/// The daemon's own state (`getState`).
public enum SupervisorState: Int, Sendable, Comparable {
    case fatal = 2
    case running = 1
    /// A reload was requested (SIGHUP or `restart`); processes are being stopped.
    case restarting = 0
    /// An exit was requested; processes are being stopped.
    case shutdown = -1

    public var name: String {
        switch self {
        case .fatal: "FATAL"
        case .running: "RUNNING"
        case .restarting: "RESTARTING"
        case .shutdown: "SHUTDOWN"
        }
    }

    public static func < (a: SupervisorState, b: SupervisorState) -> Bool { a.rawValue < b.rawValue }
}
