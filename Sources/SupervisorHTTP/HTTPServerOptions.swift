/// Limits and timings of the HTTP server. Supervisor has none of these limits; the defaults are far above what
/// supervisorctl, the web UI or an XML-RPC client sends.
public struct HTTPServerOptions: Sendable, Equatable {
    /// Largest request body accepted; above it the client gets 413 and the connection is closed (lingering).
    /// Supervisor has no limit (a 10 MB `sendProcessStdin` works there), so ours leaves room for such a call,
    /// 10 MiB of text plus XML escaping, while one request's memory stays bounded (the body is held whole while
    /// parsed, a few copies of it at most).
    public var maxBodySize: Int = 16 * 1024 * 1024
    /// Largest request head (request line plus headers) accepted; above it the client gets 431 and the connection
    /// is closed (lingering).
    public var maxHeadSize: Int = 64 * 1024
    /// After an answer that ends a connection whose client may still be sending (413, 431, 400), the rest of its
    /// input is read and dropped, so that the client sees the answer instead of a reset, until it closes its side,
    /// or at most this many bytes ...
    public var lingerMaxBytes: Int = 256 * 1024 * 1024
    /// ... or for at most this long (nginx's `lingering_time`).
    public var lingerTimeout: Duration = .seconds(30)
    /// A connection that has not finished sending its first request, or that stalls in the middle of a request,
    /// for this long is closed.
    public var idleTimeout: Duration = .seconds(60)
    /// A kept-alive connection with no request for this long is closed. Long, because an interactive supervisorctl
    /// keeps one connection for its whole session; Medusa's own zombie timeout is 30 minutes.
    public var keepAliveTimeout: Duration = .seconds(30 * 60)
    /// How often a log tail checks its file (Supervisor: 0.1 s).
    public var tailPollInterval: Duration = .milliseconds(100)
    /// How much of the file's end a log tail sends first (Supervisor: 1024 bytes).
    public var tailInitialBytes: Int = 1024
    /// Most bytes a log tail reads per poll; it also stops early whenever the connection's write buffer is full.
    public var tailMaxBytesPerPoll: Int = 256 * 1024

    public init() {}
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? .min : .max }
        return product.addingReportingOverflow(attoseconds / 1_000_000_000).overflow
            ? .max : product + attoseconds / 1_000_000_000
    }
}
