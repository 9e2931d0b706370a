import Glibc
import SupervisorConfig
import SupervisorEngine

/// `http://HOST:PORT/PATH`: one HTTP/1.1 GET (`Host`, `User-Agent: supervisord-probe`, `Accept: */*`,
/// `Connection`); passes on a 2xx or 3xx status. Redirects are not followed. `https://` is not supported and always
/// fails.
///
/// With a connection pool (the daemon's ``LiveProbeRunner``) the request says `Connection: keep-alive` and the
/// connection is kept for the check's next try when the response allows it (see ``HTTPResponseReader``). A kept
/// connection that the server has closed meanwhile is not a failure: the try goes on with a new connection,
/// within the same timeout. Without a pool the request says `Connection: close`.
///
/// The response is read and judged on the ``SocketWaiter`` thread, in its readiness handler: one hop there and one
/// back per try.
///
/// Failure texts: `HTTP 503`, `connection refused`, `timed out after 5 s`, `bad response` (no HTTP status line),
/// `cannot resolve HOST`, `https is not supported`.
public struct HTTPProbe: Sendable {
    public var check: HTTPCheck

    /// The most read of a response: past it the connection is reset, judged by the status line alone.
    static let readLimit = 64 * 1024

    public init(_ check: HTTPCheck) {
        self.check = check
    }

    /// One try on a new connection, bounded by `timeout` seconds.
    public func run(timeout: Double) async -> ProbeResult {
        await run(timeout: timeout, pool: nil, key: "")
    }

    /// One try, bounded by `timeout` seconds, on the idle connection of `key` in `pool` if there is one.
    func run(timeout: Double, pool: HTTPConnectionPool?, key: String) async -> ProbeResult {
        if check.secure { return .failed("https is not supported") }
        let timeoutText = ProbeFailure.timedOut(after: timeout)
        let end = deadline(after: timeout)
        let request = Array(request(keepAlive: pool != nil).utf8)
        if let pool, let kept = pool.take(key) {
            let outcome = await exchange(request, on: kept, deadline: end, timeoutText: timeoutText)
            if let result = finish(outcome, socket: kept, pool: pool, key: key) { return result }
            // The server closed the kept connection: a new one, same deadline.
        }
        let socket: ProbeSocket
        switch await ProbeSocket.connect(host: check.host, port: check.port, deadline: end, timeoutText: timeoutText) {
        case .success(let connected): socket = connected
        case .failure(let failure): return .failed(failure.text)
        }
        let outcome = await exchange(request, on: socket, deadline: end, timeoutText: timeoutText)
        return finish(outcome, socket: socket, pool: pool, key: key) ?? .failed(outcome.staleText)
    }

    /// The request of a try without a pool, byte for byte.
    var requestText: String { request(keepAlive: false) }

    /// The request, byte for byte (`Connection: close` unless `keepAlive`).
    func request(keepAlive: Bool) -> String {
        let host = check.host.contains(":") ? "[\(check.host)]" : check.host
        let authority = check.port == 80 ? host : "\(host):\(check.port)"
        return "GET \(check.path) HTTP/1.1\r\nHost: \(authority)\r\nUser-Agent: supervisord-probe\r\n"
            + "Accept: */*\r\nConnection: \(keepAlive ? "keep-alive" : "close")\r\n\r\n"
    }

    /// How one request and response on one connection went.
    enum Exchange {
        /// A response (judged); `reusable` when the connection may carry the next request.
        case answered(ProbeResult, reusable: Bool)
        /// The try failed (timeout, bad response, a connection error after part of the response).
        case failed(String)
        /// The connection was closed or reset before any byte of a response: on a kept connection the server
        /// closed it while idle. The text is the failure on a new connection.
        case stale(String)

        var staleText: String {
            if case .stale(let text) = self { return text }
            return "bad response"
        }
    }

