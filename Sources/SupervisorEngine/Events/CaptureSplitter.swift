/// Capture mode for one output channel (`*_capture_maxbytes` > 0): splits a child's output into what goes to the
/// normal log and what is captured between `<!--XSUPERVISOR:BEGIN-->` and `<!--XSUPERVISOR:END-->`, which becomes
/// one PROCESS_COMMUNICATION event. A copy of Supervisor's `POutputDispatcher.record_output`, quirks included
/// (`spec/states.md` §5): output is held back until the pending data is longer than the token it looks for, and a
/// partial token at the end waits for more data.
public struct CaptureSplitter: Sendable {
    /// What to do with a piece of output, in order.
    public enum Piece: Equatable, Sendable {
        /// Log normally (file, main-log echo, PROCESS_LOG event).
        case log([UInt8])
        /// Inside a capture block: goes to the capture buffer (and to PROCESS_LOG events, not the log file).
        case captured([UInt8])
        /// A capture block ended: emit PROCESS_COMMUNICATION with these bytes.
        case communication([UInt8])
    }

    public static let beginToken = Array("<!--XSUPERVISOR:BEGIN-->".utf8)
    public static let endToken = Array("<!--XSUPERVISOR:END-->".utf8)

    /// 0 disables capture mode: everything is logged as it comes.
    public let captureMaxBytes: Int
    public private(set) var capturing = false
    private var pending: [UInt8] = []
    private var captureBuffer: [UInt8] = []

    public init(captureMaxBytes: Int) {
        self.captureMaxBytes = captureMaxBytes
    }

    public mutating func feed(_ data: [UInt8]) -> [Piece] {
        guard captureMaxBytes > 0 else { return data.isEmpty ? [] : [.log(data)] }
        pending += data
        var pieces: [Piece] = []
        while true {
            let token = capturing ? Self.endToken : Self.beginToken
            guard pending.count > token.count else { break }
            let chunk = pending
            pending = []
            if let range = Self.find(token, in: chunk) {
                emit(Array(chunk[..<range.lowerBound]), &pieces)
                toggle(&pieces)
                pending = Array(chunk[range.upperBound...])
                if pending.isEmpty { break }
            } else {
                let keep = Self.prefixAtEnd(chunk, token)
                pending = Array(chunk.suffix(keep))
                emit(Array(chunk.dropLast(keep)), &pieces)
                break
            }
        }
        return pieces
    }

    private mutating func emit(_ bytes: [UInt8], _ pieces: inout [Piece]) {
        guard !bytes.isEmpty else { return }
        if capturing {
            // Supervisor's BoundIO: when an append would pass the limit, drop as many bytes from the front as
            // are being appended.
            if captureBuffer.count + bytes.count > captureMaxBytes {
                captureBuffer.removeFirst(min(bytes.count, captureBuffer.count))
            }
            captureBuffer += bytes
            pieces.append(.captured(bytes))
        } else {
            pieces.append(.log(bytes))
        }
    }

    private mutating func toggle(_ pieces: inout [Piece]) {
        capturing.toggle()
        if !capturing {
            pieces.append(.communication(captureBuffer))
            captureBuffer = []
        }
    }

    static func find(_ token: [UInt8], in data: [UInt8]) -> Range<Int>? {
        guard data.count >= token.count else { return nil }
        for i in 0...(data.count - token.count) where data[i] == token[0] {
            if Array(data[i..<(i + token.count)]) == token { return i..<(i + token.count) }
        }
        return nil
    }

    /// Supervisor's `find_prefix_at_end`: the length of the longest proper prefix of `token` that ends `data`.
    static func prefixAtEnd(_ data: [UInt8], _ token: [UInt8]) -> Int {
        var length = token.count - 1
        while length > 0 {
            if data.count >= length, Array(data.suffix(length)) == Array(token.prefix(length)) { return length }
            length -= 1
        }
        return 0
    }
}
