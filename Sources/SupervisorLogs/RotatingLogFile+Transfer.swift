#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension RotatingLogFile {
    /// Whether bytes can be moved into this file by the kernel (``appendTransferred(_:)``): it is open and a
    /// regular file (a tty or `/dev/stdout` is written to the ordinary way).
    public var acceptsTransfers: Bool { fileDescriptor >= 0 && isRegularFile }

    /// Appends bytes that `transfer` moves into the file itself (the runtime splices them from a child's pipe, so
    /// they never pass through user space), then rotates exactly as ``write(_:)-(UnsafeRawBufferPointer)`` does.
    ///
    /// `transfer` gets a descriptor for the same open file without `O_APPEND` (splice(2) refuses append mode), the
    /// file's current size as the offset to write at (so an outside truncation is followed, as `O_APPEND` would),
    /// and how many bytes may go in before the rotation threshold (`maxBytes`; 1 MiB when the file never rotates),
    /// so a rotated file ends exactly at `maxBytes`. It returns what splice returns; a positive count is followed
    /// by the rotation check. The result is handed back unchanged (`-1`: `errno` is as `transfer` left it).
    ///
    /// - Throws: ``LogFileError/closed(path:)``, a failure to open the second descriptor or to `fstat`, or a
    ///   rotation failure (the bytes are in the file; the next call tries to rotate again).
    public func appendTransferred(
        _ transfer: (_ fileDescriptor: Int32, _ offset: Int, _ limit: Int) -> Int
    ) throws(LogFileError) -> Int {
        guard fileDescriptor >= 0 else { throw .closed(path: path) }
        if positionalDescriptor < 0 {
            // A new open file description of the same file (even if it was renamed meanwhile), without O_APPEND.
            let alias = "/proc/self/fd/\(fileDescriptor)"
            positionalDescriptor = try Syscall.retrying("open", path: path) { open(alias, O_WRONLY | O_CLOEXEC) }
        }
        var size = Int(try Syscall.fileStatus(fileDescriptor, path: path).st_size)
        if policy.rotates && policy.shouldRotate(currentSize: size) {
            try rotateIfNeeded()
            size = Int(try Syscall.fileStatus(fileDescriptor, path: path).st_size)
            if positionalDescriptor < 0 { return try appendTransferred(transfer) }
        }
        let limit = policy.rotates ? max(policy.maxBytes - size, 1) : 1 << 20
        let moved = transfer(positionalDescriptor, size, limit)
        if moved > 0 { try rotateIfNeeded() }
        return moved
    }

    func closePositionalDescriptor() {
        if positionalDescriptor >= 0 {
            Syscall.closeIgnoringErrors(positionalDescriptor)
            positionalDescriptor = -1
        }
    }
}
