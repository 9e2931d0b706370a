import Glibc
import SupervisorConfig
import SupervisorEngine
import SupervisorTestSupport
import Testing

@testable import SupervisorProbes

/// HTTP checks through the daemon's pool: one connection for many tries, and new ones only when the server
/// closes or does not keep connections.
@Suite struct HTTPKeepAliveTests {
    func probe(_ server: StubHTTPServer) -> HTTPProbe {
        let port = port(of: server)
        return HTTPProbe(HTTPCheck(secure: false, host: "127.0.0.1", port: port, path: "/health",
                                   url: "http://127.0.0.1:\(port)/health"))
    }

    /// Runs `count` tries through one pool, each expected to give `expected`.
    func tries(_ server: StubHTTPServer, count: Int = 5, expected: ProbeResult = .passed) async -> HTTPConnectionPool {
        let pool = HTTPConnectionPool()
        let probe = probe(server)
        for _ in 0..<count {
            #expect(await probe.run(timeout: 5, pool: pool, key: "web") == expected)
        }
        return pool
    }

    @Test func severalTriesShareOneConnection() async throws {
        let server = try StubHTTPServer.tcp { connection in
            while connection.readRequest() != nil {
                connection.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
            }
            connection.close()
        }
        defer { server.stop() }
        let pool = await tries(server)
        #expect(server.connections == 1)
        #expect(server.requests.count == 5)
        #expect(server.requests.allSatisfy { String(decoding: $0, as: UTF8.self).contains("\r\nConnection: keep-alive\r\n") })
        #expect(pool.count == 1)
    }

    @Test func aFailingStatusKeepsTheConnectionToo() async throws {
        let server = try StubHTTPServer.tcp { connection in
            while connection.readRequest() != nil {
                connection.send("HTTP/1.1 503 Service Unavailable\r\nContent-Length: 5\r\n\r\nsick\n")
            }
            connection.close()
        }
        defer { server.stop() }
        _ = await tries(server, count: 3, expected: .failed("HTTP 503"))
        #expect(server.connections == 1)
    }

