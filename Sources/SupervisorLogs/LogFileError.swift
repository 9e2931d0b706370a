#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An operating-system error from a log file operation.
///
/// Each case names what failed so that the daemon can log a line a user can act on
/// (`open(/var/log/app.log): Permission denied`). No case maps to an XML-RPC fault here;
/// that mapping belongs to the API layer (STYLE §4).
public enum LogFileError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A system call failed. `call` is the syscall's name (`open`, `write`, `rename`, …),
    /// `path` the file it was about (for `rename`, `"<from> -> <to>"`), `errno` the raw errno.
    case syscall(call: String, path: String, errno: Int32)
    /// The log file was closed with ``RotatingLogFile/close()`` and then written to.
    case closed(path: String)
    /// ``AutoLogName/create(childLogDirectory:processName:channel:identifier:)`` tried every
    /// candidate name it is allowed to (Python's `tempfile.TMP_MAX`) and all existed.
    case noUsableTemporaryName(directory: String)

    /// The errno of a ``syscall(call:path:errno:)`` failure, otherwise `nil`.
    public var errno: Int32? {
        if case .syscall(_, _, let code) = self { return code }
        return nil
    }

    public var description: String {
        switch self {
        case .syscall(let call, let path, let code):
            return "\(call)(\(path)): \(String(cString: strerror(code))) (errno \(code))"
        case .closed(let path):
            return "write to closed log file \(path)"
        case .noUsableTemporaryName(let directory):
            return "no usable temporary file name found in \(directory)"
        }
    }
}
