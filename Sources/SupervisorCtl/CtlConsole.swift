/// What a line read from the user turned out to be.
public enum ConsoleInput: Equatable, Sendable {
    /// A line, without its newline.
    case line(String)
    /// End of input (Ctrl-D, or the end of a piped standard input).
    case endOfInput
    /// Ctrl-C.
    case interrupted
}

/// The controller's terminal: standard output and error, and reading lines. Everything `supervisorctl` prints
/// goes through here, so unit tests can record it.
public protocol CtlConsole: AnyObject {
    /// Writes `text` to standard output at once (no buffering, so output survives an exit on Ctrl-C).
    func write(_ text: String)
    /// Writes raw bytes to standard output (streamed log data, which may split a UTF-8 character).
    func writeBytes(_ bytes: [UInt8])
    /// Writes `text` to standard error.
    func writeError(_ text: String)
    /// Shows `prompt` and reads a line, with line editing when `editing` is true and the terminal allows it
    /// (Python's `input()`).
    func readLine(prompt: String, editing: Bool) -> ConsoleInput
    /// Reads a password without echo from the terminal (Python's `getpass`).
    func readPassword(prompt: String) -> ConsoleInput
}
