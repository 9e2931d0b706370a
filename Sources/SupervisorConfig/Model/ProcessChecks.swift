/// A check that is polled: run once per try, passing or failing (`ready_check` and `health_check`).
public enum ProbeCheck: Equatable, Sendable, CustomStringConvertible {
    /// `tcp://HOST:PORT`: a TCP connect succeeds.
    case tcp(host: String, port: Int)
    /// `http://HOST:PORT/PATH` (or `https://`): a GET answers 2xx or 3xx; redirects are not followed.
    case http(HTTPCheck)
    /// `exec:COMMAND ARGS...`: the command exits 0. No shell: the words are split as `command=` is, and the
    /// command runs as the program's `user`, in its `directory`, with its environment.
    case exec(arguments: [String])

    /// The check as a person wrote it, for log lines and descriptions.
    public var description: String {
        switch self {
        case .tcp(let host, let port): "tcp://\(host.contains(":") ? "[\(host)]" : host):\(port)"
        case .http(let check): check.url
        case .exec(let arguments): "exec:" + arguments.joined(separator: " ")
        }
    }
}

/// An HTTP check's target, split once when the config is read.
public struct HTTPCheck: Equatable, Sendable {
    public var secure: Bool
    public var host: String
    public var port: Int
    /// The path with its query, always starting with `/`.
    public var path: String
    /// The URL as written.
    public var url: String

    public init(secure: Bool, host: String, port: Int, path: String, url: String) {
        self.secure = secure
        self.host = host
        self.port = port
        self.path = path
        self.url = url
    }
}

/// `ready_check = CHECK`: what makes a started process count as up.
public enum ReadyCheck: Equatable, Sendable, CustomStringConvertible {
    case probe(ProbeCheck)
    /// `log:REGEX`: a line of the program's stdout or stderr matches (Swift `Regex` syntax, checked when the config
    /// is read).
    case log(pattern: String)
    /// `notify`: the program sends `READY=1` over the sd_notify protocol on its own `NOTIFY_SOCKET`.
    case notify

    public var description: String {
        switch self {
        case .probe(let probe): probe.description
        case .log(let pattern): "log:" + pattern
        case .notify: "notify"
        }
    }
}

/// The readiness keys of one program: `ready_check`, `ready_timeout`, `ready_interval`, `watchdog_sec`.
public struct ReadinessOptions: Equatable, Sendable {
    public var check: ReadyCheck
    /// `ready_timeout`: seconds from the spawn until the check must have passed (default 60).
    public var timeout: Double
    /// `ready_interval`: seconds between polls of `tcp`, `http` and `exec` checks (default 0.5).
    public var interval: Double
    /// `watchdog_sec` (only with `notify`): a RUNNING process that sends no `WATCHDOG=1` for this long is restarted;
    /// nil when unset.
    public var watchdogSeconds: Double?

    public init(check: ReadyCheck, timeout: Double = 60, interval: Double = 0.5, watchdogSeconds: Double? = nil) {
        self.check = check
        self.timeout = timeout
        self.interval = interval
        self.watchdogSeconds = watchdogSeconds
    }
}

/// What happens when a health check has failed `health_retries` times in a row.
public enum HealthAction: String, Equatable, Sendable, CaseIterable {
    /// Stop with `stopsignal`/`stopwaitsecs`, then start again (the default).
    case restart
    /// Stop, and leave it stopped.
    case stop
    /// Stop every program and exit the daemon with status 1 (for containers).
    case shutdown
    /// Report only.
    case none
}

/// The health keys of one program: `health_check`, `health_interval`, `health_timeout`, `health_start_period`,
/// `health_retries`, `health_action`.
public struct HealthOptions: Equatable, Sendable {
    public var check: ProbeCheck
    /// Seconds between tries (default 10).
    public var interval: Double
    /// Seconds one try may take (default 5).
    public var timeout: Double
    /// Seconds after RUNNING before the first try (default 0).
    public var startPeriod: Double
    /// Consecutive failures that make the process unhealthy (default 3).
    public var retries: Int
    public var action: HealthAction

    public init(check: ProbeCheck, interval: Double = 10, timeout: Double = 5, startPeriod: Double = 0,
                retries: Int = 3, action: HealthAction = .restart) {
        self.check = check
        self.interval = interval
        self.timeout = timeout
        self.startPeriod = startPeriod
        self.retries = retries
        self.action = action
    }
}

/// What a dependency must reach before its dependents may start.
public enum DependencyCondition: String, Equatable, Sendable, CaseIterable {
    /// RUNNING, after its `ready_check` if it has one (the default).
    case ready
    /// Spawned: STARTING with a pid, or RUNNING.
    case started
    /// Exited with one of its `exitcodes` (one-shot jobs such as migrations).
    case completed
}

/// One process a dependency names, by group and process name.
public struct ProcessReference: Hashable, Sendable, CustomStringConvertible {
    public var group: String
    public var name: String

    public init(group: String, name: String) {
        self.group = group
        self.name = name
    }

    /// `name`, or `group:name` when they differ.
    public var description: String { group == name ? name : "\(group):\(name)" }
}

/// One entry of `depends_on`, resolved to the processes it names when the config is read.
public struct Dependency: Equatable, Sendable {
    /// The name as written, without the condition (`db`, `pool:web`, `workers`), for descriptions and log lines.
    public var name: String
    public var condition: DependencyCondition
    /// Every process the name stands for (one, or all processes of a group or program); each must meet the
    /// condition.
    public var processes: [ProcessReference]

    public init(name: String, condition: DependencyCondition, processes: [ProcessReference]) {
        self.name = name
        self.condition = condition
        self.processes = processes
    }
}

/// Everything beyond Supervisor 4.3 that decides when a process is up and whether it is well. nil on a
/// `ProcessConfig` whose section uses none of these keys, which keeps Supervisor's behaviour exactly.
public struct ProcessChecks: Equatable, Sendable {
    public var readiness: ReadinessOptions?
    public var health: HealthOptions?
    public var dependencies: [Dependency]

    public init(readiness: ReadinessOptions? = nil, health: HealthOptions? = nil, dependencies: [Dependency] = []) {
        self.readiness = readiness
        self.health = health
        self.dependencies = dependencies
    }
}
