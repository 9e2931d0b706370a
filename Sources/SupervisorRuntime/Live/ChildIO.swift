import Dispatch
import Glibc
import SupervisorEngine
import SupervisorLogs

/// The output side of one running child: its pipe readers, its log files and its stdin writer. Touched only on the
/// runtime's I/O queue; the reader of a pipe is the only writer of its log file (STYLE §5).
final class ChildIO: @unchecked Sendable {
    // @unchecked: every property is only touched on the runtime's I/O queue.
    let pid: Int32
    let processName: String
    var readers: [PipeReader] = []
    var logs: [LogChannel: RotatingLogFile] = [:]
    /// nil for a member of a `[fcgi-program:x]` group, whose fd 0 is the group's socket.
    var stdin: StdinWriter?
    /// A member of an event listener pool: stdout carries the listener protocol.
    var isEventListener = false
    /// Per channel, whether logged chunks become PROCESS_LOG events (`*_events_enabled`).
    var eventsEnabled: [LogChannel: Bool] = [:]
    /// Channels whose logged output also goes to syslog (`*_syslog`).
    var syslogChannels: Set<LogChannel> = []
    /// Capture mode per channel with `*_capture_maxbytes` > 0.
    var captureSplitters: [LogChannel: CaptureSplitter] = [:]
    /// Channels not yet at end of file.
    var openChannels = 0
    /// The wait status once reaped; the exit is reported after the pipes are drained.
    var rawStatus: Int32?
    var reported = false
    /// `ready_check = log:REGEX`: matches lines until the first match.
    var readyMatcher: ReadyLineMatcher?
    /// `ready_check = notify`: the child's own NOTIFY_SOCKET, closed when its exit is reported.
    var notify: NotifySocket?

    init(pid: Int32, processName: String) {
        self.pid = pid
        self.processName = processName
    }

    func closeAll() {
        for reader in readers { reader.cancel() }
        readers.removeAll()
        for log in logs.values { log.close() }
        logs.removeAll()
        stdin?.close()
        stdin = nil
    }
}
