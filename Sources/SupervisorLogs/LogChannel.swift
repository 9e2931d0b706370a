/// A child's output channel, spelled as in config options (`stdout_logfile`) and in AUTO
/// log names.
public enum LogChannel: String, Sendable, CaseIterable {
    /// The child's standard output (also its stderr when `redirect_stderr=true`).
    case stdout
    /// The child's standard error.
    case stderr
}
