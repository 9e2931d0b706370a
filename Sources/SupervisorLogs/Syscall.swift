#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The one place this target calls into the C library for anything that can fail.
///
/// Every call is retried while it fails with `EINTR`; any other failure becomes a
/// ``LogFileError/syscall(call:path:errno:)`` that names the call and the file, the way
/// swift-nio's `NIOPosix/System.swift` wraps its syscalls.
enum Syscall {
    /// Runs `body` until it returns something other than `-1`/`EINTR`.
    ///
    /// - Parameters:
    ///   - call: the syscall's name, for the error.
    ///   - path: the file the call is about, for the error.
    ///   - body: the call; it returns `-1` and sets `errno` on failure, as C does.
    /// - Returns: the call's non-negative result.
    @inline(__always)
    static func retrying<Result: BinaryInteger>(
        _ call: StaticString,
        path: String,
        _ body: () -> Result
    ) throws(LogFileError) -> Result {
        while true {
            let result = body()
            if result != -1 { return result }
            let code = errno
            if code == EINTR { continue }
            throw .syscall(call: call.description, path: path, errno: code)
        }
    }

    /// `close(2)`, ignoring errors: Linux releases the descriptor even when close reports
    /// `EINTR` or `EIO`, so retrying could close a descriptor another thread just got.
    static func closeIgnoringErrors(_ fd: Int32) {
        _ = close(fd)
    }

    /// `fstat(2)` on an open descriptor.
    static func fileStatus(_ fd: Int32, path: String) throws(LogFileError) -> stat {
        var status = stat()
        _ = try retrying("fstat", path: path) { fstat(fd, &status) }
        return status
    }

    /// Whether `path` exists, with Python's `os.path.exists` meaning: `stat(2)` (which
    /// follows symlinks) succeeds. Any error, not only `ENOENT`, counts as "does not exist".
    static func exists(_ path: String) -> Bool {
        var status = stat()
        while true {
            if stat(path, &status) == 0 { return true }
            if errno != EINTR { return false }
        }
    }

    /// Whether a `st_mode` describes a regular file (`S_ISREG`), which Swift cannot import
    /// as a macro.
    static func isRegularFile(_ mode: mode_t) -> Bool {
        (mode & S_IFMT) == S_IFREG
    }

    /// Whether a `st_mode` describes a directory (`S_ISDIR`).
    static func isDirectory(_ mode: mode_t) -> Bool {
        (mode & S_IFMT) == S_IFDIR
    }
}

/// `write(2)`, reachable by this name from types that have a `write` method of their own.
@inline(__always)
func systemWrite(_ fd: Int32, _ buffer: UnsafeRawPointer, _ count: Int) -> Int {
    write(fd, buffer, count)
}
