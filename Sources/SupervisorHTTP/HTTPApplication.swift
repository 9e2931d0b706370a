/// What stands behind the HTTP server: the XML-RPC API, the log files, and the web UI.
///
/// The HTTP layer owns transport, framing, authentication, routing and log-tail streaming; it calls these methods
/// only for requests that passed authentication, and off the NIO event loops, so they may take as long as they need
/// (a `startProcess` with `wait=true` simply returns later). Implementations must be safe to call concurrently:
/// requests on different connections overlap.
public protocol HTTPApplication: Sendable {
    /// `POST /RPC2…`: the request body (non-empty, valid UTF-8, at most `HTTPServerOptions.maxBodySize` bytes).
    /// - Returns: the XML response body, or the HTTP error Supervisor gives instead of a fault.
    func handleXMLRPC(body: [UInt8], context: RequestContext) async -> XMLRPCReply

    /// `GET /logtail/<namespec>[/stderr]`: the log file to follow.
    /// - Parameters:
    ///   - namespec: URL-unquoted, exactly as in the URL (`group:name`, `name`); may be empty.
    /// - Returns: the file's path, or nil for 404 (unknown name, no log configured).
    func logTailFile(namespec: String, channel: LogTailChannel) async -> String?

    /// `GET /mainlogtail`: the main log file, or nil for 404 (no log file, `syslog`, or a device like `/dev/stdout`).
    func mainLogFile() async -> String?

    /// Every other route (web UI pages, static files, 404s for unknown paths): full control of the response.
    func handlePage(_ request: PageRequest) async -> PageResponse
}

/// The answer to an XML-RPC POST.
public enum XMLRPCReply: Sendable, Equatable {
    /// 200 with `Content-Type: text/xml` and this body (a result or a fault).
    case response([UInt8])
    /// HTTP 400: unparseable XML, or no method name (rpc.md §2).
    case badRequest
    /// HTTP 500: an unexpected error while handling the call (rpc.md §2, "Any other unexpected exception").
    case internalError
}

/// The two output channels of a process log, as named in `/logtail/<name>/<channel>`.
public enum LogTailChannel: String, Sendable, Equatable {
    case stdout
    case stderr
}

/// Facts about the request that the application may want beyond its body.
public struct RequestContext: Sendable, Equatable {
    /// The config section of the server that received the request (`inet_http_server`, `unix_http_server`).
    public var serverSection: String
    /// Where the request came in, for building absolute URLs when the client sent no `Host` header.
    public var listener: ListenerAddress
    /// The authenticated user name, or nil on a server without authentication.
    public var username: String?
    /// `host:port` of the peer on TCP, nil on a unix socket.
    public var remoteAddress: String?

    public init(serverSection: String, listener: ListenerAddress, username: String?, remoteAddress: String?) {
        self.serverSection = serverSection
        self.listener = listener
        self.username = username
        self.remoteAddress = remoteAddress
    }
}

/// The address a listener is bound to.
public enum ListenerAddress: Sendable, Equatable {
    /// A unix socket file.
    case unix(path: String)
    /// TCP; `host` as configured (empty = all interfaces), `port` as bound (the real one when 0 was configured).
    case inet(host: String, port: Int)
}

/// A request for the web UI (everything not routed to `/RPC2` or the log tails).
public struct PageRequest: Sendable {
    /// The method as sent (`GET`, `POST`, `HEAD`, …).
    public var method: String
    /// The request target exactly as sent.
    public var target: String
    /// The path, `%xx`-unquoted, with its leading slashes (Supervisor strips them: `/` and `` mean `index.html`).
    public var path: String
    /// The query string without `?`, not unquoted; nil when absent or empty.
    public var query: String?
    /// The request headers in order, names as sent.
    public var headers: [(name: String, value: String)]
    /// The body of a POST (form data), empty otherwise.
    public var body: [UInt8]
    public var context: RequestContext

    public init(
        method: String, target: String, path: String, query: String?, headers: [(name: String, value: String)],
        body: [UInt8], context: RequestContext
    ) {
        self.method = method
        self.target = target
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.context = context
    }

    /// The first header called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first(where: { $0.name.lowercased() == lowered })?.value
    }
}

/// A complete web UI response. The server adds `Server`, `Date` and, when absent, `Content-Length`; it decides
/// keep-alive, and sends no body for `HEAD`.
public struct PageResponse: Sendable {
    public var status: Int
    /// Headers in the order they are sent, after `Server` and `Date`.
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// Medusa's HTML error page for `status` (`<p>Error code 404.` …), as Supervisor's handlers send with
    /// `request.error(code)`.
    public static func error(_ status: Int) -> PageResponse {
        PageResponse(status: status, headers: [("Content-Type", "text/html")], body: MedusaResponses.errorBody(status))
    }
}
