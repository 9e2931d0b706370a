/// Why ``LogReader/readLog(path:offset:length:)`` could not answer.
///
/// The cases are Supervisor's three outcomes of `readLog` / `readProcess*Log`; turning them
/// into fault codes (`NO_FILE` 20, `BAD_ARGUMENTS` 3, `FAILED` 30) is the API layer's job.
public enum LogReadError: Error, Equatable, Sendable {
    /// The file does not exist (`os.path.exists` is false: `stat` failed for any reason).
    /// Supervisor's fault string is `NO_FILE: <path>`.
    case noFile(path: String)
    /// A negative `offset` with a non-zero `length`, or a negative `length`. Supervisor
    /// checks this only after the file was opened, so an unreadable file answers
    /// ``failed(_:)`` even for bad arguments; so do we.
    case badArguments
    /// Opening, seeking or reading failed (also: the path is a directory). Supervisor's
    /// fault string is bare `FAILED`; the cause is kept here for the daemon's log.
    case failed(LogFileError)
}
