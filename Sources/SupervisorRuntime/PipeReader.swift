import CSupervisorSpawn
import Dispatch
import Glibc

/// Reads one child output pipe as it becomes readable.
///
/// Consumes: a non-blocking read end (`SpawnedChild.stdout` / `.stderr`),
/// which the reader owns from then on.
/// Produces: `onData` with each chunk exactly as read (no line splitting):
/// up to 128 KiB per read, as Supervisor's dispatchers read, or the pipe's
/// capacity if that is more (a pipe the runtime enlarged for splicing), so
/// that a read empties the pipe and a chunk ends where one of the child's
/// writes ended (a log rotated after it never splits such a write); then
/// `onEOF` once when the child's end is closed (or reading fails with
/// anything but EAGAIN/EINTR, which Supervisor also treats as the channel
/// closing). Both run on `queue`.
/// Closes: the fd, after EOF or `cancel()`, from the source's cancel handler,
/// so the fd number cannot be reused while Dispatch still watches it.
///
/// - Important: A child's exit can be reaped before its last output is read.
///   Drain to EOF (or for a bounded time) before logging the exit.
public final class PipeReader: @unchecked Sendable {
    // @unchecked: `finished` is only touched on `queue`; everything else is immutable. The poller only calls
    // `queue.async` and never touches the fd.
    /// What one of Supervisor's reads takes at most (`options.readfd`), and the least one read here asks for.
    public static let supervisorReadSize = 128 * 1024

    /// How much one read asks for: ``supervisorReadSize``, or the pipe's capacity if larger.
    let readSize: Int

    public let fileDescriptor: Int32
    private let queue: DispatchQueue
    private let onData: @Sendable ([UInt8]) -> Void
    private let onEOF: @Sendable () -> Void
    private let transfer: (@Sendable (Int32) -> PipeTransferResult)?
    private var finished = false
    private let registration: UInt64

    /// Starts reading at once.
    ///
    /// - Parameters:
    ///   - fileDescriptor: a non-blocking read end; closed by the reader.
    ///   - queue: a serial queue for the callbacks.
    ///   - onData: each chunk read; never empty.
    ///   - onEOF: called once at end of file; not called after `cancel()`.
    ///   - transfer: when given, tried first on each turn with the pipe's fd: it may move the bytes onward itself
    ///     (splice into a log file, ``LogSplice``); `.unavailable` falls back to reading a chunk for `onData`.
    public init(
        fileDescriptor: Int32,
        queue: DispatchQueue,
        transfer: (@Sendable (Int32) -> PipeTransferResult)? = nil,
        onData: @escaping @Sendable ([UInt8]) -> Void,
        onEOF: @escaping @Sendable () -> Void
    ) {
        self.fileDescriptor = fileDescriptor
        readSize = max(Self.supervisorReadSize, Int(svd_pipe_size(fileDescriptor)))
        self.onData = onData
        self.onEOF = onEOF
        self.transfer = transfer
        self.queue = queue
        registration = PipePoller.shared.reserveID()
        // The poller's registration keeps the reader alive until EOF or cancel().
        PipePoller.shared.register(fileDescriptor, id: registration) { [self] in
            queue.async { self.readAvailable() }
        }
    }

    /// Stops reading and closes the fd; `onEOF` is not called. Safe from any thread and more than once.
    public func cancel() {
        queue.async { [self] in finish() }
    }

    /// On `queue`: unregisters and closes, once.
    private func finish() {
        guard !finished else { return }
        finished = true
        PipePoller.shared.unregister(fileDescriptor, id: registration)
        close(fileDescriptor)
    }

    /// Runs on `queue`: reads until the pipe is empty (a busy pipe yields after `readsPerTurn` chunks and is
    /// reported again at once, since it stays readable), then re-arms the one-shot registration.
    private func readAvailable() {
        for _ in 0..<Self.readsPerTurn {
            guard !finished else { return }
            if let transfer {
                switch transfer(fileDescriptor) {
                case .moved:
                    continue
                case .empty:
                    PipePoller.shared.rearm(fileDescriptor, id: registration)
                    return
                case .endOfFile:
                    finish()
                    onEOF()
                    return
                case .unavailable:
                    break
                }
            }
            switch readChunk() {
            case .data(let chunk):
                onData(chunk)
            case .empty:
                PipePoller.shared.rearm(fileDescriptor, id: registration)
                return
            case .endOfFile:
                finish()
                onEOF()
                return
            }
        }
        if !finished { PipePoller.shared.rearm(fileDescriptor, id: registration) }
    }

    private static let readsPerTurn = 8

    private enum ReadResult {
        case data([UInt8])
        case empty
        case endOfFile
    }

    private func readChunk() -> ReadResult {
        var count = 0
        var readError: Int32 = 0
        let chunk = [UInt8](unsafeUninitializedCapacity: readSize) { buffer, initialized in
            while true {
                count = read(fileDescriptor, buffer.baseAddress, readSize)
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
