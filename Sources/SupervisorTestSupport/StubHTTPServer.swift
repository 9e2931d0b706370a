import Foundation
import Glibc
import Synchronization
import XMLRPC

/// A scripted HTTP server on a unix socket or a TCP loopback port, for the cases a real supervisord never produces
/// on demand: 401s, garbage, connections dropped mid-response, chunked XML-RPC, silence.
///
/// Each accepted connection runs `handler` on a thread of its own (plain threads, not the cooperative pool, because
/// handlers block in syscalls). Every request read through ``StubConnection/readRequest()`` is recorded.
public final class StubHTTPServer: Sendable {
    public typealias Handler = @Sendable (StubConnection) -> Void

    /// `unix:///…` or `http://127.0.0.1:<port>` / `http://[::1]:<port>`.
    public let url: String
    private let listenFD: Int32
    private let directory: TempDirectory?
    private let shared = Mutex(Shared())

    private struct Shared {
        var connections = 0
        var requests: [[UInt8]] = []
        var activeThreads = 0
        var stopped = false
        var notes: [String] = []
    }

    /// A server listening on a unix socket in a new temporary directory.
    public static func unix(_ handler: @escaping Handler) throws -> StubHTTPServer {
        let directory = try TempDirectory()
        let path = directory.file("stub.sock")
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: errno \(errno)") }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
        }
        let bound = bindSocket(fd, to: &addr)
        guard bound == 0, listen(fd, 16) == 0 else { throw HarnessError("bind/listen \(path): errno \(errno)") }
        return StubHTTPServer(url: "unix://" + path, listenFD: fd, directory: directory, handler: handler)
    }

    /// A server listening on an ephemeral TCP port of `host` (`127.0.0.1` or `::1`).
    public static func tcp(host: String = "127.0.0.1", _ handler: @escaping Handler) throws -> StubHTTPServer {
        let v6 = host.contains(":")
        let fd = socket(v6 ? AF_INET6 : AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: errno \(errno)") }
        var port: UInt16 = 0
        if v6 {
            var addr = sockaddr_in6()
            addr.sin6_family = sa_family_t(AF_INET6)
            _ = inet_pton(AF_INET6, host, &addr.sin6_addr)
            let bound = bindSocket(fd, to: &addr)
            guard bound == 0, listen(fd, 16) == 0 else { throw HarnessError("bind/listen [\(host)]: errno \(errno)") }
            var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            _ = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            port = UInt16(bigEndian: addr.sin6_port)
        } else {
            var addr = sockaddr_in()
            addr.sin_family = sa_family_t(AF_INET)
            addr.sin_addr.s_addr = inet_addr(host)
            let bound = bindSocket(fd, to: &addr)
            guard bound == 0, listen(fd, 16) == 0 else { throw HarnessError("bind/listen \(host): errno \(errno)") }
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            port = UInt16(bigEndian: addr.sin_port)
        }
        let hostPart = v6 ? "[\(host)]" : host
        return StubHTTPServer(url: "http://\(hostPart):\(port)", listenFD: fd, directory: nil, handler: handler)
    }

    private init(url: String, listenFD: Int32, directory: TempDirectory?, handler: @escaping Handler) {
        self.url = url
        self.listenFD = listenFD
        self.directory = directory
        shared.withLock { $0.activeThreads = 1 }
        let thread = Thread { [self] in
            acceptLoop(handler)
            shared.withLock { $0.activeThreads -= 1 }
        }
        thread.start()
    }

    private func acceptLoop(_ handler: @escaping Handler) {
        while true {
            let fd = accept(listenFD, nil, nil)
            if fd < 0 {
                if errno == EINTR { continue }
                return
            }
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            if shared.withLock({ $0.stopped }) {
                close(fd)
                return
            }
            // A handler that waits for a client which never comes must not hang the suite.
            var tv = timeval(tv_sec: 10, tv_usec: 0)
            setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
            let index = shared.withLock { state -> Int in
                state.connections += 1
                state.activeThreads += 1
                return state.connections
            }
            let thread = Thread { [self] in
                let connection = StubConnection(fd: fd, index: index, server: self)
                handler(connection)
                connection.close()
                shared.withLock { $0.activeThreads -= 1 }
            }
            thread.start()
        }
    }

    /// Connections accepted so far.
    public var connections: Int { shared.withLock { $0.connections } }

    /// Raw bytes of every request read so far, in order.
    public var requests: [[UInt8]] { shared.withLock { $0.requests } }

    /// Free-form notes handlers leave for the test (for example "closed after response").
    public var notes: [String] { shared.withLock { $0.notes } }

    public func note(_ text: String) { shared.withLock { $0.notes.append(text) } }

    fileprivate func record(_ request: [UInt8]) { shared.withLock { $0.requests.append(request) } }

    /// Stops accepting, waits (bounded) for handlers to finish, and removes the socket directory.
    public func stop() {
        shared.withLock { $0.stopped = true }
        // shutdown() wakes a thread blocked in accept() on Linux.
        shutdown(listenFD, Int32(SHUT_RDWR))
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while shared.withLock({ $0.activeThreads > 0 }), ContinuousClock.now < deadline { usleep(1000) }
        close(listenFD)
        directory?.remove()
    }
}

