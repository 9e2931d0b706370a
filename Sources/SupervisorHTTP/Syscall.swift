#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed system call: its name and errno.
struct SyscallError: Error, Equatable {
    var call: String
    var errno: Int32
}

/// The one way this target makes a system call that reports failure with -1 and errno: retries on `EINTR`, turns
/// any other failure into a `SyscallError` naming the call (STYLE.md §4, after swift-nio's `NIOPosix/System.swift`).
@discardableResult
func syscall<T: FixedWidthInteger>(_ call: String, _ body: () -> T) throws(SyscallError) -> T {
    while true {
        let result = body()
        if result != -1 { return result }
        let code = errno
        if code == EINTR { continue }
        throw SyscallError(call: call, errno: code)
    }
}

/// Sleeps the calling thread; only used before the event loops exist (stale-socket retry, STACK.md §5).
func sleepThread(_ duration: Duration) {
    let (seconds, attoseconds) = duration.components
    var request = timespec()
    request.tv_sec = .init(seconds)
    request.tv_nsec = .init(attoseconds / 1_000_000_000)
    var remaining = timespec()
    while nanosleep(&request, &remaining) == -1 && errno == EINTR { request = remaining }
}

/// `timeval` for `SO_RCVTIMEO`/`SO_SNDTIMEO`.
func makeTimeval(_ duration: Duration) -> timeval {
    let (seconds, attoseconds) = duration.components
    var tv = timeval()
    tv.tv_sec = .init(seconds)
    tv.tv_usec = .init(attoseconds / 1_000_000_000_000)
    return tv
}
