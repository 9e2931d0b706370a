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
        username: String? = nil, password: String? = nil, options: HTTPServerOptions = .init(),
        halfCloses: HalfCloseRecorder? = nil
    ) throws -> EmbeddedChannel {
        let channel = EmbeddedChannel()
        if let halfCloses { try channel.pipeline.syncOperations.addHandler(halfCloses) }
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

    /// An oversized body is answered at once; then the output is shut down and what the client still sends is
    /// dropped (not answered, not parsed), so that closing does not reset the connection under the answer.
    @Test func oversizedBodyIsAnsweredThenDiscardedUpToTheByteBound() throws {
        var options = HTTPServerOptions()
        options.maxBodySize = 100
        options.lingerMaxBytes = 10_000
        let halfCloses = HalfCloseRecorder()
        let channel = try makeChannel(options: options, halfCloses: halfCloses)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(
            channel,
            "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n" + String(repeating: "a", count: 50))
        let answer = try output(channel)
        #expect(answer.hasPrefix("HTTP/1.1 413 Request Entity Too Large\r\n"))
        #expect(answer.contains("\r\nConnection: close\r\n"))
        #expect(halfCloses.outputClosed)
        #expect(channel.isActive)
        // Bytes that would be a request if they were parsed: they are dropped.
        for _ in 0..<4 {
            try send(channel, "GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n" + String(repeating: "b", count: 2000))
        }
        #expect(try output(channel) == "")
        #expect(channel.isActive)
        try send(channel, String(repeating: "c", count: 2000))
        #expect(!channel.isActive)
    }

    @Test func lingeringEndsAfterTheTimeBound() throws {
        var options = HTTPServerOptions()
        options.maxBodySize = 100
        options.lingerTimeout = .seconds(30)
        options.idleTimeout = .seconds(5)
        let halfCloses = HalfCloseRecorder()
        let channel = try makeChannel(options: options, halfCloses: halfCloses)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 1000000\r\n\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 413 "))
        channel.embeddedEventLoop.advanceTime(by: .seconds(29))
        #expect(channel.isActive)
        try send(channel, String(repeating: "a", count: 1000))
        channel.embeddedEventLoop.advanceTime(by: .seconds(2))
        #expect(!channel.isActive)
    }

    @Test func aChunkedBodyPastTheLimitIs413AndLingers() throws {
        var options = HTTPServerOptions()
        options.maxBodySize = 100
        let halfCloses = HalfCloseRecorder()
        let channel = try makeChannel(options: options, halfCloses: halfCloses)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GET /index.html HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n")
        try send(channel, "c8\r\n" + String(repeating: "a", count: 200) + "\r\n")
        #expect(try output(channel).hasPrefix("HTTP/1.1 413 Request Entity Too Large\r\n"))
        #expect(halfCloses.outputClosed)
        try send(channel, "0\r\n\r\n")
        #expect(try output(channel) == "")
        #expect(channel.isActive)
    }

    @Test func anEarlyAnswerToAnOversizedRequestLingersToo() throws {
        var options = HTTPServerOptions()
        options.maxBodySize = 100
        let halfCloses = HalfCloseRecorder()
        let channel = try makeChannel(username: "user", password: "test", options: options, halfCloses: halfCloses)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(
            channel,
            "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n" + String(repeating: "a", count: 100))
        #expect(try output(channel).hasPrefix("HTTP/1.1 401 Unauthorized\r\n"))
        #expect(halfCloses.outputClosed)
        try send(channel, String(repeating: "a", count: 4900))
        #expect(try output(channel) == "")
        #expect(channel.isActive)
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

    @Test func oversizedHeadIs431AndLingers() throws {
        var options = HTTPServerOptions()
        options.maxHeadSize = 1024
        options.lingerMaxBytes = 100_000
        let halfCloses = HalfCloseRecorder()
        let channel = try makeChannel(options: options, halfCloses: halfCloses)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GET /ok.html HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "a", count: 2048))")
        let answer = try output(channel)
        #expect(
            withoutDate(answer)
                == "HTTP/1.1 431 Request Header Fields Too Large\r\nServer: Medusa/1.12\r\nContent-Length: 156\r\n"
                + "Content-Type: text/html\r\nConnection: close\r\n\r\n"
                + String(decoding: MedusaResponses.errorBody(431), as: UTF8.self))
        #expect(halfCloses.outputClosed)
        try send(channel, String(repeating: "a", count: 50_000) + "\r\n\r\nGET /ok.html HTTP/1.1\r\n\r\n")
        #expect(try output(channel) == "")
        #expect(channel.isActive)
        try send(channel, String(repeating: "a", count: 60_000))
        #expect(!channel.isActive)
    }

    @Test func aHeadThatNeverEndsIs431() throws {
        var options = HTTPServerOptions()
        options.maxHeadSize = 1024
        let channel = try makeChannel(options: options)
        defer { _ = try? channel.finish(acceptAlreadyClosed: true) }
        try send(channel, "GET /\(String(repeating: "a", count: 70 * 1024))")
        #expect(try output(channel).hasPrefix("HTTP/1.1 431 Request Header Fields Too Large\r\n"))
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

/// Stands in for the socket's `shutdown(SHUT_WR)`, which `EmbeddedChannel` cannot do (it closes completely): records
/// the half-close and keeps the channel open, as a real socket's input stays open.
final class HalfCloseRecorder: ChannelOutboundHandler {
    typealias OutboundIn = Any
    private(set) var outputClosed = false

    func close(context: ChannelHandlerContext, mode: CloseMode, promise: EventLoopPromise<Void>?) {
        guard mode == .output else { return context.close(mode: mode, promise: promise) }
        outputClosed = true
        promise?.succeed(())
    }
}