/// One accepted connection, owned by its handler thread.
public final class StubConnection {
    public let fd: Int32
    /// 1 for the first connection the server accepted, 2 for the second, …
    public let index: Int
    private let server: StubHTTPServer
    private var buffer: [UInt8] = []
    private var closed = false

    fileprivate init(fd: Int32, index: Int, server: StubHTTPServer) {
        self.fd = fd
        self.index = index
        self.server = server
    }

    /// A request as read: the head up to the blank line, and the body by Content-Length.
    public struct Request {
        public var head: String
        public var body: [UInt8]
        public var raw: [UInt8]
        public var requestLine: String { String(head.prefix { $0 != "\r" }) }
    }

    /// Reads one request; nil when the client closed the connection (or after 10 s of silence).
    public func readRequest() -> Request? {
        while true {
            if let end = headEnd() {
                let head = String(decoding: buffer[..<end], as: UTF8.self)
                var length = 0
                for line in head.split(separator: "\r\n") where line.lowercased().hasPrefix("content-length:") {
                    length = Int(line.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) ?? 0
                }
                while buffer.count < end + 4 + length {
                    guard receive() else { return nil }
                }
                let raw = Array(buffer[..<(end + 4 + length)])
                buffer.removeFirst(raw.count)
                server.record(raw)
                return Request(head: head, body: Array(raw[(end + 4)...]), raw: raw)
            }
            guard receive() else { return nil }
        }
    }

    /// Waits until the client closes its side (or 10 s pass); returns true on a clean close.
    public func waitForClientClose() -> Bool {
        while true {
            var scratch = [UInt8](repeating: 0, count: 4096)
            let n = recv(fd, &scratch, scratch.count, 0)
            if n == 0 { return true }
            if n < 0 { return errno == ECONNRESET }
        }
    }

    private func headEnd() -> Int? {
        guard buffer.count >= 4 else { return nil }
        for i in 0...(buffer.count - 4)
        where buffer[i] == 13 && buffer[i + 1] == 10 && buffer[i + 2] == 13 && buffer[i + 3] == 10 {
            return i
        }
        return nil
    }

    private func receive() -> Bool {
        var scratch = [UInt8](repeating: 0, count: 65536)
        let n = recv(fd, &scratch, scratch.count, 0)
        guard n > 0 else { return false }
        buffer.append(contentsOf: scratch[0..<n])
        return true
    }

    @discardableResult
    public func send(_ text: String) -> Bool { send(Array(text.utf8)) }

    /// Leaves a note on the server for the test to see.
    public func note(_ text: String) { server.note(text) }

    /// Sends all of `bytes`; false once the client has gone away.
    @discardableResult
    public func send(_ bytes: [UInt8]) -> Bool {
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeBytes {
                Glibc.send(fd, $0.baseAddress! + offset, $0.count - offset, Int32(MSG_NOSIGNAL))
            }
            if n <= 0 { return false }
            offset += n
        }
        return true
    }

    /// Sends a complete `200 OK` XML-RPC response.
    public func sendXMLRPC(_ response: XMLRPCResponse, extraHeaders: String = "") {
        let body = response.encode()
        send("HTTP/1.1 200 OK\r\nServer: Medusa/1.12\r\nContent-Type: text/xml\r\n"
            + "Content-Length: \(body.count)\r\n\(extraHeaders)\r\n")
        send(body)
    }

    public func close() {
        guard !closed else { return }
        closed = true
        Glibc.close(fd)
    }
}

/// The `getState` answer of a running supervisord.
public let runningState: XMLRPCValue = ["statecode": 1, "statename": "RUNNING"]
