import Testing

@testable import SupervisorClient

/// Feeds fixed bytes in pieces of `step` bytes, so every parser state sees a split.
struct MemorySource: ByteSource {
    var bytes: [UInt8]
    var step: Int
    var offset = 0

    init(_ text: String, step: Int = 1) {
        bytes = Array(text.utf8)
        self.step = step
    }

    mutating func read(into buffer: inout [UInt8]) throws(ClientError) -> ReadOutcome {
        guard offset < bytes.count else { return .endOfStream }
        let end = min(bytes.count, offset + step)
        buffer.append(contentsOf: bytes[offset..<end])
        defer { offset = end }
        return .bytes(end - offset)
    }
}

@Suite struct HTTPResponseReaderTests {
    private func readAll(_ text: String, step: Int = 1) throws(ClientError) -> (HTTPResponseHead, String, BodyEnd) {
        var reader = HTTPResponseReader(source: MemorySource(text, step: step))
        guard let head = try reader.readHead() else { throw .closedBeforeResponse }
        var body: [UInt8] = []
        let end = try reader.readBody(of: head) { body.append(contentsOf: $0); return true }
        return (head, String(decoding: body, as: UTF8.self), end)
    }

    @Test(arguments: [1, 3, 1000])
    func contentLengthBodyIsReadExactly(step: Int) throws {
        let response = "HTTP/1.1 200 OK\r\nContent-Length: 5\r\nX-A: b\r\n\r\nhelloEXTRA"
        let (head, body, end) = try readAll(response, step: step)
        #expect(head.status == 200)
        #expect(head.reason == "OK")
        #expect(head.value(of: "x-a") == "b")
        #expect(body == "hello")
        #expect(end == .complete)
        #expect(head.keepsConnectionOpen)
    }

    @Test(arguments: [1, 7, 1000])
    func chunkedBodyWithExtensionsAndTrailersIsDecoded(step: Int) throws {
        let text = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
            + "5;name=x\r\nhello\r\n1\r\n \r\n5\r\nworld\r\n0\r\nX-Trailer: y\r\n\r\n"
        let (head, body, end) = try readAll(text, step: step)
        #expect(head.isChunked)
        #expect(body == "hello world")
        #expect(end == .complete)
    }

    @Test func bodyWithoutLengthRunsToTheEndOfTheConnection() throws {
        let (head, body, end) = try readAll("HTTP/1.0 200 OK\r\n\r\nall of it")
        #expect(body == "all of it")
        #expect(end == .endOfStream)
        #expect(!head.keepsConnectionOpen)
    }

    @Test func bareLineFeedsAreAccepted() throws {
        let (head, body, _) = try readAll("HTTP/1.1 200 OK\nContent-Length: 2\n\nok")
        #expect(head.status == 200)
        #expect(body == "ok")
    }

    @Test func interimContinueResponseIsSkipped() throws {
        let (head, body, _) = try readAll("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 1\r\n\r\nx")
        #expect(head.status == 200)
        #expect(body == "x")
    }

    @Test func keepAliveFollowsPythonHTTPClientRules() throws {
        func head(_ text: String) throws -> HTTPResponseHead {
            var reader = HTTPResponseReader(source: MemorySource(text + "\r\n", step: 100))
            return try #require(try reader.readHead())
        }
        #expect(try head("HTTP/1.1 200 OK\r\n").keepsConnectionOpen)
        #expect(try !head("HTTP/1.1 200 OK\r\nConnection: close\r\n").keepsConnectionOpen)
        #expect(try !head("HTTP/1.0 200 OK\r\n").keepsConnectionOpen)
        #expect(try head("HTTP/1.0 200 OK\r\nConnection: Keep-Alive\r\n").keepsConnectionOpen)
        #expect(try head("HTTP/1.0 200 OK\r\nKeep-Alive: timeout=5\r\n").keepsConnectionOpen)
    }

    @Test func nothingAtAllIsClosedBeforeResponse() {
        #expect(throws: ClientError.closedBeforeResponse) { try readAll("") }
    }

    @Test func somethingThatIsNotHTTPIsABadResponse() {
        #expect(throws: ClientError.badResponse("bad status line: SSH-2.0-OpenSSH_9.2")) {
            try readAll("SSH-2.0-OpenSSH_9.2\r\n")
        }
        #expect(throws: ClientError.self) { try readAll("HTTP/1.1 abc OK\r\n\r\n") }
    }

    @Test func endInsideTheHeadOrBodyIsAnIncompleteResponse() {
        #expect(throws: ClientError.incompleteResponse("connection closed in the headers")) {
            try readAll("HTTP/1.1 200 OK\r\nContent-Le")
        }
        #expect(throws: ClientError.incompleteResponse("3 bytes read, 7 more expected")) {
            try readAll("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc")
        }
        #expect(throws: ClientError.incompleteResponse("connection closed inside a chunk")) {
            try readAll("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\na\r\nabc")
        }
    }

    @Test func malformedFramingIsABadResponse() {
        #expect(throws: ClientError.badResponse("bad chunk size line: zz")) {
            try readAll("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
        }
        #expect(throws: ClientError.badResponse("bad Content-Length: -1")) {
            try readAll("HTTP/1.1 200 OK\r\nContent-Length: -1\r\n\r\n")
        }
        let manyHeaders = String(repeating: "X: y\r\n", count: 101)
        #expect(throws: ClientError.badResponse("got more than 100 headers")) {
            try readAll("HTTP/1.1 200 OK\r\n" + manyHeaders + "\r\n", step: 4096)
        }
    }

    @Test func overlongLineIsRefusedInsteadOfBufferedForever() {
        let long = String(repeating: "a", count: 70000)
        #expect(throws: ClientError.badResponse("line longer than 65536 bytes in status line")) {
            try readAll(long, step: 4096)
        }
    }

    @Test func callbackCanStopABody() throws {
        var reader = HTTPResponseReader(source: MemorySource("HTTP/1.1 200 OK\r\n\r\nabcdef", step: 2))
        let head = try #require(try reader.readHead())
        var pieces: [String] = []
        let end = try reader.readBody(of: head) { piece in
            pieces.append(String(decoding: piece, as: UTF8.self))
            return pieces.count < 2
        }
        #expect(end == .stopped)
        #expect(pieces.count == 2)
    }
}
