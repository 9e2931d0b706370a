import Foundation
import Glibc

/// A client that writes its whole request before reading anything, then reads to the end of the connection.
public enum WholeRequestClient {
    public enum Address: CustomStringConvertible {
        case unix(String)
        case tcp(Int)

        public var description: String {
            switch self {
            case .unix(let path): "unix://\(path)"
            case .tcp(let port): "127.0.0.1:\(port)"
            }
        }
    }

    public struct Answer {
        public var statusLine: String
        public var headers: [(String, String)]
        public var body: [UInt8]
        public var status: Int { statusLine.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0 }
        public var bodyText: String { String(decoding: body, as: UTF8.self) }
        public func header(_ name: String) -> String? { headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
        /// The body is as long as `Content-Length` says.
        public var complete: Bool { header("Content-Length").flatMap { Int($0) } == body.count }
    }

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    /// `POST /RPC2` with an XML-RPC call as Python's `xmlrpc.client` writes it, with string parameters.
    public static func xmlrpcRequest(_ method: String, _ strings: String...) -> [UInt8] {
        var body = Array("<?xml version='1.0'?>\n<methodCall>\n<methodName>\(method)</methodName>\n<params>\n".utf8)
        for string in strings {
            body += Array("<param>\n<value><string>".utf8)
            body.reserveCapacity(body.count + string.utf8.count + 64)
            for byte in string.utf8 {
                switch byte {
                case UInt8(ascii: "&"): body += Array("&amp;".utf8)
                case UInt8(ascii: "<"): body += Array("&lt;".utf8)
                case UInt8(ascii: ">"): body += Array("&gt;".utf8)
                default: body.append(byte)
                }
            }
            body += Array("</string></value>\n</param>\n".utf8)
        }
        body += Array("</params>\n</methodCall>\n".utf8)
        let head = "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nContent-Type: text/xml\r\n"
            + "Content-Length: \(body.count)\r\n\r\n"
        return Array(head.utf8) + body
    }

    /// Sends `request` (asking to close after the answer), then reads until end-of-file.
    public static func exchange(_ address: Address, _ request: [UInt8]) throws -> Answer {
        let fd = try connect(address)
        defer { close(fd) }
        var request = request
        if let end = request.firstRange(of: Array("\r\n\r\n".utf8)) {
            request.insert(contentsOf: Array("\r\nConnection: close".utf8), at: end.lowerBound)
        }
        var sent = 0
        while sent < request.count {
            let n = request[sent...].withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw Failure(description: "send after \(sent) bytes: errno \(errno)") }
            sent += n
        }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
            if n == 0 { break }
            guard n > 0 else { throw Failure(description: "recv after \(received.count) bytes: errno \(errno)") }
            received += chunk[..<n]
        }
        guard let split = received.firstRange(of: Array("\r\n\r\n".utf8)) else {
            throw Failure(description: "no response head in \(received.count) bytes")
        }
        let lines = String(decoding: received[..<split.lowerBound], as: UTF8.self).components(separatedBy: "\r\n")
        let headers = lines.dropFirst().compactMap { line -> (String, String)? in
            guard let colon = line.firstIndex(of: ":") else { return nil }
            return (String(line[..<colon]), line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces))
        }
        return Answer(statusLine: lines[0], headers: headers, body: Array(received[split.upperBound...]))
    }

    private static func connect(_ address: Address) throws -> Int32 {
        let fd: Int32
        let result: Int32
        switch address {
        case .unix(let path):
            fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
            var sun = sockaddr_un()
            sun.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &sun.sun_path) { raw in
                for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
            }
            result = withUnsafePointer(to: &sun) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        case .tcp(let port):
            fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            var sin = sockaddr_in()
            sin.sin_family = sa_family_t(AF_INET)
            sin.sin_port = in_port_t(UInt16(port).bigEndian)
            sin.sin_addr.s_addr = inet_addr("127.0.0.1")
            result = withUnsafePointer(to: &sin) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    Glibc.connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard result == 0 else {
            close(fd)
            throw Failure(description: "connect \(address): errno \(errno)")
        }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        return fd
    }
}
