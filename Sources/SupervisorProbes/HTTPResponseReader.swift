import SupervisorEngine

/// Reads one HTTP/1.x response as it arrives, far enough to judge it and to tell whether its connection can carry
/// the next request: the status line, the headers, then the body framed by `Content-Length`, by chunked
/// transfer coding, or by the end of the connection (none: 1xx, 204 and 304).
///
/// The body is counted, not kept.
struct HTTPResponseReader {
    /// What the bytes fed so far amount to.
    enum Progress: Equatable {
        /// More bytes are needed.
        case incomplete
        /// The response is complete; `reusable` when the connection may carry another request (HTTP/1.1 without
        /// `Connection: close`, or HTTP/1.0 with `Connection: keep-alive`; framed by length or chunks; nothing
        /// after it).
        case complete(ProbeResult, reusable: Bool)
        /// Not an HTTP response.
        case bad
    }

    private enum Phase {
        case statusLine
        case headers
        case body(remaining: Int)
        case chunkSize
        case chunkData(remaining: Int)
        case chunkDataEnd
        case trailers
        case toEnd
        case done
    }

    /// The longest status line, header line or chunk-size line accepted.
    static let lineLimit = 16 * 1024

    private var phase = Phase.statusLine
    private var line: [UInt8] = []
    private(set) var status: ProbeResult?
    private var code = 0
    private var http10 = false
    private var contentLength: Int?
    private var chunked = false
    private var connectionClose = false
    private var connectionKeepAlive = false
    private var trailing = false
    /// Bytes fed so far.
    private(set) var received = 0

    /// Feeds the next bytes of the connection.
    mutating func feed(_ bytes: UnsafeRawBufferPointer) -> Progress {
        received += bytes.count
        var index = 0
        while index < bytes.count {
            switch phase {
            case .statusLine, .headers, .chunkSize, .chunkDataEnd, .trailers:
                let byte = bytes[index]
                index += 1
                if byte != UInt8(ascii: "\n") {
                    line.append(byte)
                    if line.count > Self.lineLimit { return status == nil ? .bad : finish(reusable: false) }
                    continue
                }
                if line.last == UInt8(ascii: "\r") { line.removeLast() }
                let complete = line
                line.removeAll(keepingCapacity: true)
                if let verdict = endOfLine(complete) { return verdict }
            case .body(let remaining):
                let taken = min(remaining, bytes.count - index)
                index += taken
                phase = .body(remaining: remaining - taken)
                if remaining == taken { phase = .done }
            case .chunkData(let remaining):
                let taken = min(remaining, bytes.count - index)
                index += taken
                phase = remaining == taken ? .chunkDataEnd : .chunkData(remaining: remaining - taken)
            case .toEnd:
                index = bytes.count
            case .done:
                // Bytes after the response: nothing a probe asked for, so the connection is not trusted again.
                trailing = true
                index = bytes.count
            }
        }
        if case .done = phase { return finish(reusable: !trailing && !connectionClose && (!http10 || connectionKeepAlive)) }
        return .incomplete
    }

    /// The connection ended (EOF) after the bytes fed so far.
    mutating func end() -> Progress {
        switch phase {
        case .toEnd, .done: return finish(reusable: false)
        default: return status.map { .complete($0, reusable: false) } ?? .bad
        }
    }

    private func finish(reusable: Bool) -> Progress {
        guard let status else { return .bad }
        return .complete(status, reusable: reusable)
    }

    /// Handles one complete line; a verdict when the response is judged bad.
    private mutating func endOfLine(_ line: [UInt8]) -> Progress? {
        switch phase {
        case .statusLine:
            let judged = HTTPProbe.judge(statusLine: line)
            if judged == .failed("bad response") { return .bad }
            status = judged
            http10 = line.starts(with: Array("HTTP/1.0".utf8))
            code = Int(String(decoding: line.dropFirst(9).prefix(3), as: UTF8.self)) ?? 0
            phase = .headers
        case .headers:
            if line.isEmpty {
                startBody()
            } else {
                header(line)
            }
        case .chunkSize:
            let digits = line.prefix { $0 != UInt8(ascii: ";") }
            let text = String(decoding: digits, as: UTF8.self).trimmingWhitespace
            guard let size = Int(text, radix: 16), size >= 0 else { return finish(reusable: false) }
            phase = size == 0 ? .trailers : .chunkData(remaining: size)
        case .chunkDataEnd:
            guard line.isEmpty else { return finish(reusable: false) }
            phase = .chunkSize
        case .trailers:
            if line.isEmpty { phase = .done }
        default:
            break
        }
        return nil
    }

    private mutating func header(_ line: [UInt8]) {
        guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else { return }
        let name = String(decoding: line[..<colon], as: UTF8.self).lowercased()
        let value = String(decoding: line[(colon + 1)...], as: UTF8.self).trimmingWhitespace.lowercased()
        switch name {
        case "content-length":
            contentLength = Int(value)
            if contentLength == nil || contentLength! < 0 { connectionClose = true }
        case "transfer-encoding":
            chunked = value.split(separator: ",").last.map { $0.trimmingWhitespace == "chunked" } ?? false
            if !chunked { connectionClose = true }
        case "connection":
            for token in value.split(separator: ",").map(\.trimmingWhitespace) {
                if token == "close" { connectionClose = true }
                if token == "keep-alive" { connectionKeepAlive = true }
            }
        default:
            break
        }
    }

    private mutating func startBody() {
        if (100..<200).contains(code) {
            // An interim answer to a GET is unexpected: judge it (it fails) and do not reuse the connection.
            connectionClose = true
            phase = .done
        } else if code == 204 || code == 304 {
            phase = .done
        } else if chunked {
            phase = .chunkSize
        } else if let contentLength {
            phase = contentLength == 0 ? .done : .body(remaining: contentLength)
        } else {
            phase = .toEnd
        }
    }
}

extension StringProtocol {
    /// Without leading and trailing spaces and tabs.
    var trimmingWhitespace: String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