    /// The try's result, with the connection put back in the pool or reset; nil for a stale connection.
    private func finish(_ outcome: Exchange, socket: ProbeSocket, pool: HTTPConnectionPool?, key: String) -> ProbeResult? {
        switch outcome {
        case .answered(let result, let reusable):
            if reusable, let pool {
                pool.give(socket, for: key)
            } else {
                socket.resetOnClose()
            }
            return result
        case .failed(let text):
            socket.resetOnClose()
            return .failed(text)
        case .stale:
            socket.resetOnClose()
            return nil
        }
    }

    /// Sends `request` and reads the response on the waiter's thread.
    private func exchange(_ request: [UInt8], on socket: ProbeSocket, deadline end: UInt64, timeoutText: String) async
        -> Exchange
    {
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(socket.fileDescriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            if n > 0 {
                sent += n
            } else if n < 0 && (errno == EAGAIN || errno == EINTR) {
                guard await SocketWaiter.shared.wait(socket.fileDescriptor, for: .writable, deadline: end) else {
                    return .failed(timeoutText)
                }
            } else {
                let text = ProbeFailure(errno: errno).text
                return sent == 0 ? .stale(text) : .failed(text)
            }
        }
        if end <= SocketWaiter.now() { return .failed(timeoutText) }
        let reading = ResponseRead(fileDescriptor: socket.fileDescriptor, timeoutText: timeoutText)
        return await withCheckedContinuation { continuation in
            SocketWaiter.shared.watch(socket.fileDescriptor, for: .readable, deadline: end) { ready in
                guard let outcome = reading.step(ready: ready) else { return .again }
                return .done { continuation.resume(returning: outcome) }
            }
        }
    }

    /// `HTTP/1.x NNN ...`: 2xx and 3xx pass.
    static func judge<Line: Collection<UInt8>>(statusLine line: Line) -> ProbeResult {
        let words = line.split(separator: UInt8(ascii: " "), maxSplits: 2, omittingEmptySubsequences: true)
        guard words.count >= 2, words[0].starts(with: Array("HTTP/".utf8)),
              words[1].count == 3, let code = Int(String(decoding: words[1], as: UTF8.self))
        else { return .failed("bad response") }
        return (200..<400).contains(code) ? .passed : .failed("HTTP \(code)")
    }
}

/// The reading side of one exchange; used only on the ``SocketWaiter`` thread once the request is sent.
private final class ResponseRead: @unchecked Sendable {
    let fileDescriptor: Int32
    let timeoutText: String
    var reader = HTTPResponseReader()

    init(fileDescriptor: Int32, timeoutText: String) {
        self.fileDescriptor = fileDescriptor
        self.timeoutText = timeoutText
    }

    /// Reads what is there; the outcome once there is one, nil to wait for more.
    func step(ready: Bool) -> HTTPProbe.Exchange? {
        guard ready else {
            // At the deadline a judged status line stands, as it would have without a body.
            return reader.status.map { .answered($0, reusable: false) } ?? .failed(timeoutText)
        }
        return withUnsafeTemporaryAllocation(byteCount: 4096, alignment: 1) { buffer -> HTTPProbe.Exchange? in
            while true {
                let n = recv(fileDescriptor, buffer.baseAddress, buffer.count, 0)
                if n > 0 {
                    switch reader.feed(UnsafeRawBufferPointer(rebasing: buffer[0..<n])) {
                    case .complete(let result, let reusable): return .answered(result, reusable: reusable)
                    case .bad: return .failed("bad response")
                    case .incomplete:
                        if reader.received >= HTTPProbe.readLimit {
                            return reader.status.map { .answered($0, reusable: false) } ?? .failed("bad response")
                        }
                    }
                    continue
                }
                if n == 0 {
                    if reader.received == 0 { return .stale("bad response") }
                    if case .complete(let result, _) = reader.end() { return .answered(result, reusable: false) }
                    return .failed("bad response")
                }
                if errno == EINTR { continue }
                if errno == EAGAIN { return nil }
                let text = ProbeFailure(errno: errno).text
                if reader.received == 0 { return .stale(text) }
                return reader.status.map { .answered($0, reusable: false) } ?? .failed(text)
            }
        }
    }
}
