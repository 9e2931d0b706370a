import Glibc
import Synchronization
import XMLRPC

/// An XML-RPC client for supervisord over a unix socket or TCP, talking the way Python's `supervisorctl` does.
///
/// Requests are byte-for-byte what Supervisor's `SupervisorTransport` (`supervisor/xmlrpc.py`) sends through
/// `http.client`: `POST /RPC2 HTTP/1.1` with `Host`, `Accept-Encoding: identity`, `User-Agent`,
/// `Content-Type: text/xml`, `Accept: text/xml`, `Authorization: Basic …` (only when both a username and a password
/// are set) and `Content-Length`. One HTTP/1.1 connection is kept alive and reused for every call; when the server
/// has closed it in between, the call reconnects transparently (once, and only if the server sent no byte of a
/// response, as Python's `xmlrpc.client.Transport.request` retries). Any status other than 200 closes the
/// connection and throws ``ClientError/httpStatus(code:reason:)``, as Python raises `ProtocolError`.
///
/// Calls are serialised by a mutex, so one connection can be shared between threads;
/// ``streamGet(path:cancellation:onChunk:)`` opens its own connection and can run beside calls.
public final class SupervisorConnection: Sendable {
    /// The server's address.
    public let serverURL: ServerURL
    /// Basic-auth user name; sent only together with ``password``.
    public let username: String?
    /// Basic-auth password.
    public let password: String?
    /// Limit for connecting and for each wait for data; nil waits as long as needed (Python's default).
    ///
    /// - Important: Deferred RPCs such as `startProcess` with `wait=true` answer only after `startsecs`; a timeout
    ///   must be longer than that.
    public let timeout: Duration?
    /// The `User-Agent` of XML-RPC requests. Python's is `Python-xmlrpc/3.11`; it is the default so that requests
    /// are identical to the reference client's. supervisord ignores it.
    public let userAgent: String

    private struct State {
        /// The kept-alive connection, if one is open.
        var socket: ClientSocket?
        /// Connections opened for calls so far.
        var connectionsOpened = 0
    }

    private let state = Mutex(State())

    /// Creates a client for `serverURL`. Nothing is connected until the first call.
    public init(
        serverURL: ServerURL,
        username: String? = nil,
        password: String? = nil,
        timeout: Duration? = nil,
        userAgent: String = "Python-xmlrpc/3.11"
    ) {
        self.serverURL = serverURL
        self.username = username
        self.password = password
        self.timeout = timeout
        self.userAgent = userAgent
    }

    /// Creates a client for the `serverurl` string `serverURL` (`unix:///path` or `http://host:port`).
    /// - Throws: ``ClientError/invalidServerURL(_:reason:)``.
    public convenience init(
        serverURL: String,
        username: String? = nil,
        password: String? = nil,
        timeout: Duration? = nil
    ) throws(ClientError) {
        self.init(serverURL: try ServerURL(serverURL), username: username, password: password, timeout: timeout)
    }

    /// Closes the kept-alive connection, if any. The next call opens a new one.
    public func close() {
        state.withLock { $0.socket = nil }
    }

    /// How many connections calls have opened so far (reconnects included); streams are not counted.
    public var connectionsOpened: Int {
        state.withLock { $0.connectionsOpened }
    }

    // MARK: - Calls

    /// Calls `method` with `params` and returns its value.
    /// - Throws: ``ClientError/fault(code:string:)`` when supervisord answers with a fault; any other
    ///   ``ClientError`` for connection, HTTP or XML problems.
    public func call(_ method: String, _ params: [XMLRPCValue] = []) throws(ClientError) -> XMLRPCValue {
        let body = XMLRPCRequest(methodName: method, params: params).encode()
        let responseBody = try state.withLock { (state) throws(ClientError) -> [UInt8] in
            try exchange(body, state: &state)
        }
        let response: XMLRPCResponse
        do throws(XMLRPCError) {
            response = try XMLRPCResponse.decode(responseBody)
        } catch {
            throw .malformedXML(error)
        }
        switch response {
        case .success(let value):
            return value
        case .fault(let code, let string):
            throw .fault(code: code, string: string)
        }
    }

