import Dispatch
import Glibc

/// Reads one child output pipe as it becomes readable.
///
/// Consumes: a non-blocking read end (`SpawnedChild.stdout` / `.stderr`),
/// which the reader owns from then on.
/// Produces: `onData` with each chunk exactly as read (at most 128 KiB per
/// read, as Supervisor's dispatchers read; no line splitting), then
/// `onEOF` once when the child's end is closed (or reading fails with
/// anything but EAGAIN/EINTR, which Supervisor also treats as the channel
/// closing). Both run on `queue`.
/// Closes: the fd, after EOF or `cancel()`, from the source's cancel handler,
/// so the fd number cannot be reused while Dispatch still watches it.
///
/// - Important: A child's exit can be reaped before its last output is read.
///   Drain to EOF (or for a bounded time) before logging the exit.
public final class PipeReader: @unchecked Sendable {
    // @unchecked: `finished` is only touched on `queue` (the source's handlers
    // run there); everything else is immutable. DispatchSource is thread-safe.
    public static let maximumChunk = 128 * 1024

    public let fileDescriptor: Int32
    private let source: any DispatchSourceRead
    private let queue: DispatchQueue
    private let onData: @Sendable ([UInt8]) -> Void
    private let onEOF: @Sendable () -> Void
    private var finished = false

    /// Starts reading at once.
    ///
    /// - Parameters:
    ///   - fileDescriptor: a non-blocking read end; closed by the reader.
    ///   - queue: a serial queue for the callbacks.
    ///   - onData: each chunk read; never empty.
    ///   - onEOF: called once at end of file; not called after `cancel()`.
    public init(
        fileDescriptor: Int32,
        queue: DispatchQueue,
        onData: @escaping @Sendable ([UInt8]) -> Void,
        onEOF: @escaping @Sendable () -> Void
    ) {
        self.fileDescriptor = fileDescriptor
        self.onData = onData
        self.onEOF = onEOF
        self.queue = queue
        source = DispatchSource.makeReadSource(fileDescriptor: fileDescriptor, queue: queue)
        // The handlers keep `self` alive until the source is cancelled.
        source.setEventHandler { [self] in
            readAvailable()
        }
        source.setCancelHandler { [fileDescriptor] in
            close(fileDescriptor)
        }
        source.resume()
    }

    /// Stops reading and closes the fd; `onEOF` is not called. Safe from any
    /// thread and more than once.
    public func cancel() {
        source.cancel()
    }

    /// Runs on `queue`.
    ///
    /// Reads until the pipe is empty, not just once: when the child writes
    /// and exits before the next wake-up, libdispatch's epoll backend sees
    /// EPOLLIN|EPOLLHUP together, delivers one last event and drops the fd
    /// from epoll (event_epoll.c, SR-9033), so nothing would ever report the
    /// rest of the data or the EOF. To stay fair to other sources on the
    /// queue, a busy pipe yields after `readsPerTurn` chunks and continues in
    /// a fresh queue item.
    private func readAvailable() {
        for _ in 0..<Self.readsPerTurn {
            // After cancel() the fd may already be closed and its number reused.
            guard !finished, !source.isCancelled else {
                return
            }
            switch readChunk() {
            case .data(let chunk):
                onData(chunk)
            case .empty:
                return
            case .endOfFile:
                finished = true
                source.cancel()
                onEOF()
                return
            }
        }
        queue.async { [self] in
            readAvailable()
        }
    }

    private static let readsPerTurn = 8

    private enum ReadResult {
        case data([UInt8])
        case empty
        case endOfFile
    }

    private func readChunk() -> ReadResult {
        // The event's data is the kernel's count of readable bytes; size the
        // buffer by it so 500 idle children do not hold 128 KiB each.
        let wanted = min(max(Int(source.data), 4096), Self.maximumChunk)
        var count = 0
        var readError: Int32 = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: wanted) { buffer, initialized in
            while true {
                count = read(fileDescriptor, buffer.baseAddress, wanted)
                if count < 0 && errno == EINTR {
                    continue
                }
                if count < 0 {
                    readError = errno
                }
                break
            }
            initialized = max(count, 0)
        }
        if count > 0 {
            return .data(chunk)
        }
        if count < 0 && (readError == EAGAIN || readError == EWOULDBLOCK) {
            return .empty
        }
        return .endOfFile
    }
}
