#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An append-only log file that rotates by size, like Supervisor's `RotatingFileHandler`.
///
/// Used for child logs (`stdout_logfile`, `stderr_logfile`) and for the daemon's own log.
/// Bytes are written as given: no timestamps, no line splitting (states.md §5).
///
/// - The file is opened with `O_WRONLY|O_APPEND|O_CREAT|O_CLOEXEC` and mode `0666` filtered
///   by the umask, as Python's `open(path, 'ab')` does.
/// - After each write, if the policy rotates and the file's size from `fstat` is
///   `>= maxBytes`, it is rotated as ``RotationPolicy`` describes: never inside a write, so
///   a rotated file ends where a write ended (each write is one read of the child's pipe,
///   as in Supervisor) and passes `maxBytes` by less than that write. Using the size rather
///   than a tracked offset, together with `O_APPEND`, is what makes logrotate's
///   `copytruncate` work: after an outside truncate we keep appending at the new end,
///   without a hole.
/// - A target that is not a regular file (`/dev/stdout`, a pipe, a tty) is written to but
///   never rotated. (Python falls back from `'ab'` to `'wb'` on `ESPIPE`; an `open(2)` with
///   `O_APPEND` never fails that way, so no fallback is needed here.)
///
/// Deliberate differences from `supervisor/loggers.py`, all in the "never lose a byte,
/// never die" direction (improvements.md):
/// - the file reopened after a rotation keeps `O_APPEND` (Python reopens it `'wb'`, so a
///   `copytruncate` after the first rotation leaves a sparse file full of NUL bytes there);
/// - ``reopen()``, ``clear()`` and rotation open the new descriptor before closing the old
///   one; if the open fails they throw and the old descriptor stays in use (Python closes
///   first and its handler is then dead, or the daemon dies);
/// - ``clear()`` does not unlink a path that is not a regular file (Python would try to
///   remove `/dev/stdout`);
/// - a write that fails (disk full, I/O error on a lost mount) is reported once, by the
///   throwing write; the file then drops what it is given, counting it, without touching the
///   broken descriptor, until ``reopen()`` or ``clear()`` opens the path again or a rotation
///   succeeds (tried once per `maxBytes` of dropped output); that call reports a
///   ``LogResumption``. Python prints a traceback to its stderr at every failed write, and
///   its reopen on SIGUSR2, which flushes what a full disk refused, then kills the daemon.
///
/// - Important: Not thread-safe, and deliberately not `Sendable`. Each output channel has
///   exactly one `RotatingLogFile`, owned by the task that reads that channel's pipe
///   (STYLE §5, "log output bypasses the actor"); the daemon's own log is owned by its
///   logger. Requests to ``reopen()`` (SIGUSR2) or ``clear()`` (clearProcessLogs) must be
///   carried out by that owner, between writes.
public final class RotatingLogFile {
    /// The path the file was opened with; reopen and rotation use this name.
    public let path: String
    /// When and how the file rotates.
    public let policy: RotationPolicy

    /// The open descriptor, or `-1` after ``close()``.
    private(set) var fileDescriptor: Int32
    /// Whether the open file is a regular file; only regular files rotate.
    public private(set) var isRegularFile: Bool
    /// A second descriptor for the same open file without `O_APPEND` (splice(2) refuses append mode), opened on
    /// first use by ``appendTransferred(_:)`` and closed whenever `fileDescriptor` changes; `-1` when not open.
    var positionalDescriptor: Int32 = -1

    /// The write failure that made the file drop its output, while it does; `nil` while bytes reach the file.
    public private(set) var failure: LogFileError?
    /// The last rotation failure, while bytes still go to the old descriptor and each write
    /// tries to rotate again (so that its owner reports it once, not at every write); `nil`
    /// once a rotation or a reopen succeeds.
    public private(set) var rotationFailure: LogFileError?
    /// What was dropped since ``failure`` was set.
    public private(set) var droppedBytes = 0
    /// What was dropped since the last rotation attempt (or the failure): one is tried per `maxBytes`.
    private var droppedSinceRotationAttempt = 0

    /// Opens (creating if needed) `path` for appending.
    ///
    /// - Parameters:
    ///   - path: the log file's name.
    ///   - policy: when to rotate; ``RotationPolicy/never`` by default.
    /// - Throws: ``LogFileError/syscall(call:path:errno:)`` if `open` fails.
    public init(path: String, policy: RotationPolicy = .never) throws(LogFileError) {
        self.path = path
        self.policy = policy
        let opened = try Self.openForAppend(path, truncate: false)
        self.fileDescriptor = opened.fd
        self.isRegularFile = opened.isRegularFile
    }

    /// Opens `path` for appending with `maxBytes`/`backups` as in the config
    /// (`stdout_logfile_maxbytes`, `stdout_logfile_backups`).
    public convenience init(path: String, maxBytes: Int, backups: Int) throws(LogFileError) {
        try self.init(path: path, policy: RotationPolicy(maxBytes: maxBytes, backups: backups))
    }

