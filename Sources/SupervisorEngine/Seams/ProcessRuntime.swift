import SupervisorConfig

/// What the engine asks of the operating system for its processes. The daemon passes a live implementation
/// (fork/exec through the C shim, pipes into log files); tests pass `FakeProcessRuntime`.
///
/// Every call returns promptly: spawning is a fork/exec, signalling a `kill`. Exits are reported back to the
/// engine with `Engine.childExited(pid:status:)` once the child's output has been drained.
public protocol ProcessRuntime: Sendable {
    /// Resolves the command, creates the pipes and log writers, and forks the child.
    func spawn(_ request: SpawnRequest) -> SpawnOutcome
    /// Sends `signal` to `pid` (or to its process group).
    func sendSignal(_ signal: Int32, to pid: Int32, toGroup: Bool) -> SignalOutcome
    /// Checks that the command can be run (parses, exists, is executable) without spawning, as Supervisor's
    /// `startProcess` does before it changes any state; nil when it can.
    func checkCommand(_ config: ProcessConfig) -> SpawnFailure?
    /// The file a channel logs to: the path itself, a new AUTO file in `childlogdir`, or nil for NONE.
    func resolveLogfile(_ target: LogfileTarget, processName: String, channel: LogChannel) -> String?
    /// Queues `bytes` for the stdin of the running child `pid` (`sendProcessStdin`); `.closed` when its stdin is
    /// gone (the child closed it or exited: Supervisor's EPIPE).
    func writeStdin(_ bytes: [UInt8], to pid: Int32) -> StdinOutcome
    /// Empties a process's log files (`clearProcessLogs`): deleted and recreated, through the open writers when
    /// `pid` is a running child (0 when none).
    /// - Returns: nil on success, else what went wrong.
    func clearLogs(_ paths: [String], of pid: Int32) -> String?
    /// A `[fcgi-program:x]` group was created: make its socket once and close it again, logging a failure, as
    /// Supervisor does to show a bad address early (its processes open the socket again when they start).
    func checkFastCGISocket(_ socket: FastCGISocket, group: String)
    /// The engine has handled the exit of `pid` (Supervisor's `finish`): what the child held until then (the
    /// reference to a `[fcgi-program:x]` socket) is given back. Called once per spawned child.
    func finished(pid: Int32)
}

/// The result of writing to a child's stdin.
public enum StdinOutcome: Equatable, Sendable {
    /// Accepted (written now, or queued until the pipe takes it).
    case written
    /// The pipe is closed (EPIPE) or the child is unknown.
    case closed
}

/// Everything needed to start one process.
public struct SpawnRequest: Sendable {
    public var config: ProcessConfig
    public var groupName: String
    /// `SUPERVISOR_SERVER_URL` when the program's `serverurl` is AUTO; nil when the daemon serves no URL.
    public var serverURL: String?
    /// The resolved log file paths (AUTO already replaced by a name in `childlogdir`), nil for no file.
    public var stdoutLogfile: String?
    public var stderrLogfile: String?
    /// A member of an `[eventlistener:x]` pool: stdout is the protocol channel (logged raw, reported to the engine
    /// as `ChildOutput.listenerStdout`, never capture mode or PROCESS_LOG events).
    public var isEventListener: Bool
    /// A member of a `[fcgi-program:x]` group: the group's listening socket becomes the child's fd 0 (no stdin
    /// pipe), shared with the other members and held until the engine calls `finished(pid:)`.
    public var fastCGISocket: FastCGISocket?

    public init(config: ProcessConfig, groupName: String, serverURL: String?, stdoutLogfile: String?,
                stderrLogfile: String?, isEventListener: Bool = false, fastCGISocket: FastCGISocket? = nil) {
        self.isEventListener = isEventListener
        self.fastCGISocket = fastCGISocket
        self.config = config
        self.groupName = groupName
        self.serverURL = serverURL
        self.stdoutLogfile = stdoutLogfile
        self.stderrLogfile = stderrLogfile
    }
}

/// The result of a spawn attempt.
public enum SpawnOutcome: Equatable, Sendable {
    /// A child exists. `execFailed`: it failed before exec (chdir, user switch, exec itself) and is exiting with
    /// status 127 after writing Supervisor's text to its stderr; it never ran the program.
    case spawned(pid: Int32, execFailed: Bool = false)
    /// The process could not be spawned; Supervisor's spawnerr text and its kind (for RPC faults).
    case failed(SpawnFailure)
}

/// Why a spawn failed before a child existed.
public struct SpawnFailure: Error, Equatable, Sendable {
    public enum Kind: Equatable, Sendable {
        /// `can't find command ...` (fault NO_FILE).
        case notFound
        /// A directory, no execute bit, or no permission (fault NOT_EXECUTABLE).
        case notExecutable
        /// Anything else: unparsable command, no pipes, fork failed (fault SPAWN_ERROR).
        case other
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }
}

/// The result of sending a signal.
public enum SignalOutcome: Equatable, Sendable {
    case sent
    /// ESRCH: the process is already gone; its exit will be reported.
    case noSuchProcess
    case failed(String)
}

/// Receives the engine's log lines (the daemon writes them to the main log in Supervisor's format).
public protocol EngineLogger: Sendable {
    func log(_ level: SupervisorLogs.LogLevel, _ message: String)
}

import SupervisorLogs

extension ProcessRuntime {
    /// Default for runtimes without stdin pipes (test doubles): every write finds the pipe closed.
    public func writeStdin(_ bytes: [UInt8], to pid: Int32) -> StdinOutcome { .closed }
    /// Default for runtimes without log files (test doubles): nothing to clear.
    public func clearLogs(_ paths: [String], of pid: Int32) -> String? { nil }
    /// Default for runtimes without sockets (test doubles): nothing to check.
    public func checkFastCGISocket(_ socket: FastCGISocket, group: String) {}
    /// Default for runtimes that hold nothing per child (test doubles).
    public func finished(pid: Int32) {}
}