    @Test func aConnectionTheServerClosedIsReplacedWithoutAFailure() async throws {
        // Each connection answers one request (claiming keep-alive), then the server closes it while idle.
        let server = try StubHTTPServer.tcp { connection in
            if connection.readRequest() != nil {
                connection.send("HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nok\n")
            }
            connection.close()
        }
        defer { server.stop() }
        let pool = HTTPConnectionPool()
        let probe = probe(server)
        for _ in 0..<4 {
            #expect(await probe.run(timeout: 5, pool: pool, key: "web") == .passed)
            // Let the close arrive, so the next try finds a stale connection rather than racing it.
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(server.connections == 4)
        #expect(server.requests.count == 4)
    }

    @Test func aResetKeptConnectionIsReplacedWithoutAFailure() async throws {
        let server = try StubHTTPServer.tcp { connection in
            if connection.readRequest() != nil {
                connection.send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            }
            // Then wait for the next request and reset instead of answering it.
            _ = connection.readRequest()
            var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
            _ = setsockopt(connection.fd, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
            connection.close()
        }
        defer { server.stop() }
        let pool = HTTPConnectionPool()
        let probe = probe(server)
        #expect(await probe.run(timeout: 5, pool: pool, key: "web") == .passed)
        #expect(await probe.run(timeout: 5, pool: pool, key: "web") == .passed)
        #expect(server.connections == 2)
    }

    @Test func aChunkedBodyIsFramed() async throws {
        let server = try StubHTTPServer.tcp { connection in
            while connection.readRequest() != nil {
                connection.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhel")
                usleep(20_000)
                connection.send("lo\r\n6;ext=1\r\n world\r\n0\r\nX-Trailer: yes\r\n\r\n")
            }
            connection.close()
        }
        defer { server.stop() }
        _ = await tries(server, count: 3)
        #expect(server.connections == 1)
    }

    @Test func aServerWithoutKeepAliveGetsANewConnectionEachTime() async throws {
        // HTTP/1.0, no length, no Connection header: the body ends with the connection.
        let old = try StubHTTPServer.tcp { connection in
            if connection.readRequest() != nil { connection.send("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nok\n") }
            connection.close()
        }
        defer { old.stop() }
        let pool = await tries(old, count: 3)
        #expect(old.connections == 3)
        #expect(pool.count == 0)
        // HTTP/1.1 that says Connection: close, and closes.
        let closing = try StubHTTPServer.tcp { connection in
            if connection.readRequest() != nil {
                connection.send("HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
            }
            connection.close()
        }
        defer { closing.stop() }
        _ = await tries(closing, count: 3)
        #expect(closing.connections == 3)
    }

    @Test func aKeptConnectionThatHangsTimesOutAndIsNotRetried() async throws {
        let server = try StubHTTPServer.tcp { connection in
            if connection.readRequest() != nil { connection.send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") }
            _ = connection.readRequest()
            _ = connection.waitForClientClose()
            connection.close()
        }
        defer { server.stop() }
        let pool = HTTPConnectionPool()
        let probe = probe(server)
        #expect(await probe.run(timeout: 5, pool: pool, key: "web") == .passed)
        #expect(await probe.run(timeout: 0.5, pool: pool, key: "web") == .failed("timed out after 0.5 s"))
        #expect(server.connections == 1)
        #expect(pool.count == 0)
    }

    @Test func theRunnerKeepsOneConnectionPerProgramAndTarget() async throws {
        let server = try StubHTTPServer.tcp { connection in
            while connection.readRequest() != nil {
                connection.send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n")
            }
            connection.close()
        }
        defer { server.stop() }
        let runner = LiveProbeRunner { _, _, _, _ in .failed("not here") }
        let port = port(of: server)
        let check = HTTPCheck(secure: false, host: "127.0.0.1", port: port, path: "/", url: "http://127.0.0.1:\(port)/")
        for name in ["web", "api", "web", "api", "web"] {
            let config = ProcessConfig(section: "program:\(name)", name: name, command: "/bin/true")
            #expect(await runner.run(.http(check), for: config, group: name, timeout: 5) == .passed)
        }
        #expect(server.connections == 2)
        #expect(runner.pool.count == 2)
    }
}

@Suite struct ProbeResponseReaderTests {
    func read(_ parts: [String], close: Bool = false) -> HTTPResponseReader.Progress {
        var reader = HTTPResponseReader()
        var last = HTTPResponseReader.Progress.incomplete
        for part in parts {
            last = Array(part.utf8).withUnsafeBytes { reader.feed($0) }
            if last != .incomplete { return last }
        }
        return close ? reader.end() : last
    }

    @Test func framing() {
        #expect(read(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"]) == .complete(.passed, reusable: true))
        #expect(read(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\no"]) == .incomplete)
        #expect(read(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\no"], close: true) == .complete(.passed, reusable: false))
        #expect(read(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"])
            == .complete(.passed, reusable: false))
        #expect(read(["HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: Keep-Alive\r\n\r\nok"])
            == .complete(.passed, reusable: true))
        #expect(read(["HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"]) == .complete(.passed, reusable: false))
        #expect(read(["HTTP/1.1 200 OK\r\n\r\nuntil the end"]) == .incomplete)
        #expect(read(["HTTP/1.1 200 OK\r\n\r\nuntil the end"], close: true) == .complete(.passed, reusable: false))
        #expect(read(["HTTP/1.1 304 Not Modified\r\nContent-Length: 99\r\n\r\n"]) == .complete(.passed, reusable: true))
        #expect(read(["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA"]) == .complete(.passed, reusable: false))
        #expect(read(["HTTP/1.1 500 Oops\nContent-Length: 0\n\n"]) == .complete(.failed("HTTP 500"), reusable: true))
        #expect(read(["SSH-2.0-OpenSSH\r\n"]) == .bad)
    }

    @Test func chunks() {
        let body = "HTTP/1.1 503 No\r\nTransfer-Encoding: gzip, chunked\r\n\r\n"
        #expect(read([body + "3\r\nabc\r\n0\r\n\r\n"]) == .complete(.failed("HTTP 503"), reusable: true))
        #expect(read([body, "A;x=y\r\n0123", "456789\r", "\n0\r\n", "T: 1\r\n", "\r\n"])
            == .complete(.failed("HTTP 503"), reusable: true))
        #expect(read([body + "3\r\nab"]) == .incomplete)
        #expect(read([body + "zz\r\n"]) == .complete(.failed("HTTP 503"), reusable: false))
    }
}
