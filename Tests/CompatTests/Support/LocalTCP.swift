import Foundation
import Glibc
import SupervisorTestSupport

/// A TCP port on 127.0.0.1 that was free a moment ago, from below the kernel's ephemeral range (32768 and up), so
/// that no client connection made meanwhile can take it before the daemon binds it.
func freeLocalPort() throws -> Int {
    for _ in 0..<100 {
        let port = Int.random(in: 20000..<32000)
        if let fd = try? occupyLocalPort(port) {
            close(fd)
            return port
        }
    }
    throw HarnessError("no free port found in 20000..<32000")
}

/// 127.0.0.1:`port`.
func loopback(port: Int) -> sockaddr_in {
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    return address
}

/// A listening socket on 127.0.0.1:`port` held by the test (to make the port "already in use"); close it to free it.
func occupyLocalPort(_ port: Int) throws -> Int32 {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { throw HarnessError("socket: errno \(errno)") }
    var on: Int32 = 1
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size))
    var address = loopback(port: port)
    guard bindSocket(fd, to: &address) == 0, listen(fd, 8) == 0 else {
        close(fd)
        throw HarnessError("cannot occupy port \(port): errno \(errno)")
    }
    return fd
}

/// Connects to 127.0.0.1:`port`, sends `request`, and reads until the peer closes; nil when the connection fails.
func localTCPExchange(port: Int, _ request: String = "") -> String? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = loopback(port: port)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
        }
    }
    guard connected == 0 else { return nil }
    let bytes = Array(request.utf8)
    var sent = 0
    while sent < bytes.count {
        let n = bytes[sent...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        guard n > 0 else { return nil }
        sent += n
    }
    var received: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 8192)
    while true {
        let n = read(fd, &buffer, buffer.count)
        if n <= 0 { break }
        received += buffer[0..<n]
    }
    return String(decoding: received, as: UTF8.self)
}

/// The listen backlog `ss` reports for the TCP listener on `port` (its Send-Q column), nil when none listens.
func listenBacklog(port: Int) -> Int? {
    guard let (status, output) = try? run(["/usr/bin/ss", "-Hltn", "sport = :\(port)"]), status == 0 else {
        return nil
    }
    let fields = output.split(whereSeparator: { $0 == " " || $0 == "\n" })
    return fields.count > 2 ? Int(fields[2]) : nil
}

/// A connection to a server that writes one line and then waits for the client to close: the server's process
/// stays busy with this client until `close()`.
final class LineConnection {
    private let fd: Int32

    /// Connects to 127.0.0.1:`port` (`path` nil) or to the unix socket at `path`; nil when the connection fails.
    init?(port: Int = 0, path: String? = nil) {
        fd = socket(path == nil ? AF_INET : AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return nil }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        let connected: Int32
        if let path {
            var address = sockaddr_un()
            address.sun_family = sa_family_t(AF_UNIX)
            withUnsafeMutableBytes(of: &address.sun_path) { raw in
                for (i, byte) in path.utf8.prefix(raw.count - 1).enumerated() { raw[i] = byte }
            }
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
        } else {
            var address = loopback(port: port)
            connected = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
        guard connected == 0 else {
            Glibc.close(fd)
            return nil
        }
    }

    /// The server's line, without its newline (empty when the server closed or did not answer in 10 s).
    func readLine() -> String {
        var line: [UInt8] = []
        var byte: UInt8 = 0
        while read(fd, &byte, 1) == 1, byte != UInt8(ascii: "\n") { line.append(byte) }
        return String(decoding: line, as: UTF8.self)
    }

    func close() { Glibc.close(fd) }
}
