#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Follows a log file like `tail -f`, with the rules of Supervisor's `tail_f_producer` (supervisor/http.py;
/// rpc.md §10):
/// - it starts `initialBytes` (1024) before the end of the file, or at its start when the file is smaller;
/// - each poll first checks whether the path now names another inode (the log was rotated): then the new file is
///   opened and followed from its start; a path that vanished keeps the old file followed;
/// - a file that got shorter than what was already sent (truncated, e.g. `clearProcessLogs`) yields the marker
///   `==> File truncated <==\n`, and following restarts at offset 0.
///
/// Unlike Supervisor, which sends everything appended since the last poll in one piece, a poll returns at most
/// `maxBytes`, so a slow client leaves the rest in the file instead of in memory.
///
/// Not thread-safe: it belongs to one connection and is only used on that connection's event loop. Its reads are
/// `pread`s of a local file, bounded by `maxBytes`, which is cheap enough to do on the loop.
final class LogFileFollower {
    /// What one poll found.
    enum Poll: Equatable {
        /// New bytes, in file order.
        case data([UInt8])
        /// The file shrank; following restarts at its start.
        case truncated
        /// Nothing new.
        case nothing
    }

    static let truncationMarker = Array("==> File truncated <==\n".utf8)

    let path: String
    /// Modification time of the file when it was opened, in seconds (for `Last-Modified`).
    let modificationTime: Int
    private var fd: Int32
    private var inode: UInt64
    private var offset: Int64

    /// Opens `path` and positions `initialBytes` before its end.
    /// - Throws: `SyscallError` when the file cannot be opened (the request then gets a 404).
    init(path: String, initialBytes: Int) throws(SyscallError) {
        self.path = path
        let fd = try syscall("open") { open(path, O_RDONLY | O_CLOEXEC) }
        var st = stat()
        do {
            try syscall("fstat") { fstat(fd, &st) }
        } catch {
            _ = Glibc.close(fd)
            throw error
        }
        self.fd = fd
        self.inode = UInt64(st.st_ino)
        self.modificationTime = Int(st.st_mtim.tv_sec)
        let size = Int64(st.st_size)
        self.offset = size >= Int64(initialBytes) ? size - Int64(initialBytes) : 0
    }

    deinit {
        if fd >= 0 { _ = Glibc.close(fd) }
    }

    /// Closes the file; later polls find nothing.
    func close() {
        if fd >= 0 { _ = Glibc.close(fd) }
        fd = -1
    }

    /// Looks for rotation, truncation and new bytes, in that order.
    func poll(maxBytes: Int) -> Poll {
        guard fd >= 0 else { return .nothing }
        followRotation()
        var st = stat()
        guard fstat(fd, &st) == 0 else { return .nothing }
        let size = Int64(st.st_size)
        if size < offset {
            offset = 0
            return .truncated
        }
        guard size > offset, maxBytes > 0 else { return .nothing }
        let wanted = Int(min(size - offset, Int64(maxBytes)))
        var buffer = [UInt8](repeating: 0, count: wanted)
        let count = buffer.withUnsafeMutableBytes { raw in
            (try? syscall("pread") { pread(fd, raw.baseAddress, wanted, off_t(offset)) }) ?? -1
        }
        guard count > 0 else { return .nothing }
        offset += Int64(count)
        if count < wanted { buffer.removeLast(wanted - count) }
        return .data(buffer)
    }

    private func followRotation() {
        var st = stat()
        guard stat(path, &st) == 0, UInt64(st.st_ino) != inode else { return }
        guard let newFD = try? syscall("open", { open(path, O_RDONLY | O_CLOEXEC) }) else { return }
        var opened = stat()
        guard fstat(newFD, &opened) == 0 else {
            _ = Glibc.close(newFD)
            return
        }
        _ = Glibc.close(fd)
        fd = newFD
        inode = UInt64(opened.st_ino)
        offset = 0
    }
}
