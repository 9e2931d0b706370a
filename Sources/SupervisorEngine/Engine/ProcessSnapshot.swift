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
}
