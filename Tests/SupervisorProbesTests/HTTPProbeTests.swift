import Glibc
import SupervisorConfig
import SupervisorEngine
import SupervisorTestSupport
import Synchronization
import Testing

@testable import SupervisorProbes

@Suite struct HTTPProbeTests {
    /// A server answering every request with `status` (and a small body), then closing.
    func answering(_ status: String, body: String = "ok\n") throws -> StubHTTPServer {
        try StubHTTPServer.tcp { connection in
            guard connection.readRequest() != nil else { return connection.close() }
            connection.send("HTTP/1.1 \(status)\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
            connection.close()
        }
    }

    func probe(_ server: StubHTTPServer, path: String = "/health") -> HTTPProbe {
        let port = port(of: server)
        return HTTPProbe(HTTPCheck(secure: false, host: "127.0.0.1", port: port, path: path,
                                   url: "http://127.0.0.1:\(port)\(path)"))
    }

    @Test func twoHundredPassesAndTheRequestIsAsDocumented() async throws {
        let server = try answering("200 OK")
        defer { server.stop() }
        #expect(await probe(server, path: "/health?x=1").run(timeout: 5) == .passed)
        let request = String(decoding: server.requests.first ?? [], as: UTF8.self)
        let port = port(of: server)
        #expect(request == "GET /health?x=1 HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nUser-Agent: supervisord-probe\r\n"
            + "Accept: */*\r\nConnection: close\r\n\r\n")
    }

    @Test func aRedirectPassesAndIsNotFollowed() async throws {
        let server = try answering("302 Found\r\nLocation: http://127.0.0.1:1/elsewhere")
        defer { server.stop() }
        #expect(await probe(server).run(timeout: 5) == .passed)
        #expect(server.connections == 1)
    }

    @Test func aServerErrorFailsWithItsStatus() async throws {
        let server = try answering("503 Service Unavailable")
        defer { server.stop() }
        #expect(await probe(server).run(timeout: 5) == .failed("HTTP 503"))
        let notFound = try answering("404 Not Found")
        defer { notFound.stop() }
        #expect(await probe(notFound).run(timeout: 5) == .failed("HTTP 404"))
    }

    @Test func garbageAndSilenceAreBadResponses() async throws {
        let garbage = try StubHTTPServer.tcp { connection in
            _ = connection.readRequest()
            connection.send("SSH-2.0-OpenSSH_9.2\r\n")
            connection.close()
        }
        defer { garbage.stop() }
        #expect(await probe(garbage).run(timeout: 5) == .failed("bad response"))
        let hangUp = try StubHTTPServer.tcp { connection in
            _ = connection.readRequest()
            connection.close()
        }
        defer { hangUp.stop() }
        #expect(await probe(hangUp).run(timeout: 5) == .failed("bad response"))
    }

    @Test func aStatusLineSplitAcrossWritesIsRead() async throws {
        let server = try StubHTTPServer.tcp { connection in
            _ = connection.readRequest()
            connection.send("HTTP/1.1 2")
            usleep(50_000)
            connection.send("04 No Content\r\n\r\n")
            connection.close()
        }
        defer { server.stop() }
        #expect(await probe(server).run(timeout: 5) == .passed)
    }

    @Test func aServerThatNeverAnswersTimesOut() async throws {
        let release = Mutex(false)
        let server = try StubHTTPServer.tcp { connection in
            _ = connection.readRequest()
            while !release.withLock({ $0 }) { usleep(10_000) }
            connection.close()
        }
        defer {
            release.withLock { $0 = true }
            server.stop()
        }
        let clock = ContinuousClock()
        let started = clock.now
        #expect(await probe(server).run(timeout: 0.5) == .failed("timed out after 0.5 s"))
        // It returns instead of hanging (the margin is for a loaded 2-core machine running tests in parallel).
        #expect(clock.now - started < .seconds(10))
    }

    @Test func refusedAndHTTPSFailClearly() async throws {
        let port = try closedPort()
        let check = HTTPCheck(secure: false, host: "127.0.0.1", port: port, path: "/", url: "http://127.0.0.1:\(port)/")
        #expect(await HTTPProbe(check).run(timeout: 5) == .failed("connection refused"))
        var secure = check
        secure.secure = true
        #expect(await HTTPProbe(secure).run(timeout: 5) == .failed("https is not supported"))
    }

    @Test func theHostHeaderBracketsIPv6AndOmitsPort80() {
        let v6 = HTTPProbe(HTTPCheck(secure: false, host: "::1", port: 80, path: "/", url: "http://[::1]/"))
        #expect(v6.requestText.contains("\r\nHost: [::1]\r\n"))
    }

    @Test func statusLines() {
        #expect(HTTPProbe.judge(statusLine: Array("HTTP/1.0 200 OK\r".utf8)) == .passed)
        #expect(HTTPProbe.judge(statusLine: Array("HTTP/1.1 399".utf8)) == .passed)
        #expect(HTTPProbe.judge(statusLine: Array("HTTP/1.1 199 Early".utf8)) == .failed("HTTP 199"))
        #expect(HTTPProbe.judge(statusLine: Array("HTTP/1.1 20x".utf8)) == .failed("bad response"))
        #expect(HTTPProbe.judge(statusLine: Array("ICY 200 OK".utf8)) == .failed("bad response"))
    }
}