    deinit {
        if fileDescriptor >= 0 { Syscall.closeIgnoringErrors(fileDescriptor) }
        closePositionalDescriptor()
    }

    /// Whether ``close()`` has been called.
    public var isClosed: Bool { fileDescriptor < 0 }

    // MARK: - Writing

    /// Writes all of `bytes`, then rotates if the policy says so.
    ///
    /// Partial writes and `EINTR` are retried; `EAGAIN` (a non-blocking stdout or pipe) waits
    /// in `poll(2)` until the target is writable. An empty buffer does nothing.
    ///
    /// A write that fails sets ``failure`` and throws it: from then on the file drops what it
    /// is given (counted in ``droppedBytes``) without throwing, until ``reopen()`` or
    /// ``clear()`` succeeds, or a rotation does: while dropping, a rotation is tried after each
    /// `maxBytes` dropped (where the file would have rotated), and the write that ends with a
    /// successful one returns the ``LogResumption`` (its own bytes were dropped; the next
    /// write goes to the new file).
    ///
    /// - Returns: a ``LogResumption`` when this call ended a spell of dropping, otherwise `nil`.
    /// - Throws: ``LogFileError/closed(path:)`` after ``close()``; a `write` failure, which
    ///   starts the dropping (some bytes may have been written; the rest count as dropped);
    ///   or a rotation failure while writing normally (all bytes were written, the old
    ///   descriptor is still in use and the next write tries to rotate again).
    @discardableResult
    public func write(_ bytes: UnsafeRawBufferPointer) throws(LogFileError) -> LogResumption? {
        guard fileDescriptor >= 0 else { throw .closed(path: path) }
        guard let base = bytes.baseAddress, bytes.count > 0 else { return nil }
        if failure != nil { return drop(bytes.count) }
        var done = 0
        do {
            try writeAll(base, count: bytes.count, done: &done)
        } catch {
            failure = error
            droppedBytes = bytes.count - done
            droppedSinceRotationAttempt = droppedBytes
            throw error
        }
        try rotateIfNeeded()
        return nil
    }

    /// Writes all of `bytes`, then rotates if the policy says so (see the buffer-pointer
    /// overload for the details and errors).
    @discardableResult
    public func write(_ bytes: [UInt8]) throws(LogFileError) -> LogResumption? {
        var result: Result<LogResumption?, LogFileError> = .success(nil)
        bytes.withUnsafeBytes { buffer in
            do throws(LogFileError) { result = .success(try write(buffer)) } catch { result = .failure(error) }
        }
        return try result.get()
    }

    private func writeAll(_ base: UnsafeRawPointer, count: Int, done: inout Int) throws(LogFileError) {
        let fd = fileDescriptor
        while done < count {
            let written: Int
            do {
                written = try Syscall.retrying("write", path: path) {
                    systemWrite(fd, base + done, count - done)
                }
            } catch where error.errno == EAGAIN || error.errno == EWOULDBLOCK {
                try waitUntilWritable(fd)
                continue
            }
            done += written
        }
    }

    /// While dropping: counts `count` bytes, and once `maxBytes` were dropped since the last
    /// attempt, tries the rotation the file would have had (a failure is silent; the next one
    /// is tried after another `maxBytes`).
    private func drop(_ count: Int) -> LogResumption? {
        droppedBytes += count
        droppedSinceRotationAttempt += count
        guard policy.rotates, isRegularFile, droppedSinceRotationAttempt >= policy.maxBytes else { return nil }
        droppedSinceRotationAttempt = 0
        do throws(LogFileError) {
            try rotate()
        } catch {
            return nil
        }
        return endDropping()
    }

    /// Leaves the dropping state after the path was opened again; the resumption, if it was dropping.
    private func endDropping() -> LogResumption? {
        guard failure != nil else { return nil }
        let resumption = LogResumption(droppedBytes: droppedBytes)
        failure = nil
        droppedBytes = 0
        droppedSinceRotationAttempt = 0
        return resumption
    }

    private func waitUntilWritable(_ fd: Int32) throws(LogFileError) {
        var request = pollfd(fd: fd, events: Int16(POLLOUT), revents: 0)
        _ = try Syscall.retrying("poll", path: path) { poll(&request, 1, -1) }
    }

    // MARK: - Rotation

    /// Rotates if the policy rotates, the file is a regular file and its size is at least
    /// `maxBytes`. A failure is kept in ``rotationFailure`` until a rotation (or a reopen)
    /// succeeds.
    func rotateIfNeeded() throws(LogFileError) {
        guard policy.rotates, isRegularFile else { return }
        let status = try Syscall.fileStatus(fileDescriptor, path: path)
        guard policy.shouldRotate(currentSize: Int(status.st_size)) else {
            rotationFailure = nil  // truncated from outside meanwhile
            return
        }
        do {
            try rotate()
        } catch {
            rotationFailure = error
            throw error
        }
        rotationFailure = nil
    }

