#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RotatingLogFile {
    /// Whether bytes can be moved into this file by the kernel (``appendTransferred(chunk:_:)``): it is open, a
    /// regular file (a tty or `/dev/stdout` is written to the ordinary way), and not dropping its output after a
    /// failure (the caller then reads the bytes and gives them to ``write(_:)-(UnsafeRawBufferPointer)``, which
    /// counts them).
    public var acceptsTransfers: Bool { fileDescriptor >= 0 && isRegularFile && failure == nil }

    /// Appends bytes that `transfer` moves into the file itself (the runtime splices them from a child's pipe, so
    /// they never pass through user space), then rotates as ``write(_:)-(UnsafeRawBufferPointer)`` does: after the
    /// transfer, once the file has reached `maxBytes`.
    ///
    /// `transfer` gets a descriptor for the same open file without `O_APPEND` (splice(2) refuses append mode), the
    /// file's current size as the offset to write at (so an outside truncation is followed, as `O_APPEND` would),
    /// and `chunk`, the most it may move. It returns what splice returns; the result is handed back unchanged
    /// (`-1`: `errno` is as `transfer` left it).
    ///
    /// A transfer is never cut at the threshold. The caller makes `chunk` larger than its source can hold, so a
    /// transfer that moved fewer than `chunk` bytes emptied the source: the file then ends where one of the
    /// writer's writes ended, and only then does it rotate. A rotated file thus ends where a read of the pipe would
    /// have ended in Supervisor (which rotates after writing each read), and it passes `maxBytes` by less than what
    /// the source held. A transfer of a whole `chunk` may have stopped inside a write; the rotation then waits for
    /// the next transfer, unless the file had reached `maxBytes` before this one.
    ///
    /// A failing transfer does not start the dropping (splice(2) also fails where a file system cannot splice): the
    /// caller falls back to ``write(_:)-(UnsafeRawBufferPointer)``, which finds out.
    ///
    /// - Throws: ``LogFileError/closed(path:)``, the ``failure`` while dropping, a failure to open the second
    ///   descriptor or to `fstat`, or a rotation failure (the bytes are in the file; the next transfer tries to
    ///   rotate again).
    public func appendTransferred(
        chunk: Int,
        _ transfer: (_ fileDescriptor: Int32, _ offset: Int, _ length: Int) -> Int
    ) throws(LogFileError) -> Int {
        guard fileDescriptor >= 0 else { throw .closed(path: path) }
        if let failure { throw failure }
        if positionalDescriptor < 0 {
            // A new open file description of the same file (even if it was renamed meanwhile), without O_APPEND.
            let alias = "/proc/self/fd/\(fileDescriptor)"
            positionalDescriptor = try Syscall.retrying("open", path: path) { open(alias, O_WRONLY | O_CLOEXEC) }
        }
        let size = Int(try Syscall.fileStatus(fileDescriptor, path: path).st_size)
        let moved = transfer(positionalDescriptor, size, chunk)
        // A whole chunk may have stopped inside a write: rotate after it only if the file was past the threshold
        // even before it.
        if moved > 0, moved < chunk || policy.shouldRotate(currentSize: size) { try rotateIfNeeded() }
        return moved
    }

    func closePositionalDescriptor() {
        if positionalDescriptor >= 0 {
            Syscall.closeIgnoringErrors(positionalDescriptor)
            positionalDescriptor = -1
        }
    }
}
