import Foundation
import Synchronization
import Testing

@testable import SupervisorClient
import SupervisorTestSupport

/// Collects stream chunks where both the client callback and a stub handler can see them.
final class ChunkLog: Sendable {
    private let chunks = Mutex<[String]>([])

    func append(_ bytes: [UInt8]) { chunks.withLock { $0.append(String(decoding: bytes, as: UTF8.self)) } }
    var all: [String] { chunks.withLock { $0 } }
    var count: Int { chunks.withLock { $0.count } }
}

@Suite struct StreamGetTests {
    static let chunkedHead =
        "HTTP/1.1 200 OK\r\nContent-Type: text/plain;charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n"

    static func chunk(_ text: String) -> String {
        String(text.utf8.count, radix: 16) + "\r\n" + text + "\r\n"
    }

    @Test func requestIsWhatSupervisorsTailClientSends() throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            connection.send(Self.chunkedHead + "0\r\n\r\n")
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url, username: "user", password: "pw")
        #expect(try client.streamGet(path: "/logtail/foo/stdout") { _ in .keepReading } == .serverClosed)
        // http_client.HTTPHandler.handle_connect: empty Host over a unix socket, and the extra CRLF at the end
        // (the stub reads up to the first blank line; the extra CRLF stays unread).
        let expected = "GET /logtail/foo/stdout HTTP/1.1\r\nHost: \r\nAccept-Encoding: chunked\r\nAccept: */*\r\n"
            + "User-agent: Supervisor HTTP Client\r\nAuthorization: Basic dXNlcjpwdw==\r\n\r\n"
        #expect(server.requests.map { String(decoding: $0, as: UTF8.self) } == [expected])
        #expect(String(decoding: client.tailRequestBytes(path: "/x"), as: UTF8.self).hasSuffix("\r\n\r\n\r\n"))
    }

    @Test func pathIsPercentEncodedOnlyWhereARequestLineRequiresIt() {
        #expect(SupervisorConnection.requestTarget("/logtail/g:p/stderr") == "/logtail/g:p/stderr")
        #expect(SupervisorConnection.requestTarget("/logtail/a b\r\n") == "/logtail/a%20b%0D%0A")
        #expect(SupervisorConnection.requestTarget("/logtail/é") == "/logtail/%C3%A9")
    }

    @Test func chunksArriveOneByOneAsTheServerSendsThem() throws {
        let log = ChunkLog()
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            connection.send(Self.chunkedHead)
            for (index, line) in ["one\n", "two\n", "three\n"].enumerated() {
                connection.send(Self.chunk(line))
                // The next chunk is only sent once the client has seen this one: proof of live streaming.
                guard eventually({ log.count > index }) else { return }
            }
            connection.send("0\r\n\r\n")
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        let end = try client.streamGet(path: "/logtail/foo") { bytes in
            log.append(bytes)
            return .keepReading
        }
        #expect(end == .serverClosed)
        #expect(log.all == ["one\n", "two\n", "three\n"])
    }

    @Test func callbackCanStopAnEndlessStream() throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            connection.send(Self.chunkedHead)
            for n in 0..<2000 {
                guard connection.send(Self.chunk("tick \(n)\n")) else { return }
                usleep(1000)
            }
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        var received = 0
        let end = try client.streamGet(path: "/logtail/foo") { _ in
            received += 1
            return received == 3 ? .stop : .keepReading
        }
        #expect(end == .stopped)
        #expect(received == 3)
    }

    @Test(arguments: [false, true])
    func cancellationFromAnotherThreadEndsASilentStream(headersSent: Bool) throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            // supervisord withholds even the headers while the log is empty (spec rpc.md §10).
            if headersSent { connection.send(Self.chunkedHead) }
            connection.note("waiting")
            _ = connection.waitForClientClose()
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        let cancellation = try StreamCancellation()
        let canceller = Thread {
            _ = eventually(timeout: .seconds(10)) { server.notes.contains("waiting") }
            cancellation.cancel()
        }
        canceller.start()
        let clock = ContinuousClock()
        let started = clock.now
        let end = try client.streamGet(path: "/logtail/foo", cancellation: cancellation) { _ in .keepReading }
        #expect(end == .cancelled)
        #expect(cancellation.isCancelled)
        #expect(clock.now - started < .seconds(10))
    }

    @Test func alreadyCancelledStreamDoesNotConnect() throws {
        let server = try StubHTTPServer.unix { _ in }
        defer { server.stop() }
        let cancellation = try StreamCancellation()
        cancellation.cancel()
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(try client.streamGet(path: "/x", cancellation: cancellation) { _ in .keepReading } == .cancelled)
        #expect(server.connections == 0)
    }

    @Test(arguments: [
        ("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\nhello world", "hello world"),
        ("HTTP/1.0 200 OK\r\n\r\nuntil the end", "until the end"),
    ])
    func contentLengthAndCloseDelimitedBodiesAreStreamedToo(response: String, body: String) throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            connection.send(response)
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        var text = ""
        let end = try client.streamGet(path: "/mainlogtail") { bytes in
            text += String(decoding: bytes, as: UTF8.self)
            return .keepReading
        }
        #expect(end == .serverClosed)
        #expect(text == body)
    }

    @Test func statusOtherThan200IsAnHTTPStatusError() throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            connection.send("HTTP/1.1 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 0\r\n\r\n")
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(throws: ClientError.httpStatus(code: 404, reason: "Not Found")) {
            try client.streamGet(path: "/logtail/nope") { _ in .keepReading }
        }
    }
}
