/// Domain outcomes of engine requests; the API layer maps each to Supervisor's fault code and text in one place.
public enum EngineError: Error, Equatable, Sendable {
    /// No such process or group (BAD_NAME).
    case badName(String)
    /// A start of a running process (ALREADY_STARTED).
    case alreadyStarted(String)
    /// A stop or signal of a process that is not running (NOT_RUNNING).
    case notRunning(String)
    /// The process failed to spawn or exited too quickly (SPAWN_ERROR).
    case spawnError(String)
    /// The command does not exist (NO_FILE), with Supervisor's text.
    case noFile(String)
    /// The command cannot be executed (NOT_EXECUTABLE), with Supervisor's text.
    case notExecutable(String)
    /// The process is still running (STILL_RUNNING), e.g. on removeProcessGroup.
    case stillRunning(String)
    /// The group already exists (ALREADY_ADDED).
    case alreadyAdded(String)
    /// The daemon is shutting down or restarting (SHUTDOWN_STATE).
    case shutdownState
    /// Not a valid signal (BAD_SIGNAL).
    case badSignal(String)
    /// The process ended while a start waited for it (ABNORMAL_TERMINATION).
    case abnormalTermination(String)
    /// A start cannot happen because a dependency cannot meet its condition (SPAWN_ERROR): the process's
    /// namespec and why, e.g. `dependency db is FATAL`.
    case dependencyFailed(String, String)
    /// Anything else (FAILED), with a message.
    case failed(String)
}
