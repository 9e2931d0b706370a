import CSupervisorSpawn
import Glibc

/// A failed system call: which call, and the errno it set.
///
/// `name` spells the errno as Python's `errno.errorcode` does (`ENOENT`), which
/// is how Supervisor prints errors in its messages; an errno Python has no name
/// for prints as its number, as `errno.errorcode.get(code, code)` does.
public struct SyscallError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The call that failed, e.g. `"kill"`.
    public let call: String
    /// The raw errno value.
    public let code: Int32

    public init(call: String, code: Int32) {
        self.call = call
        self.code = code
    }

    /// `ENOENT`, or the number when Python has no name for it.
    public var name: String { Self.errnoName(code) }

    public var description: String { "\(call): \(name)" }

    /// Python's `errno.errorcode.get(code, code)` for Linux.
    public static func errnoName(_ code: Int32) -> String {
        if let cName = svd_errno_name(code) {
            return String(cString: cName)
        }
        return String(code)
    }
}

// MARK: - The one syscall wrapper

/// Runs `body` until it stops failing with EINTR; a result of -1 becomes a
/// `SyscallError` naming `call`.
@inline(__always)
func retryingSyscall<Result: FixedWidthInteger>(
    _ call: String,
    _ body: () -> Result
) throws(SyscallError) -> Result {
    while true {
        let result = body()
        if result != -1 {
            return result
        }
        let code = errno
        if code == EINTR {
            continue
        }
        throw SyscallError(call: call, code: code)
    }
}
