#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Reads slices of log files by byte offset, with Supervisor's exact semantics.
///
/// ``readLog(path:offset:length:)`` is `readFile` from `supervisor/options.py` plus the
/// `os.path.exists` check that `rpcinterface.py` makes before it (`readLog`,
/// `readProcessStdoutLog`, `readProcessStderrLog`). ``tailLog(path:offset:length:)`` is
/// `tailFile` plus `_tailProcessLog`'s missing-file answer. Both work on any path and keep
/// no state; the file is opened for each call. Arithmetic is done without overflow for any
/// `Int` arguments (Python's integers are unbounded; ours must not trap on `Int.min`).
public enum LogReader {
    /// Reads a slice of the file at `path` (rpc.md §7).
    ///
    /// | offset | length | result |
    /// | --- | --- | --- |
    /// | `>= 0` | `0` | from `offset` to the end of the file |
    /// | `>= 0` | `> 0` | up to `length` bytes from `offset` |
    /// | `>= 0` | `< 0` | ``LogReadError/badArguments`` |
    /// | `< 0` | `0` | the last `|offset|` bytes (the whole file if shorter) |
    /// | `< 0` | `!= 0` | ``LogReadError/badArguments`` |
    ///
    /// An offset at or beyond the end gives no bytes, not an error.
    ///
    /// - Throws: ``LogReadError/noFile(path:)`` if `stat(path)` fails;
    ///   ``LogReadError/failed(_:)`` if the file cannot be opened (checked before the
    ///   arguments, as in Supervisor), is a directory, or cannot be sought or read;
    ///   ``LogReadError/badArguments`` as in the table.
    public static func readLog(path: String, offset: Int, length: Int) throws(LogReadError) -> [UInt8] {
        guard Syscall.exists(path) else { throw .noFile(path: path) }
        let fd = try mapFailure { () throws(LogFileError) in try openForReading(path) }
        defer { Syscall.closeIgnoringErrors(fd) }

        if offset < 0 {
            // Supervisor: "negative offset returns offset bytes from tail of the file"
            guard length == 0 else { throw .badArguments }
            return try mapFailure { () throws(LogFileError) in
                let size = try endOffset(fd, path: path)
                let distance = offset.magnitude
                let start = UInt(size) > distance ? size - Int(distance) : 0
                return try readBytes(fd, path: path, from: start, limit: clampToInt(distance))
            }
        }
        guard length >= 0 else { throw .badArguments }
        return try mapFailure { () throws(LogFileError) in
            try readBytes(fd, path: path, from: offset, limit: length == 0 ? Int.max : length)
        }
    }

    private static func mapFailure<T>(_ body: () throws(LogFileError) -> T) throws(LogReadError) -> T {
        do {
            return try body()
        } catch {
            throw .failed(error)
        }
    }

    /// Reads the end of the file at `path` for polling (rpc.md §7), Supervisor's `tailFile`:
    ///
    /// ```
    /// overflow = false
    /// if size > offset + length: overflow = true; offset = size - 1
    /// if offset + length > size:
    ///     if offset > size - 1: length = 0
    ///     offset = size - length
    /// clamp offset and length to >= 0
    /// bytes = length bytes at offset; newOffset = size
    /// ```
    ///
    /// So `(0, 1600)` on a 5000-byte file gives the last 1600 bytes, 5000, overflow; polling
    /// again with the returned offset gives only new bytes.
    ///
    /// Never throws, like Supervisor: a missing file (`stat` fails) gives `([], 0, false)`
    /// (`_tailProcessLog`); a file that cannot be opened or read gives
    /// `([], offset, false)` with the offset as it was at that point (`tailFile`'s
    /// `except` branch).
    public static func tailLog(path: String, offset: Int, length: Int) -> LogTail {
        guard Syscall.exists(path) else { return LogTail(bytes: [], newOffset: 0, overflow: false) }
        guard let fd = try? openForReading(path) else {
            return LogTail(bytes: [], newOffset: offset, overflow: false)
        }
        defer { Syscall.closeIgnoringErrors(fd) }
        guard let fileSize = try? endOffset(fd, path: path) else {
            return LogTail(bytes: [], newOffset: offset, overflow: false)
        }

        let size = Int128(fileSize)
        var start = Int128(offset)
        var count = Int128(length)
        var overflow = false
        if size > start + count {
            overflow = true
            start = size - 1
        }
        if start + count > size {
            if start > size - 1 {
                count = 0
            }
            start = size - count
        }
        if start < 0 { start = 0 }
        if count < 0 { count = 0 }

        // Both now fit in Int: start is the original offset, size - 1, size - count (with
        // count the original length or 0) or 0, and is at most max(offset, size).
        let clampedStart = Int(start)
        if count == 0 {
            return LogTail(bytes: [], newOffset: fileSize, overflow: overflow)
        }
        guard let bytes = try? readBytes(fd, path: path, from: clampedStart, limit: Int(count)) else {
            return LogTail(bytes: [], newOffset: clampedStart, overflow: false)
        }
        return LogTail(bytes: bytes, newOffset: fileSize, overflow: overflow)
    }

    // MARK: - File access

    /// Opens for reading. `O_NONBLOCK` keeps a FIFO at the path from blocking the caller
    /// (Python would hang here; reading it then fails with `ESPIPE` → FAILED). A directory
    /// opens fine on Linux, but Python's `open` raises `IsADirectoryError`, so it fails here
    /// too, before the arguments are checked.
    private static func openForReading(_ path: String) throws(LogFileError) -> Int32 {
        let fd = try Syscall.retrying("open", path: path) {
            open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
        }
        do throws(LogFileError) {
            let status = try Syscall.fileStatus(fd, path: path)
            if Syscall.isDirectory(status.st_mode) {
                throw LogFileError.syscall(call: "open", path: path, errno: EISDIR)
            }
        } catch {
            Syscall.closeIgnoringErrors(fd)
            throw error
        }
        return fd
    }

    /// Python's `f.seek(0, 2); f.tell()`.
    private static func endOffset(_ fd: Int32, path: String) throws(LogFileError) -> Int {
        Int(try Syscall.retrying("lseek", path: path) { lseek(fd, 0, SEEK_END) })
    }

    /// Reads from `offset` until `limit` bytes were read or the end of the file, as Python's
    /// `f.seek(offset); f.read(limit)` does. Memory grows with what is actually read, not
    /// with `limit`.
    private static func readBytes(
        _ fd: Int32,
        path: String,
        from offset: Int,
        limit: Int
    ) throws(LogFileError) -> [UInt8] {
        let chunkSize = 64 * 1024
        var result: [UInt8] = []
        var position = offset
        var remaining = limit
        if let status = try? Syscall.fileStatus(fd, path: path), Syscall.isRegularFile(status.st_mode) {
            let available = max(0, Int(status.st_size) - offset)
            result.reserveCapacity(min(available, limit))
        }
        let chunk = UnsafeMutableRawBufferPointer.allocate(
            byteCount: min(chunkSize, max(remaining, 1)),
            alignment: 1
        )
        defer { chunk.deallocate() }
        while remaining > 0 {
            let wanted = min(remaining, chunk.count)
            let got = try Syscall.retrying("read", path: path) {
                pread(fd, chunk.baseAddress, wanted, off_t(position))
            }
            if got == 0 { break }
            result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[0..<got]))
            position += got
            remaining -= got
        }
        return result
    }

    private static func clampToInt(_ value: UInt) -> Int {
        value > UInt(Int.max) ? Int.max : Int(value)
    }
}
