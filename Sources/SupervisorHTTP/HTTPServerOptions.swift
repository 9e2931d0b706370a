/// Limits and timings of the HTTP server. Supervisor has none of these limits; the defaults are far above what
/// supervisorctl, the web UI or an XML-RPC client sends.
public struct HTTPServerOptions: Sendable, Equatable {
    /// Largest request body accepted (413 and close above it). XML-RPC calls are a few kilobytes.
    public var maxBodySize: Int = 2 * 1024 * 1024
    /// Largest request head (request line plus headers) accepted; above it the client gets 400 and the connection
    /// is closed.
    public var maxHeadSize: Int = 64 * 1024
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
