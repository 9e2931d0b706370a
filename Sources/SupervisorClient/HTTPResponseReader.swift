/// What one read from a ``ByteSource`` produced.
package enum ReadOutcome: Equatable {
    /// This many bytes were appended.
    case bytes(Int)
    /// The peer closed its side.
    case endOfStream
    /// The caller's cancellation descriptor fired.
    case cancelled
}

/// Where the response bytes come from: a socket in production, an array in unit tests.
package protocol ByteSource {
    /// Appends whatever arrives next (at least one byte unless the stream ended or was cancelled) to `buffer`.
    mutating func read(into buffer: inout [UInt8]) throws(ClientError) -> ReadOutcome
}

/// Reads from a connected ``ClientSocket``.
struct SocketSource: ByteSource {
    let socket: ClientSocket
    let timeoutMillis: Int32
    let cancelFD: Int32?

    mutating func read(into buffer: inout [UInt8]) throws(ClientError) -> ReadOutcome {
        try socket.receive(appendingTo: &buffer, timeoutMillis: timeoutMillis, cancelFD: cancelFD)
    }
}

/// The status line and headers of an HTTP/1.x response.
package struct HTTPResponseHead: Equatable {
    /// `HTTP/1.1`, `HTTP/1.0`, … as sent.
    var version: String
    package var status: Int
    var reason: String
    /// Header names lower-cased, values trimmed, in arrival order.
    var headers: [Header]

    struct Header: Equatable {
        var name: String
        var value: String
    }

    /// The first value of header `name` (lower-case).
    func value(of name: String) -> String? {
        headers.first { $0.name == name }?.value
    }

    /// True for `Transfer-Encoding: chunked` (the last coding decides, as RFC 9112 says).
    var isChunked: Bool {
        guard let codings = value(of: "transfer-encoding") else { return false }
        let last = codings.split(separator: ",").last.map { $0.trimmingASCIIWhitespace().lowercased() }
        return last == "chunked"
    }

    /// Whether the server keeps the connection open after this response, by the rules of Python's
    /// `http.client.HTTPResponse._check_close`: HTTP/1.1 unless `Connection: close`; HTTP/1.0 only with
    /// `Keep-Alive` or `Connection: keep-alive`. A body delimited by the end of the connection closes it anyway.
    package var keepsConnectionOpen: Bool {
        let connection = value(of: "connection")?.lowercased()
        if version == "HTTP/1.1" {
            return !(connection?.contains("close") ?? false)
        }
        if value(of: "keep-alive") != nil { return true }
        return connection?.contains("keep-alive") ?? false
    }
}

/// How a body ended.
package enum BodyEnd: Equatable {
    /// A delimited body (Content-Length or chunked) was read completely; the connection may be reused.
    case complete
    /// The body ran until the server closed the connection.
    case endOfStream
    /// The data callback asked to stop.
    case stopped
    /// The cancellation descriptor fired.
    case cancelled
}

