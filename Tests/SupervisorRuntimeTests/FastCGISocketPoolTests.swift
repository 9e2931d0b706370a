import Foundation
import Glibc
import Synchronization
import SupervisorConfig
import SupervisorEngine
import SupervisorLogs
import Testing

@testable import SupervisorRuntime

/// The `[fcgi-program:x]` sockets: reference counting and the log lines of Supervisor's `SocketManager`, and
/// `ListeningSocket` binding what the config allows (owner, mode, backlog, every interface, IPv6).
@Suite struct FastCGISocketPoolTests {
    final class Lines: Sendable {
        let lines = Mutex<[String]>([])
        func append(_ level: LogLevel, _ text: String) { lines.withLock { $0.append("\(level) \(text)") } }
        var all: [String] { lines.withLock { $0 } }
    }

    static func temporaryDirectory() throws -> String {
        var template = Array("/tmp/fcgi-XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw SyscallError(call: "mkdtemp", code: errno) }
        return String(cString: made)
    }

    static func isListening(_ fd: Int32) -> Bool {
        var value: Int32 = 0
        var length = socklen_t(MemoryLayout<Int32>.size)
        return getsockopt(fd, SOL_SOCKET, SO_ACCEPTCONN, &value, &length) == 0 && value == 1
    }

    @Test func sharedWhileReferencedClosedAfterTheLast() throws {
        let dir = try Self.temporaryDirectory()
        defer { _ = try? FileManager.default.removeItem(atPath: dir) }
        let log = Lines()
        let pool = FastCGISocketPool(log: log.append)
        let socket = FastCGISocket(address: .unix(path: dir + "/app.sock", mode: 0o640, owner: nil), backlog: 5)
        let first = try pool.acquire(group: "app", socket: socket)
        let second = try pool.acquire(group: "app", socket: socket)
        #expect(first == second && Self.isListening(first))
        #expect((fcntl(first, F_GETFD) & FD_CLOEXEC) != 0)
        var st = stat()
        #expect(stat(dir + "/app.sock", &st) == 0 && st.st_mode & 0o7777 == 0o640)
        pool.release(group: "app")
        #expect(Self.isListening(first))
        pool.release(group: "app")
        #expect(fcntl(first, F_GETFD) == -1 && errno == EBADF)
        #expect(stat(dir + "/app.sock", &st) == 0, "the file stays after the close, as in Supervisor")
        let third = try pool.acquire(group: "app", socket: socket)
        pool.release(group: "app")
        _ = third
        let url = "unix://\(dir)/app.sock"
        #expect(log.all == [
            "info Creating socket \(url)", "info Closing socket \(url)", "info Creating socket \(url)",
            "info Closing socket \(url)",
        ])
    }

    @Test func checkMakesAndDropsTheSocketAndLogsAFailure() throws {
        let log = Lines()
        let pool = FastCGISocketPool(log: log.append)
        pool.check(group: "bad", socket: FastCGISocket(address: .unix(path: "/nonexistent-dir/x.sock", mode: 0o700, owner: nil)))
        #expect(log.all == [
            "info Creating socket unix:///nonexistent-dir/x.sock",
            "error Could not create FastCGI socket unix:///nonexistent-dir/x.sock: [Errno 2] No such file or directory",
        ])
        #expect(throws: SpawnFailure(.other,
            "Could not create FastCGI socket unix:///nonexistent-dir/x.sock: [Errno 2] No such file or directory")) {
            try pool.acquire(group: "bad", socket: FastCGISocket(address: .unix(path: "/nonexistent-dir/x.sock", mode: 0o700, owner: nil)))
        }
        // A failed acquisition holds nothing: a release does not log a close.
        pool.release(group: "bad")
        #expect(log.all.count == 3)
    }

    @Test func aStaleFileIsReplacedAndOwnershipApplied() throws {
        let dir = try Self.temporaryDirectory()
        defer { _ = try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/stale.sock"
        #expect(FileManager.default.createFile(atPath: path, contents: Data("old".utf8)))
        let fd = try ListeningSocket.open(
            FastCGISocket(address: .unix(path: path, mode: 0o660, owner: Ownership(uid: 1, gid: 2))))
        defer { close(fd) }
        var st = stat()
        #expect(stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFSOCK)
        if getuid() == 0 { #expect(st.st_uid == 1 && st.st_gid == 2) }
    }

    @Test func tcpOnEveryInterfaceAndOnIPv6() throws {
        for host in ["*", "", "127.0.0.1", "localhost"] {
            let fd = try ListeningSocket.open(FastCGISocket(address: .tcp(host: host, port: try Self.freePort()), backlog: 3))
            #expect(Self.isListening(fd), "host \(host)")
            var address = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            let expected = host == "*" || host.isEmpty ? INADDR_ANY : inet_addr("127.0.0.1")
            #expect(address.sin_addr.s_addr == expected, "host \(host)")
            close(fd)
        }
        // IPv6 may be off in a container: then the bind fails with the kernel's reason, not a parse error.
        do {
            let fd = try ListeningSocket.open(FastCGISocket(address: .tcp(host: "[::1]", port: try Self.freePort())))
            var address = sockaddr_in6()
            var length = socklen_t(MemoryLayout<sockaddr_in6>.size)
            _ = withUnsafeMutablePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
            }
            #expect(Int32(address.sin6_family) == AF_INET6)
            close(fd)
        } catch {
            #expect("\(error)".hasPrefix("[Errno 99]") || "\(error)".hasPrefix("[Errno 97]"))
        }
        #expect(throws: ListeningSocket.Failure.self) {
            try ListeningSocket.open(FastCGISocket(address: .tcp(host: "no-such-host.invalid", port: 9000)))
        }
    }

    /// A port below the ephemeral range that nothing listens on now.
    static func freePort() throws -> Int {
        for _ in 0..<100 {
            let port = Int.random(in: 20000..<32000)
            if let fd = try? ListeningSocket.open(FastCGISocket(address: .tcp(host: "127.0.0.1", port: port))) {
                close(fd)
                return port
            }
        }
        throw SyscallError(call: "bind", code: EADDRINUSE)
    }
}