    /// Carries out ``RotationPolicy/steps(forPath:)``. The renames happen while the old
    /// descriptor is still open (Linux allows it), so a failure at any step leaves a
    /// descriptor to write to.
    private func rotate() throws(LogFileError) {
        for step in policy.steps(forPath: path) {
            switch step {
            case .shiftBackupIfExists(let from, let to):
                if Syscall.exists(from) { try Self.removeAndRename(from, to) }
            case .moveLiveFile(let from, let to):
                try Self.removeAndRename(from, to)
            case .reopenTruncated:
                try replaceDescriptor(truncate: true)
            }
        }
    }

    /// Supervisor's `removeAndRename`: remove `destination` if it exists, then rename;
    /// `ENOENT` from either is ignored (a race with a cleanup script is not an error).
    private static func removeAndRename(_ source: String, _ destination: String) throws(LogFileError) {
        if Syscall.exists(destination) {
            do {
                _ = try Syscall.retrying("unlink", path: destination) { unlink(destination) }
            } catch where error.errno == ENOENT {}
        }
        do {
            _ = try Syscall.retrying("rename", path: "\(source) -> \(destination)") {
                rename(source, destination)
            }
        } catch where error.errno == ENOENT {}
    }

    // MARK: - Reopen, clear, close

    /// Closes the file and opens `path` again for appending (SIGUSR2, for logrotate's
    /// `create` mode: after the old file was renamed away, new writes go to a new file).
    ///
    /// - Returns: a ``LogResumption`` if the file was dropping its output (``failure``); it
    ///   writes again from now on.
    /// - Throws: ``LogFileError/syscall(call:path:errno:)`` if the open fails; the old
    ///   descriptor is then kept and writes continue there (or keep being dropped), and a
    ///   later reopen may retry (improvements.md: the daemon survives a failed reopen).
    @discardableResult
    public func reopen() throws(LogFileError) -> LogResumption? {
        try replaceDescriptor(truncate: false)
        return endDropping()
    }

    /// Supervisor's `clearProcessLogs` / `clearLog` for this file: the file is deleted and
    /// recreated empty. Backups (`.1`, `.2`, …) are left alone, as in Supervisor.
    ///
    /// A missing file is not an error. A path that is not a regular file (`/dev/stdout`) is
    /// not unlinked, only reopened.
    ///
    /// - Returns: a ``LogResumption`` if the file was dropping its output, as ``reopen()``.
    /// - Throws: if `unlink` fails (the file is then untouched and still in use), or if the
    ///   reopen fails (the old, now unlinked, descriptor is kept; a later reopen may retry).
    @discardableResult
    public func clear() throws(LogFileError) -> LogResumption? {
        var status = stat()
        if stat(path, &status) == 0, Syscall.isRegularFile(status.st_mode) {
            do {
                _ = try Syscall.retrying("unlink", path: path) { unlink(path) }
            } catch where error.errno == ENOENT {}
        }
        try replaceDescriptor(truncate: false)
        return endDropping()
    }

    /// Closes the descriptor. Later writes throw ``LogFileError/closed(path:)``; ``reopen()``
    /// opens the file again. Calling `close()` twice is harmless.
    public func close() {
        guard fileDescriptor >= 0 else { return }
        Syscall.closeIgnoringErrors(fileDescriptor)
        fileDescriptor = -1
        closePositionalDescriptor()
    }

    /// Opens `path` and only then closes the old descriptor, so that a failed open changes
    /// nothing.
    private func replaceDescriptor(truncate: Bool) throws(LogFileError) {
        let opened = try Self.openForAppend(path, truncate: truncate)
        if fileDescriptor >= 0 { Syscall.closeIgnoringErrors(fileDescriptor) }
        closePositionalDescriptor()
        fileDescriptor = opened.fd
        isRegularFile = opened.isRegularFile
        rotationFailure = nil
    }

    private static func openForAppend(
        _ path: String,
        truncate: Bool
    ) throws(LogFileError) -> (fd: Int32, isRegularFile: Bool) {
        let flags = O_WRONLY | O_APPEND | O_CREAT | O_CLOEXEC | (truncate ? O_TRUNC : 0)
        let fd = try Syscall.retrying("open", path: path) { open(path, flags, 0o666) }
        do {
            let status = try Syscall.fileStatus(fd, path: path)
            return (fd, Syscall.isRegularFile(status.st_mode))
        } catch {
            Syscall.closeIgnoringErrors(fd)
            throw error
        }
    }
}

/// A `RotatingLogFile` has one owner and is never shared between tasks; see the type's
/// documentation.
@available(*, unavailable)
extension RotatingLogFile: Sendable {}
