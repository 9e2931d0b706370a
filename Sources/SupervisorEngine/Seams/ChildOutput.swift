import SupervisorLogs

/// What the runtime reports from a child's output that matters to the engine's event system, in the order the
/// bytes arrived (and before the child's exit).
public enum ChildOutput: Equatable, Sendable {
    /// Bytes an event listener wrote on stdout: its protocol channel.
    case listenerStdout(pid: Int32, bytes: [UInt8])
    /// A chunk of output as logged, for a channel with `*_events_enabled` (PROCESS_LOG_STDOUT/STDERR).
    case logged(pid: Int32, channel: LogChannel, data: [UInt8])
    /// A capture-mode block ended (PROCESS_COMMUNICATION_STDOUT/STDERR) with the captured bytes.
    case communication(pid: Int32, channel: LogChannel, data: [UInt8])
    /// An sd_notify message from the process's tree (`ready_check = notify`).
    case notify(pid: Int32, message: NotifyMessage)
    /// A line of stdout or stderr matched the `log:REGEX` readiness check (reported once per spawn).
    case readyLine(pid: Int32)
}
