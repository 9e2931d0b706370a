import Glibc
import Synchronization
import SupervisorEngine
import SupervisorLogs

/// The daemon's own log (`supervisord.log`): Supervisor's line format, size rotation, an optional echo to stdout
/// (with `nodaemon` and not `silent`), or syslog when `logfile=syslog` (each line of a message formatted as in the
/// file, through ``Syslog``, as Supervisor's `SyslogHandler` sends it). Safe from any thread.
public final class MainLog: EngineLogger, Sendable {
    private struct State {
        var file: RotatingLogFile?
        /// Lines dropped (in bytes) after a write failure and not yet reported in the file.
        var unreportedDrops = 0
    }

    // The file is only touched under this lock.
    private let state: Mutex<State>
    private let formatter = MainLogFormatter()
    private let threshold: LogLevel
    private let echo: Bool
    private let useSyslog: Bool
    /// The log file's path, nil for syslog.
    public let path: String?

    /// - Throws: `LogFileError` when the file cannot be opened.
    public init(path: String, maxBytes: Int, backups: Int, level: LogLevel, echoToStdout: Bool) throws(LogFileError) {
        threshold = level
        echo = echoToStdout
        if path == "syslog" {
            useSyslog = true
            self.path = nil
            state = Mutex(State(file: nil))
        } else {
            useSyslog = false
            self.path = path
            state = Mutex(State(file: try RotatingLogFile(path: path, maxBytes: maxBytes, backups: backups)))
        }
    }

    /// Whether a message at `level` would be written.
    public func isEnabled(_ level: LogLevel) -> Bool { level >= threshold }

    public func log(_ level: LogLevel, _ message: String) {
        guard level >= threshold else { return }
        var now = timespec()
        clock_gettime(CLOCK_REALTIME, &now)
        let time = Double(now.tv_sec) + Double(now.tv_nsec) / 1e9
        let line = formatter.format(time: time, level: level, message: message)
        let bytes = Array(line.utf8)
        state.withLock { s in
            if useSyslog {
                for part in SyslogLines.lines(of: message) {
                    Syslog.send(formatter.format(time: time, level: level, message: part))
                }
            } else if let file = s.file {
                // Unlike a child's log, the daemon's own log reopens at each line while a failure makes it drop lines,
                // so that it heals by itself once the fault is gone (it has no other log to report the fault in).
                if file.failure != nil, let resumed = try? file.reopen() { s.unreportedDrops += resumed.droppedBytes }
                if s.unreportedDrops > 0, file.failure == nil {
                    let note = "log \(file.path) reopened; \(s.unreportedDrops) bytes of output were dropped"
                    _ = try? file.write(Array(formatter.format(time: time, level: .warn, message: note).utf8))
                    // A note that could not be written either is not counted among the lines dropped.
                    s.unreportedDrops = file.failure == nil ? 0 : s.unreportedDrops - file.droppedBytes
                }
                _ = try? file.write(bytes)
            }
            if echo { Self.writeAll(1, bytes) }
        }
    }

    /// SIGUSR2: close and reopen the file by name.
    public func reopen() throws(LogFileError) {
        try state.withLock { (s: inout State) throws(LogFileError) in
            s.unreportedDrops += try s.file?.reopen()?.droppedBytes ?? 0
        }
    }

    /// `clearLog`: the file is emptied (deleted and recreated).
    public func clear() throws(LogFileError) {
        try state.withLock { (s: inout State) throws(LogFileError) in
            s.unreportedDrops += try s.file?.clear()?.droppedBytes ?? 0
        }
    }

    public func close() {
        state.withLock { s in
            s.file?.close()
            s.file = nil
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