/// Incremental HTTP/1.x response parser over a ``ByteSource``: status line, headers, then a body framed by
/// `Transfer-Encoding: chunked`, `Content-Length` or the end of the connection. Bodies are handed out as they arrive,
/// so the same code serves a buffered XML-RPC reply and an endless `/logtail` stream.
package struct HTTPResponseReader<Source: ByteSource> {
    private(set) var source: Source
    private var buffer: [UInt8] = []
    private var position = 0
    /// Bytes received from the source so far. Zero after a failure means the server sent nothing at all, which
    /// makes a retry on a fresh connection safe.
    private(set) var bytesReceived = 0

    /// Python's `http.client` limits (`_MAXLINE`, `_MAXHEADERS`).
    static var maximumLineLength: Int { 65536 }
    static var maximumHeaderCount: Int { 100 }

    package init(source: Source) {
        self.source = source
    }

    /// True when bytes beyond the response already arrived (the connection is then not reused).
    package var hasUnreadBytes: Bool { position < buffer.count }

    // MARK: - Head

    /// Reads the status line and headers, skipping interim 1xx responses.
    /// - Returns: nil if cancelled.
    /// - Throws: ``ClientError/closedBeforeResponse`` when the connection ends before any byte,
    ///   ``ClientError/incompleteResponse(_:)`` when it ends inside the head, ``ClientError/badResponse(_:)`` when
    ///   the bytes are not HTTP.
    package mutating func readHead() throws(ClientError) -> HTTPResponseHead? {
        while true {
            guard let statusLine = try readLine(context: "status line") else { return nil }
            let head = Self.parseStatusLine(statusLine)
            guard var head else { throw .badResponse("bad status line: \(Self.printable(statusLine))") }
            while true {
                guard let line = try readLine(context: "headers") else { return nil }
                if line.isEmpty { break }
                guard head.headers.count < Self.maximumHeaderCount else {
                    throw .badResponse("got more than \(Self.maximumHeaderCount) headers")
                }
                // Like http.client (via the email parser), a line without a colon is skipped rather than fatal.
                guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { continue }
                let name = String(decoding: line[..<colon], as: UTF8.self).trimmingASCIIWhitespace().lowercased()
                let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingASCIIWhitespace()
                head.headers.append(.init(name: name, value: value))
            }
            // 1xx answers are interim (100 Continue); the real response follows. 101 would switch protocols.
            if (100..<200).contains(head.status) && head.status != 101 { continue }
            return head
        }
    }

    /// Parses `HTTP/x.y NNN reason`. Returns nil for anything else.
    static func parseStatusLine(_ line: [UInt8]) -> HTTPResponseHead? {
        let text = String(decoding: line, as: UTF8.self)
        guard text.hasPrefix("HTTP/") else { return nil }
        let parts = text.split(separator: " ", maxSplits: 2, omittingEmptySubsequences: true)
        guard parts.count >= 2, parts[1].count == 3, let status = Int(parts[1]), status >= 100 else { return nil }
        let reason = parts.count > 2 ? String(parts[2]).trimmingASCIIWhitespace() : ""
        return HTTPResponseHead(version: String(parts[0]), status: status, reason: reason, headers: [])
    }

    // MARK: - Body

    /// Reads the body framed as `head` says, passing each piece of data to `onData` as soon as it arrives (a chunk
    /// may come in several pieces). `onData` returns false to stop.
    package mutating func readBody(of head: HTTPResponseHead, onData: ([UInt8]) -> Bool) throws(ClientError) -> BodyEnd {
        if head.isChunked {
            return try readChunkedBody(onData: onData)
        }
        if let lengthText = head.value(of: "content-length") {
            guard let length = Int(lengthText), length >= 0 else {
                throw .badResponse("bad Content-Length: \(lengthText)")
            }
            return try readFixedBody(length: length, onData: onData)
        }
        while true {
            if hasUnreadBytes {
                if !onData(take(buffer.count - position)) { return .stopped }
            }
            switch try fill() {
            case .bytes: continue
            case .endOfStream: return .endOfStream
            case .cancelled: return .cancelled
            }
        }
    }

    private mutating func readFixedBody(length: Int, onData: ([UInt8]) -> Bool) throws(ClientError) -> BodyEnd {
        var remaining = length
        while remaining > 0 {
            if hasUnreadBytes {
                let piece = take(min(remaining, buffer.count - position))
                remaining -= piece.count
                if !onData(piece) { return .stopped }
                continue
            }
            switch try fill() {
            case .bytes: continue
            case .endOfStream:
                throw .incompleteResponse("\(length - remaining) bytes read, \(remaining) more expected")
            case .cancelled: return .cancelled
            }
        }
        return .complete
    }

    private mutating func readChunkedBody(onData: ([UInt8]) -> Bool) throws(ClientError) -> BodyEnd {
        while true {
            guard let sizeLine = try readLine(context: "chunk size") else { return .cancelled }
            let sizeText = String(decoding: sizeLine, as: UTF8.self)
                .prefix { $0 != ";" }
                .trimmingASCIIWhitespace()
            guard !sizeText.isEmpty, sizeText.count <= 15, let size = Int(sizeText, radix: 16), size >= 0 else {
                throw .badResponse("bad chunk size line: \(Self.printable(sizeLine))")
            }
            if size == 0 {
                // Trailer fields up to an empty line; like http.client, a connection that ends here is tolerated.
                while true {
                    guard let trailer = try readLine(context: "chunk trailer", endIsFine: true) else {
                        return .cancelled
                    }
                    if trailer.isEmpty { return .complete }
                }
            }
            var remaining = size
            while remaining > 0 {
                if hasUnreadBytes {
                    let piece = take(min(remaining, buffer.count - position))
                    remaining -= piece.count
                    if !onData(piece) { return .stopped }
                    continue
                }
                switch try fill() {
                case .bytes: continue
                case .endOfStream: throw .incompleteResponse("connection closed inside a chunk")
                case .cancelled: return .cancelled
                }
            }
            guard let end = try readLine(context: "chunk end") else { return .cancelled }
            guard end.isEmpty else { throw .badResponse("chunk not followed by CRLF") }
        }
    }

    // MARK: - Buffer

    /// Reads more bytes from the source into the buffer, dropping consumed bytes first.
    private mutating func fill() throws(ClientError) -> ReadOutcome {
        if position == buffer.count {
            buffer.removeAll(keepingCapacity: true)
            position = 0
        } else if position >= 64 * 1024 {
            buffer.removeFirst(position)
            position = 0
        }
        let outcome = try source.read(into: &buffer)
        if case .bytes(let count) = outcome { bytesReceived += count }
        return outcome
    }

    /// Removes and returns the next `count` buffered bytes.
    private mutating func take(_ count: Int) -> [UInt8] {
        let piece = Array(buffer[position..<(position + count)])
        position += count
        return piece
    }

    /// The next line without its `\r\n` (a bare `\n` is accepted too).
    /// - Returns: nil when cancelled; an empty line when `endIsFine` and the connection ended cleanly.
    private mutating func readLine(context: String, endIsFine: Bool = false) throws(ClientError) -> [UInt8]? {
        var searchFrom = position
        while true {
            if let newline = buffer[searchFrom...].firstIndex(of: UInt8(ascii: "\n")) {
                var end = newline
                if end > position && buffer[end - 1] == UInt8(ascii: "\r") { end -= 1 }
                let line = Array(buffer[position..<end])
                position = newline + 1
                return line
            }
            guard buffer.count - position <= Self.maximumLineLength else {
                throw .badResponse("line longer than \(Self.maximumLineLength) bytes in \(context)")
            }
            // Everything buffered has been searched; fill() may move it to the front.
            let searched = buffer.count - position
            switch try fill() {
            case .bytes:
                searchFrom = position + searched
            case .endOfStream:
                if bytesReceived == 0 { throw .closedBeforeResponse }
                if endIsFine && !hasUnreadBytes { return [] }
                throw .incompleteResponse("connection closed in the \(context)")
            case .cancelled:
                return nil
            }
        }
    }

    /// At most 80 characters of `bytes`, for error messages.
    static func printable(_ bytes: [UInt8]) -> String {
        let text = String(decoding: bytes.prefix(80), as: UTF8.self)
        return String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? "?" : Character($0) })
    }
}

extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR and LF.
    func trimmingASCIIWhitespace() -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
        let last = lastIndex(where: { !isSpace($0) })!
        return String(self[first...last])
    }
}