    /// Runs `calls` in one `system.multicall` request.
    ///
    /// Supervisor answers each entry with its bare return value or a `{faultCode, faultString}` struct (spec
    /// `rpc.md` §9; it does not wrap values in one-element arrays as the multicall convention says). Faults become
    /// ``ClientError/fault(code:string:)`` failures in the returned array; one entry per call, in order.
    /// - Throws: when the request as a whole fails, or ``ClientError/unexpectedValue(_:)`` when the answer is not an
    ///   array of as many entries.
    public func multicall(_ calls: [MulticallCall]) throws(ClientError) -> [Result<XMLRPCValue, ClientError>] {
        let encoded: [XMLRPCValue] = calls.map { ["methodName": .string($0.method), "params": .array($0.params)] }
        let result = try call("system.multicall", [.array(encoded)])
        guard case .array(let entries) = result else {
            throw .unexpectedValue("system.multicall returned \(result) instead of an array")
        }
        guard entries.count == calls.count else {
            throw .unexpectedValue("system.multicall returned \(entries.count) results for \(calls.count) calls")
        }
        return entries.map { entry in
            if case .struct = entry, let code = entry["faultCode"]?.intValue,
               let string = entry["faultString"]?.stringValue {
                return .failure(.fault(code: code, string: string))
            }
            return .success(entry)
        }
    }

    // MARK: - HTTP exchange

    /// Sends one XML-RPC POST on the kept-alive connection (opening one if needed) and returns the 200 body.
    private func exchange(_ body: [UInt8], state: inout State) throws(ClientError) -> [UInt8] {
        let request = rpcRequestBytes(body: body)
        let timeoutMillis = pollMilliseconds(timeout)
        var mayRetry = true
        while true {
            let socket: ClientSocket
            let reused: Bool
            if let existing = state.socket, !existing.isUnusableForReuse() {
                socket = existing
                reused = true
            } else {
                state.socket = nil
                socket = try ClientSocket.connect(to: serverURL.address, timeoutMillis: timeoutMillis)
                state.socket = socket
                state.connectionsOpened += 1
                reused = false
            }
            let retryAllowed = reused && mayRetry
            mayRetry = false

            do throws(ClientError) {
                try socket.sendAll(request, timeoutMillis: timeoutMillis)
            } catch {
                state.socket = nil
                if retryAllowed && error.meansStaleConnection { continue }
                throw error
            }

            let source = SocketSource(socket: socket, timeoutMillis: timeoutMillis, cancelFD: nil)
            var reader = HTTPResponseReader(source: source)
            let head: HTTPResponseHead
            do throws(ClientError) {
                // No cancellation descriptor, so readHead never returns nil.
                guard let parsed = try reader.readHead() else { throw .closedBeforeResponse }
                head = parsed
            } catch {
                state.socket = nil
                if retryAllowed && reader.bytesReceived == 0 && error.meansStaleConnection { continue }
                throw error
            }
            guard head.status == 200 else {
                state.socket = nil
                throw .httpStatus(code: head.status, reason: head.reason)
            }
            var responseBody: [UInt8] = []
            let end: BodyEnd
            do throws(ClientError) {
                end = try reader.readBody(of: head) { piece in
                    responseBody.append(contentsOf: piece)
                    return true
                }
            } catch {
                state.socket = nil
                throw error
            }
            if end != .complete || !head.keepsConnectionOpen || reader.hasUnreadBytes {
                state.socket = nil
            }
            return responseBody
        }
    }

