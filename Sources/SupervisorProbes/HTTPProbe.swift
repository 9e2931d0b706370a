import Glibc
import SupervisorConfig
import SupervisorEngine

/// `http://HOST:PORT/PATH`: one HTTP/1.1 GET (`Host`, `User-Agent: supervisord-probe`, `Connection: close`);
/// passes on a 2xx or 3xx status. Redirects are not followed. `https://` is not supported and always fails.
///
/// Failure texts: `HTTP 503`, `connection refused`, `timed out after 5 s`, `bad response` (no HTTP status line),
/// `cannot resolve HOST`, `https is not supported`.
public struct HTTPProbe: Sendable {
    public var check: HTTPCheck

    /// The most read of a response: its status line is all that counts, the rest is read only so that the server
    /// closes first (and keeps the TIME_WAIT socket) and is not reset mid-write.
    static let readLimit = 64 * 1024

    public init(_ check: HTTPCheck) {
        self.check = check
    }

    /// One try, bounded by `timeout` seconds.
    public func run(timeout: Double) async -> ProbeResult {
        if check.secure { return .failed("https is not supported") }
        let timeoutText = ProbeFailure.timedOut(after: timeout)
        let end = deadline(after: timeout)
        let socket: ProbeSocket
        switch await ProbeSocket.connect(host: check.host, port: check.port, deadline: end, timeoutText: timeoutText) {
        case .success(let connected): socket = connected
        case .failure(let failure): return .failed(failure.text)
        }
        let request = Array(requestText.utf8)
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
                return .failed(ProbeFailure(errno: errno).text)
            }
        }
        return await readStatus(socket, deadline: end, timeoutText: timeoutText)
    }

    /// The request, byte for byte.
    var requestText: String {
        let host = check.host.contains(":") ? "[\(check.host)]" : check.host
        let authority = check.port == 80 ? host : "\(host):\(check.port)"
        return "GET \(check.path) HTTP/1.1\r\nHost: \(authority)\r\nUser-Agent: supervisord-probe\r\n"
            + "Accept: */*\r\nConnection: close\r\n\r\n"
    }

    /// Reads until the status line is complete, then on to the end of the response (bounded), and judges it.
    private func readStatus(_ socket: ProbeSocket, deadline end: UInt64, timeoutText: String) async -> ProbeResult {
        var received: [UInt8] = []
        var status: ProbeResult?
        var buffer = [UInt8](repeating: 0, count: 4096)
        var total = 0
        while total < Self.readLimit {
            let n = buffer.withUnsafeMutableBytes { recv(socket.fileDescriptor, $0.baseAddress, $0.count, 0) }
            if n > 0 {
                total += n
                if status == nil {
                    received += buffer[0..<n]
                    if let lineEnd = received.firstIndex(of: UInt8(ascii: "\n")) {
                        status = Self.judge(statusLine: received[..<lineEnd])
                    }
                }
                continue
            }
            if n == 0 { break }
            if errno == EINTR { continue }
            if errno != EAGAIN {
                if status != nil { break }
                return .failed(ProbeFailure(errno: errno).text)
            }
            guard await SocketWaiter.shared.wait(socket.fileDescriptor, for: .readable, deadline: end) else {
                if status == nil { return .failed(timeoutText) }
                socket.resetOnClose()
                break
            }
        }
        if status == nil { socket.resetOnClose() }
        return status ?? .failed("bad response")
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
