import Glibc

/// Stops a ``SupervisorConnection/streamGet(path:cancellation:onChunk:)`` from another thread, for example when
/// the user presses Ctrl-C during `tail -f`.
///
/// It is a non-blocking pipe the stream polls together with its socket, so ``cancel()`` wakes a stream that is
/// blocked waiting for data. ``cancel()`` only calls `write(2)`, which is async-signal-safe.
public final class StreamCancellation: Sendable {
    /// Read end, polled by the stream.
    let readFD: Int32
    /// Write end, written by ``cancel()``.
    let writeFD: Int32

    /// Creates an untriggered cancellation.
    /// - Throws: ``ClientError/socket(operation:errno:)`` (`pipe`) when no descriptors are left.
    public init() throws(ClientError) {
        // pipe2 needs _GNU_SOURCE, which Swift's Glibc module does not define; flags are set right after instead.
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else {
            throw .socket(operation: "pipe", errno: errno)
        }
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        }
        readFD = fds[0]
        writeFD = fds[1]
    }

    deinit {
        _ = close(readFD)
        _ = close(writeFD)
    }

    /// Ends every stream using this cancellation, now or when it starts. Calling it again does nothing more.
    public func cancel() {
        var byte: UInt8 = 1
        _ = write(writeFD, &byte, 1)
    }

    /// The descriptor ``cancel()`` writes one byte to. A signal handler may write to it directly (``cancel()``
    /// itself is a Swift method call, which is not async-signal-safe); `supervisorctl` does so on Ctrl-C.
    public var signalSafeDescriptor: Int32 { writeFD }

    /// True once ``cancel()`` was called.
    public var isCancelled: Bool {
        var entry = pollfd(fd: readFD, events: Int16(POLLIN), revents: 0)
        return poll(&entry, 1, 0) > 0
    }
}

/// What a stream callback wants next.
public enum StreamControl: Sendable {
    /// Keep reading.
    case keepReading
    /// Close the stream; ``SupervisorConnection/streamGet(path:cancellation:onChunk:)`` returns ``StreamEnd/stopped``.
    case stop
}

/// Why a stream ended without an error.
public enum StreamEnd: Equatable, Sendable {
    /// The server ended the body: closed the connection, or finished a chunked or Content-Length body.
    case serverClosed
    /// The callback returned ``StreamControl/stop``.
    case stopped
    /// The ``StreamCancellation`` fired.
    case cancelled
}
