import SupervisorConfig

/// A read-only view of one process at one moment, for `getProcessInfo`, `supervisorctl status` and the web page.
public struct ProcessSnapshot: Equatable, Sendable {
    public var name: String
    public var group: String
    public var state: ProcessState
    public var pid: Int32
    /// Wall-clock start and stop times (seconds since the epoch); 0 when never.
    public var start: Double
    public var stop: Double
    public var now: Double
    public var spawnError: String?
    public var exitStatus: Int?
    public var stdoutLogfile: String?
    public var stderrLogfile: String?
    /// Readiness, health or dependency words for the description (only for processes that use those keys):
    /// after the uptime when RUNNING, instead of the empty text when STARTING, instead of `Not started` or after
    /// the stop time when STOPPED/EXITED.
    public var note: String?

    public init(
        name: String, group: String, state: ProcessState, pid: Int32, start: Double, stop: Double, now: Double,
        spawnError: String? = nil, exitStatus: Int? = nil, stdoutLogfile: String? = nil, stderrLogfile: String? = nil,
        note: String? = nil
    ) {
        self.note = note
        self.name = name
        self.group = group
        self.state = state
        self.pid = pid
        self.start = start
        self.stop = stop
        self.now = now
        self.spawnError = spawnError
        self.exitStatus = exitStatus
        self.stdoutLogfile = stdoutLogfile
        self.stderrLogfile = stderrLogfile
    }

    /// `group:name`, or `name` when they are the same.
    public var namespec: String { name == group ? name : "\(group):\(name)" }
}

/// Identifies a process by its group and name.
public struct ProcessKey: Hashable, Sendable {
    public var group: String
    public var name: String
    public init(group: String, name: String) {
        self.group = group
        self.name = name
    }

    /// Supervisor's `make_namespec`: `group:name`, or `name` when they are the same.
    public var namespec: String { name == group ? name : "\(group):\(name)" }
}