    /// The request head and body as Python's `http.client` writes them for `SupervisorTransport.request`.
    func rpcRequestBytes(body: [UInt8]) -> [UInt8] {
        var head = "POST /RPC2 HTTP/1.1\r\n"
        head += "Host: \(serverURL.rpcHostHeader)\r\n"
        head += "Accept-Encoding: identity\r\n"
        head += "User-Agent: \(userAgent)\r\n"
        head += "Content-Type: text/xml\r\n"
        head += "Accept: text/xml\r\n"
        if let username, let password {
            head += "Authorization: Basic \(BasicAuth.credentials(username: username, password: password))\r\n"
        }
        head += "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    // MARK: - Streaming GET (tail -f)

    /// Streams `GET path` (for example `/logtail/web:web_00/stderr` or `/mainlogtail`) on a new connection of its
    /// own, calling `onChunk` with each piece of body data as it arrives, until the server ends the body, `onChunk`
    /// returns ``StreamControl/stop``, or `cancellation` fires.
    ///
    /// The request is the one Supervisor's tail client (`supervisor/http_client.py`) sends: `GET <path> HTTP/1.1`,
    /// `Host:` the URL's network location (empty for unix sockets), `Accept-Encoding: chunked`, `Accept: */*`,
    /// `User-agent: Supervisor HTTP Client`, `Authorization` when a non-empty password is set, and an extra CRLF.
    /// Chunked, Content-Length and close-delimited bodies are understood. ``timeout`` applies to connecting only:
    /// a log tail may stay silent for any length of time (supervisord even withholds the headers until the log has
    /// data).
    ///
    /// Bytes are passed on as received; a UTF-8 character may be split between two calls.
    /// - Parameter path: the request target; bytes that cannot appear in a request line (space, controls,
    ///   non-ASCII) are percent-encoded, everything else is sent as given.
    /// - Throws: ``ClientError/httpStatus(code:reason:)`` for any status but 200 (404 for an unknown process or a
    ///   missing log, 401 without valid credentials), or a connection or HTTP error.
    @discardableResult
    public func streamGet(
        path: String,
        cancellation: StreamCancellation? = nil,
        onChunk: ([UInt8]) -> StreamControl
    ) throws(ClientError) -> StreamEnd {
        if cancellation?.isCancelled == true { return .cancelled }
        let socket = try ClientSocket.connect(to: serverURL.address, timeoutMillis: pollMilliseconds(timeout))
        try socket.sendAll(tailRequestBytes(path: path), timeoutMillis: pollMilliseconds(timeout))
        let source = SocketSource(socket: socket, timeoutMillis: -1, cancelFD: cancellation?.readFD)
        var reader = HTTPResponseReader(source: source)
        guard let head = try reader.readHead() else { return .cancelled }
        guard head.status == 200 else {
            throw .httpStatus(code: head.status, reason: head.reason)
        }
        switch try reader.readBody(of: head, onData: { onChunk($0) == .keepReading }) {
        case .complete, .endOfStream: return .serverClosed
        case .stopped: return .stopped
        case .cancelled: return .cancelled
        }
    }

    /// The request Supervisor's tail client sends, including its extra trailing CRLF.
    func tailRequestBytes(path: String) -> [UInt8] {
        var head = "GET \(Self.requestTarget(path)) HTTP/1.1\r\n"
        head += "Host: \(serverURL.tailHostHeader)\r\n"
        head += "Accept-Encoding: chunked\r\n"
        head += "Accept: */*\r\n"
        head += "User-agent: Supervisor HTTP Client\r\n"
        if let password, !password.isEmpty {
            head += "Authorization: Basic \(BasicAuth.credentials(username: username ?? "", password: password))\r\n"
        }
        head += "\r\n\r\n"
        return Array(head.utf8)
    }

    /// `path` with bytes outside printable ASCII (and space) percent-encoded; supervisord unquotes the path.
    static func requestTarget(_ path: String) -> String {
        var out = ""
        for byte in path.utf8 {
            if byte <= 0x20 || byte >= 0x7F {
                let hex = String(byte, radix: 16, uppercase: true)
                out += "%" + (hex.count == 1 ? "0" + hex : hex)
            } else {
                out.unicodeScalars.append(Unicode.Scalar(byte))
            }
        }
        return out
    }
}

/// One entry of a ``SupervisorConnection/multicall(_:)``.
public struct MulticallCall: Equatable, Sendable {
    /// The method's wire name, such as `supervisor.getProcessInfo`.
    public var method: String
    /// Its positional parameters.
    public var params: [XMLRPCValue]

    /// A call of `method` with `params`.
    public init(_ method: String, _ params: [XMLRPCValue] = []) {
        self.method = method
        self.params = params
    }
}

extension ClientError {
    /// Errors that mean a kept-alive connection was already dead when reused, so one retry on a new connection is
    /// safe: the server closed or reset it before answering.
    var meansStaleConnection: Bool {
        switch self {
        case .closedBeforeResponse:
            return true
        case .socket(_, let value):
            return value == EPIPE || value == ECONNRESET || value == ECONNABORTED
        default:
            return false
        }
    }
}
