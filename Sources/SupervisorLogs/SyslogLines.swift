/// How one log record becomes syslog messages: Supervisor's `SyslogHandler.emit` (`supervisor/loggers.py`) sends
/// `message.rstrip('\n').split('\n')`, one message per line, so a record of only newlines is one empty line and
/// `\r` stays in the text. Lines are not joined across records: a chunk of child output ending mid-line is sent as
/// it is.
public enum SyslogLines {
    /// The messages for one chunk of a child's output, `NAME line` (the handler's format is
    /// `config.name + ' %(message)s'`), or nil when the chunk is not UTF-8: Supervisor decodes the chunk strictly
    /// and, when that fails, sends none of it.
    public static func childOutput(_ data: [UInt8], processName: String) -> [String]? {
        guard String(validating: data, as: UTF8.self) != nil else { return nil }
        return lines(of: data).map { processName + " " + $0 }
    }

    /// The lines of `text` as Supervisor splits a record for syslog.
    public static func lines(of text: String) -> [String] {
        lines(of: Array(text.utf8))
    }

    /// Splits on `\n` bytes only (a Swift `Character` would keep `\r\n` together), after dropping trailing `\n`s.
    private static func lines(of bytes: [UInt8]) -> [String] {
        var end = bytes.count
        while end > 0, bytes[end - 1] == UInt8(ascii: "\n") { end -= 1 }
        return bytes[..<end].split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).map {
            String(decoding: $0, as: UTF8.self)
        }
    }
}
