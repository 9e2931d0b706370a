import Dispatch
import Glibc

/// Writes to a child's stdin without blocking (`supervisor.sendProcessStdin`).
///
/// Consumes: the non-blocking write end `SpawnedChild.stdin`, which the
/// writer owns from then on, and bytes from `write(_:)`.
/// Produces: the bytes on the pipe, in order. What does not fit is kept and
/// flushed when the pipe becomes writable again.
/// Closes: the fd on `close()`, or when a write fails (EPIPE: the child closed
/// its stdin or exited), as Supervisor's input dispatcher does; `onClosed`
/// then runs and later writes return false.
///
/// A write never raises SIGPIPE in the daemon, even if SIGPIPE is not ignored
/// process-wide: the writing thread blocks it and swallows the one it caused.
///
/// - Important: Use it only on `queue`.
public final class StdinWriter: @unchecked Sendable {
    // @unchecked: all mutable state (`pending`, `writeSource`, `armed`,
    // `isClosed`) is only touched on `queue`, which every entry point asserts.
    public let fileDescriptor: Int32
    private let queue: DispatchQueue
    private let onClosed: (@Sendable () -> Void)?
    private var pending: [UInt8] = []
    /// How much of `pending` is already written. The written part is dropped once it is half the buffer (not at
    /// every write: a 10 MB call goes out in pipe-sized pieces), and the buffer is released once all is written.
    private var pendingStart = 0
    private var writeSource: (any DispatchSourceWrite)?
    private var armed = false

    /// Whether the channel is closed; writes are refused then.
    public private(set) var isClosed = false

    public init(fileDescriptor: Int32, queue: DispatchQueue, onClosed: (@Sendable () -> Void)? = nil) {
        self.fileDescriptor = fileDescriptor
        self.queue = queue
        self.onClosed = onClosed
    }

    deinit {
        // A Dispatch source must be active when released, and the fd is ours.
        if let writeSource {
            writeSource.setCancelHandler { [fileDescriptor] in
                _ = Glibc.close(fileDescriptor)
            }
            writeSource.cancel()
            if !armed {
                writeSource.resume()
            }
        } else if !isClosed {
            _ = Glibc.close(fileDescriptor)
        }
    }

    /// Bytes accepted but not yet written.
    public var pendingCount: Int {
        dispatchPrecondition(condition: .onQueue(queue))
        return pending.count - pendingStart
    }

    /// Queues `bytes` and writes as much as the pipe takes now.
    ///
    /// - Returns: false when the channel is (or just became) closed.
    @discardableResult
    public func write(_ bytes: [UInt8]) -> Bool {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !isClosed else {
            return false
        }
        pending.append(contentsOf: bytes)
        flush()
        return !isClosed
    }

    /// Closes the child's stdin (it reads EOF). Pending bytes are dropped.
    public func close() {
        dispatchPrecondition(condition: .onQueue(queue))
        guard !isClosed else {
            return
        }
        isClosed = true
        pending = []
        pendingStart = 0
        if let writeSource {
            // The fd closes only once Dispatch has let go of it.
            self.writeSource = nil
            writeSource.setCancelHandler { [fileDescriptor] in
                _ = Glibc.close(fileDescriptor)
            }
            writeSource.cancel()
            if !armed {
                writeSource.resume()  // a suspended source never runs its cancel handler
            }
        } else {
            _ = Glibc.close(fileDescriptor)
        }
        armed = false
        onClosed?()
    }

    private func flush() {
        guard !isClosed else {
            return
        }
        while pendingStart < pending.count {
            let (written, code) = pending[pendingStart...].withUnsafeBytes { writeWithoutSIGPIPE(fileDescriptor, $0) }
            if written > 0 {
                pendingStart += written
            } else if code == EINTR {
                continue
            } else if code == EAGAIN || code == EWOULDBLOCK {
                if pendingStart > pending.count / 2 {
                    pending.removeFirst(pendingStart)
                    pendingStart = 0
                }
                arm()
                return
            } else {
                close()
                return
            }
        }
        pending = []
        pendingStart = 0
        disarm()
    }

    private func arm() {
        if writeSource == nil {
            let source = DispatchSource.makeWriteSource(fileDescriptor: fileDescriptor, queue: queue)
            source.setEventHandler { [weak self] in
                self?.flush()
            }
            writeSource = source
        }
        if !armed {
            armed = true
            writeSource?.resume()
        }
    }

    private func disarm() {
        if armed {
            armed = false
            writeSource?.suspend()
        }
    }
}

/// write(2) with SIGPIPE blocked in this thread; a SIGPIPE the write raised
/// is consumed so it is never delivered.
private func writeWithoutSIGPIPE(_ fd: Int32, _ bytes: UnsafeRawBufferPointer) -> (Int, Int32) {
    var pipeOnly = sigset_t()
    sigemptyset(&pipeOnly)
    sigaddset(&pipeOnly, SIGPIPE)
    var pendingBefore = sigset_t()
    sigpending(&pendingBefore)
    let wasPending = sigismember(&pendingBefore, SIGPIPE) == 1
    var previous = sigset_t()
    pthread_sigmask(SIG_BLOCK, &pipeOnly, &previous)
    let written = write(fd, bytes.baseAddress, bytes.count)
    let code = written < 0 ? errno : 0
    if code == EPIPE && !wasPending {
        var timeout = timespec(tv_sec: 0, tv_nsec: 0)
        while sigtimedwait(&pipeOnly, nil, &timeout) < 0 && errno == EINTR {}
    }
    pthread_sigmask(SIG_SETMASK, &previous, nil)
    return (written, code)
}
