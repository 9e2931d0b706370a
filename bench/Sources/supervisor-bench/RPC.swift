import Foundation

/// One keep-alive HTTP/1.1 connection to a supervisord's /RPC2 (unix socket or 127.0.0.1 TCP), as supervisorctl
/// talks to it. Responses are read whole by Content-Length; only faults are looked for, so the figures are the
/// server's, not an XML parser's.
final class RPCConnection {
    private let fd: Int32
    private var buffer: [UInt8] = []
    private var start = 0

    enum Address {
        case unix(String)
        case tcp(UInt16)
    }

    init(_ address: Address) throws {
        switch address {
        case .unix(let path):
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var a = sockaddr_un()
            a.sun_family = sa_family_t(AF_UNIX)
            let bytes = Array(path.utf8)
            guard bytes.count < MemoryLayout.size(ofValue: a.sun_path) else { throw BenchError("socket path too long") }
            withUnsafeMutableBytes(of: &a.sun_path) { raw in
                for (i, b) in bytes.enumerated() { raw[i] = b }
            }
            let rc = withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            if rc != 0 {
                let e = errno
                close(fd)
                throw BenchError("connect \(path): \(String(cString: strerror(e)))")
            }
        case .tcp(let port):
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var a = sockaddr_in()
            a.sin_family = sa_family_t(AF_INET)
            a.sin_port = port.bigEndian
            a.sin_addr.s_addr = inet_addr("127.0.0.1")
            let rc = withUnsafePointer(to: &a) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
            if rc != 0 {
                let e = errno
                close(fd)
                throw BenchError("connect 127.0.0.1:\(port): \(String(cString: strerror(e)))")
            }
            var one: Int32 = 1
            setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        }
    }

    deinit { close(fd) }

    /// The XML of a call to `method` with already-encoded `<value>` parameters.
    static func request(_ method: String, _ params: [String] = []) -> [UInt8] {
        let body = "<?xml version=\"1.0\"?>\n<methodCall>\n<methodName>\(method)</methodName>\n<params>\n"
            + params.map { "<param>\n\($0)\n</param>\n" }.joined() + "</params>\n</methodCall>\n"
        let head = "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\nContent-Length: \(body.utf8.count)\r\n\r\n"
        return Array((head + body).utf8)
    }

    /// Sends one request (from `request`) and returns the response body; a fault or an HTTP error throws.
    func call(_ request: [UInt8]) throws -> [UInt8] {
        var sent = 0
        try request.withUnsafeBytes { raw in
            while sent < raw.count {
                let n = send(fd, raw.baseAddress! + sent, raw.count - sent, Int32(MSG_NOSIGNAL))
                if n < 0 {
                    if errno == EINTR { continue }
                    throw BenchError("send: \(String(cString: strerror(errno)))")
                }
                sent += n
            }
        }
        var headEnd: Int?
        while headEnd == nil {
            headEnd = find(Array("\r\n\r\n".utf8), from: start)
            if headEnd == nil { try receive() }
        }
        let head = String(decoding: buffer[start..<headEnd!], as: UTF8.self)
        let bodyStart = headEnd! + 4
        guard head.hasPrefix("HTTP/1.1 200") || head.hasPrefix("HTTP/1.0 200") else {
            throw BenchError("unexpected response: \(head.prefix(200))")
        }
        var length: Int?
        for line in head.split(separator: "\r\n").dropFirst() {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" {
                length = Int(parts[1].trimmingCharacters(in: .whitespaces))
            }
        }
        guard let length else { throw BenchError("response without Content-Length") }
        while buffer.count - bodyStart < length { try receive() }
        let body = Array(buffer[bodyStart..<(bodyStart + length)])
        start = bodyStart + length
        if start == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            start = 0
        }
        if body.count < 4096, let text = String(bytes: body, encoding: .utf8), text.contains("<fault>") {
            throw BenchError("fault: \(text)")
        }
        return body
    }

    /// Calls `method` and returns the response body as text.
    func callText(_ method: String, _ params: [String] = []) throws -> String {
        String(decoding: try call(Self.request(method, params)), as: UTF8.self)
    }

    private var scratch = [UInt8](repeating: 0, count: 1 << 18)

    private func receive() throws {
        if start > 0 {
            buffer.removeFirst(start)
            start = 0
        }
        let n = scratch.withUnsafeMutableBytes { recv(fd, $0.baseAddress!, $0.count, 0) }
        if n <= 0 { throw BenchError("connection closed") }
        buffer.append(contentsOf: scratch[0..<n])
    }

    private func find(_ needle: [UInt8], from: Int) -> Int? {
        guard buffer.count - from >= needle.count else { return nil }
        var i = from
        while i <= buffer.count - needle.count {
            if buffer[i] == needle[0] && buffer[i + 1] == needle[1] && buffer[i + 2] == needle[2]
                && buffer[i + 3] == needle[3] { return i }
            i += 1
        }
        return nil
    }
}

/// Occurrences of `needle` in `text`.
func occurrences(of needle: String, in text: String) -> Int {
    text.components(separatedBy: needle).count - 1
}

/// A free TCP port on 127.0.0.1 (bound and released; the daemon binds it right after).
func freePort() -> UInt16 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    defer { close(fd) }
    var a = sockaddr_in()
    a.sin_family = sa_family_t(AF_INET)
    a.sin_addr.s_addr = inet_addr("127.0.0.1")
    a.sin_port = 0
    _ = withUnsafePointer(to: &a) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &a) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return UInt16(bigEndian: a.sin_port)
}
