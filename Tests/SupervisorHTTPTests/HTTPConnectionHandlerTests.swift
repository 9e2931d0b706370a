import NIOCore
import NIOEmbedded
import NIOHTTP1
import Testing

@testable import SupervisorHTTP

/// The answers the handler gives from the request head alone, without the application (which runs in a task and
/// is covered by the live tests). Pattern: swift-nio `Tests/NIOHTTP1Tests/NIOHTTPObjectAggregatorTest.swift`.
/// Every test finishes its channel: until an EmbeddedEventLoop runs the tasks queued on it (the close, timers), they
/// hold the channel, its pipeline and handlers in a cycle that AddressSanitizer reports as leaked.
@Suite struct HTTPConnectionHandlerTests {
    private func makeChannel(
        username: String? = nil, password: String? = nil, options: HTTPServerOptions = .init()
    ) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        let settings = HTTPConnectionHandler.Settings(
            application: StubApplication(),
            authenticator: username.map { BasicAuthenticator(username: $0, password: password ?? "") },
            options: options, serverSection: "unix_http_server", listener: .unix(path: "/tmp/x.sock"))
        try SupervisorHTTPServer.addHTTPHandlers(to: channel.pipeline.syncOperations, settings: settings)
        try channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9)).wait()
        return channel
    }

    private func send(_ channel: EmbeddedChannel, _ text: String) throws {
        try channel.writeInbound(ByteBuffer(string: text))
    }

    /// Everything the handler wrote so far, as text.
    private func output(_ channel: EmbeddedChannel) throws -> String {
        var text = ""
        while let data = try channel.readOutbound(as: IOData.self) {
            guard case .byteBuffer(let buffer) = data else { continue }
            text += String(buffer: buffer)
        }
        return text
    }

    private func withoutDate(_ text: String) -> String {
        text.split(separator: "\r\n", omittingEmptySubsequences: false).filter { !$0.hasPrefix("Date: ") }
            .joined(separator: "\r\n")
    }

    @Test func missingCredentialsGetSupervisors401AndTheConnectionCloses() throws {
        let channel = try makeChannel(username: "user", password: "test")
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GET /ok.html HTTP/1.1\r\nHost: x\r\n\r\n")
        let text = try output(channel)
        #expect(
            withoutDate(text)
                == "HTTP/1.1 401 Unauthorized\r\nServer: Medusa/1.12\r\nConnection: close\r\n"
                + "WWW-Authenticate: Basic realm=\"default\"\r\nContent-Length: 137\r\nContent-Type: text/html\r\n\r\n"
                + String(decoding: MedusaResponses.errorBody(401), as: UTF8.self))
        #expect(text.contains("\r\nDate: "))
        #expect(!channel.isActive)
    }

    @Test func garbageAuthorizationIs401Not500() throws {
        for header in [
            "Authorization: Basic !!!!", "Authorization: Basic bm9jb2xvbg==", "Authorization:", "Authorization: Basic",
        ] {
            let channel = try makeChannel(username: "user", password: "test")
            defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
            try send(channel, "GET /RPC2 HTTP/1.1\r\nHost: x\r\n\(header)\r\n\r\n")
            #expect(try output(channel).hasPrefix("HTTP/1.1 401 Unauthorized\r\n"), "\(header)")
            #expect(!channel.isActive)
        }
    }

    @Test func authorizedRequestReachesTheRouteChecks() throws {
        let channel = try makeChannel(username: "user", password: "test")
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GET /RPC2 HTTP/1.1\r\nHost: x\r\nAuthorization: \(basic("user:test"))\r\n\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(channel.isActive)
    }

    @Test func rpcNeedsPostAndContentLengthAndKeepsTheConnection() throws {
        let channel = try makeChannel()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n")
        let first = try output(channel)
        #expect(
            withoutDate(first)
                == "HTTP/1.1 400 Bad Request\r\nServer: Medusa/1.12\r\nContent-Length: 136\r\nContent-Type: text/html\r\n\r\n"
                + String(decoding: MedusaResponses.errorBody(400), as: UTF8.self))
        try send(channel, "POST /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 411 Length Required\r\n"))
        try send(channel, "POST /RPC2 HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 411 Length Required\r\n"))
        #expect(channel.isActive)
    }

    @Test func declaredBodyOverTheLimitIs413AndCloses() throws {
        var options = HTTPServerOptions()
        options.maxBodySize = 100
        let channel = try makeChannel(options: options)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 101\r\n\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 413 Request Entity Too Large\r\n"))
        #expect(!channel.isActive)
    }

    @Test func logtailChecks() throws {
        let channel = try makeChannel()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "POST /logtail/foo HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        for target in ["/logtail/foo/bogus", "/logtail", "/logtailx"] {
            try send(channel, "GET \(target) HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(try output(channel).hasPrefix("HTTP/1.1 404 Not Found\r\n"), "\(target)")
        }
        try send(channel, "PUT /mainlogtail HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(channel.isActive)
    }

    @Test func leadingBlankLinesAndAnEmptyHostAreAccepted() throws {
        let channel = try makeChannel()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "\r\n\r\nGET /logtail/foo/bogus HTTP/1.1\r\nHost:\r\n\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 404 Not Found\r\n"))
    }

    @Test func http10ClosesAfterTheAnswerUnlessKeepAlive() throws {
        let channel = try makeChannel()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GET /RPC2 HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
        let kept = try output(channel)
        #expect(kept.hasPrefix("HTTP/1.0 400 Bad Request\r\n"))
        #expect(kept.contains("\r\nConnection: Keep-Alive\r\n"))
        #expect(channel.isActive)
        try send(channel, "GET /RPC2 HTTP/1.0\r\n\r\n")
        let closed = try output(channel)
        #expect(closed.hasPrefix("HTTP/1.0 400 Bad Request\r\n"))
        #expect(!closed.contains("Connection:"))
        #expect(!channel.isActive)
    }

    @Test func http11ConnectionCloseIsHonoured() throws {
        let channel = try makeChannel()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GET /RPC2 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        #expect(try output(channel).contains("\r\nConnection: close\r\n"))
        #expect(!channel.isActive)
    }

    @Test func malformedRequestIs400AndCloses() throws {
        let channel = try makeChannel()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GARBAGE\r\n\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(!channel.isActive)
    }

    @Test func oversizedHeadIs400AndCloses() throws {
        var options = HTTPServerOptions()
        options.maxHeadSize = 1024
        let channel = try makeChannel(options: options)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GET /ok.html HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 2048))\r\n\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 400 Bad Request\r\n"))
        #expect(!channel.isActive)
    }

    @Test func silentConnectionIsClosedAfterTheIdleTimeout() throws {
        var options = HTTPServerOptions()
        options.idleTimeout = .seconds(60)
        let channel = try makeChannel(options: options)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        channel.embeddedEventLoop.advanceTime(by: .seconds(59))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test func keptAliveConnectionGetsTheLongerTimeout() throws {
        var options = HTTPServerOptions()
        options.idleTimeout = .seconds(10)
        options.keepAliveTimeout = .seconds(100)
        let channel = try makeChannel(options: options)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n")
        _ = try output(channel)
        channel.embeddedEventLoop.advanceTime(by: .seconds(50))
        #expect(channel.isActive)
        channel.embeddedEventLoop.advanceTime(by: .seconds(51))
        #expect(!channel.isActive)
    }

    @Test func halfSentRequestIsClosedAfterTheIdleTimeout() throws {
        var options = HTTPServerOptions()
        options.idleTimeout = .seconds(10)
        let channel = try makeChannel(options: options)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 10\r\n\r\nabc")
        channel.embeddedEventLoop.advanceTime(by: .seconds(11))
        #expect(!channel.isActive)
    }

    @Test func expectContinueGets100BeforeTheBody() throws {
        let channel = try makeChannel()
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n")
        #expect(try output(channel) == "HTTP/1.1 100 Continue\r\n\r\n")
    }
}
