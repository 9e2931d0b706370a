import Glibc
import SupervisorEngine
import SupervisorTestSupport
import Testing

@testable import SupervisorProbes

@Suite struct TCPProbeTests {
    @Test func aListeningPortPasses() async throws {
        let server = try StubHTTPServer.tcp { connection in connection.close() }
        defer { server.stop() }
        #expect(await TCPProbe(host: "127.0.0.1", port: port(of: server)).run(timeout: 5) == .passed)
    }

    @Test func anIPv6ListenerPasses() async throws {
        guard let server = try? StubHTTPServer.tcp(host: "::1", { connection in connection.close() }) else { return }
        defer { server.stop() }
        #expect(await TCPProbe(host: "::1", port: port(of: server)).run(timeout: 5) == .passed)
    }

    @Test func aClosedPortIsRefused() async throws {
        #expect(await TCPProbe(host: "127.0.0.1", port: try closedPort()).run(timeout: 5) == .failed("connection refused"))
    }

    @Test func aFullBacklogTimesOut() async throws {
        let listener = try FullListener()
        defer { listener.close() }
        let clock = ContinuousClock()
        let started = clock.now
        let result = await TCPProbe(host: "127.0.0.1", port: listener.port).run(timeout: 0.5)
        #expect(result == .failed("timed out after 0.5 s"))
        // It returns instead of hanging (the margin is for a loaded 2-core machine running tests in parallel).
        #expect(clock.now - started < .seconds(10))
    }

    @Test func anUnknownHostCannotBeResolved() async {
        #expect(await TCPProbe(host: "no-such-host.invalid", port: 80).run(timeout: 5)
            == .failed("cannot resolve no-such-host.invalid"))
    }

    @Test func localhostIsLookedUp() async throws {
        let server = try StubHTTPServer.tcp { connection in connection.close() }
        defer { server.stop() }
        #expect(await TCPProbe(host: "localhost", port: port(of: server)).run(timeout: 5) == .passed)
    }

    @Test func timeoutTexts() {
        #expect(ProbeFailure.timedOut(after: 2) == "timed out after 2 s")
        #expect(ProbeFailure.timedOut(after: 0.5) == "timed out after 0.5 s")
        #expect(ProbeFailure.timedOut(after: 1.25) == "timed out after 1.25 s")
    }
}

/// The port of a stub server's `http://host:port` URL.
func port(of server: StubHTTPServer) -> Int {
    Int(server.url.split(separator: ":").last!)!
}

/// A loopback port nothing listens on (bound, then closed).
func closedPort() throws -> Int {
    let listener = try FullListener(fill: false)
    listener.close()
    return listener.port
}

/// A listener that never accepts, with its backlog filled so that the next connect hangs in SYN_SENT.
final class FullListener: Sendable {
    let fd: Int32
    let port: Int
    let fillers: [Int32]

    init(fill: Bool = true) throws {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        self.fd = fd
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, listen(fd, 0) == 0 else { throw ProbeTestError("bind/listen: errno \(errno)") }
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        port = Int(UInt16(bigEndian: address.sin_port))
        var fillers: [Int32] = []
        if fill {
            // A backlog of 0 holds one finished handshake; a few more make sure the queue is full.
            for _ in 0..<4 {
                let client = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
                _ = withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        connect(client, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
                fillers.append(client)
            }
            usleep(100_000)
        }
        self.fillers = fillers
    }

    func close() {
        for filler in fillers { Glibc.close(filler) }
        Glibc.close(fd)
    }
}

struct ProbeTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
