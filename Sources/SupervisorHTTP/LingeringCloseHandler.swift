import NIOCore

/// Ends a connection whose client may still be sending (an oversized body or head, a request the decoder cannot
/// parse) without losing the answer already written to it: nginx's "lingering close".
///
/// Closing a socket that still has unread input makes the kernel send a reset, and a reset makes the client drop
/// what it has received but not yet read, so a client that writes its whole request before reading never saw the
/// 413. Instead, the connection handler writes its answer and shuts its output down (the client reads the answer
/// and then end-of-file); this handler, added at the front of the pipeline, **consumes** every byte that still
/// arrives and **drops** it uncounted by anything else (memory stays at one read buffer), until the client closes
/// its side (NIO then closes the channel), `maxBytes` have been discarded, or `timeout` has passed since it was
/// added; in the last two cases it **closes** the channel itself.
final class LingeringCloseHandler: ChannelInboundHandler, RemovableChannelHandler {
    typealias InboundIn = ByteBuffer

    private let maxBytes: Int
    private let timeout: Duration
    private var discarded = 0
    private var timer: Scheduled<Void>?

    init(maxBytes: Int, timeout: Duration) {
        self.maxBytes = maxBytes
        self.timeout = timeout
    }

    func handlerAdded(context: ChannelHandlerContext) {
        timer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(timeout.nanoseconds)) {
            self.timer = nil
            context.close(promise: nil)
        }
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        discarded += unwrapInboundIn(data).readableBytes
        if discarded > maxBytes { context.close(promise: nil) }
    }

    func channelInactive(context: ChannelHandlerContext) {
        timer?.cancel()
        timer = nil
        context.fireChannelInactive()
    }

    /// Nothing that arrives now is a request; the handlers behind are done with this connection.
    func channelReadComplete(context: ChannelHandlerContext) {}

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        context.close(promise: nil)
    }
}

@available(*, unavailable)
extension LingeringCloseHandler: Sendable {}
