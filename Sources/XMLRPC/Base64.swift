/// Standard base64 (RFC 4648 alphabet, `=` padding), written by hand because the target avoids Foundation.
enum Base64 {
    private static let alphabet: [UInt8] =
        Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// Appends `bytes` encoded as Python's `base64.encodebytes` does: lines of at most 76 characters, each ended by
    /// `\n`; nothing at all for empty input.
    static func appendEncodedLines(of bytes: [UInt8], to out: inout [UInt8]) {
        let table = alphabet
        var lineLength = 0
        var i = 0
        let n = bytes.count
        out.reserveCapacity(out.count + (n + 2) / 3 * 4 + n / 57 + 1)
        while i < n {
            let b0 = bytes[i]
            let b1: UInt8 = i + 1 < n ? bytes[i + 1] : 0
            let b2: UInt8 = i + 2 < n ? bytes[i + 2] : 0
            out.append(table[Int(b0 >> 2)])
            out.append(table[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < n ? table[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < n ? table[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
            lineLength += 4
            if lineLength == 76 {
                out.append(UInt8(ascii: "\n"))
                lineLength = 0
            }
        }
        if lineLength > 0 { out.append(UInt8(ascii: "\n")) }
    }

    /// The 6-bit value of an alphabet character, or nil.
    @inline(__always)
    private static func sextet(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): return c - UInt8(ascii: "A")
        case UInt8(ascii: "a")...UInt8(ascii: "z"): return c - UInt8(ascii: "a") + 26
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return c - UInt8(ascii: "0") + 52
        case UInt8(ascii: "+"): return 62
        case UInt8(ascii: "/"): return 63
        default: return nil
        }
    }

    /// Decodes base64 text, skipping XML whitespace anywhere.
    ///
    /// Padding is required, as Python's `base64.decodebytes` requires it ("Incorrect padding"). Python silently
    /// drops other characters outside the alphabet; we refuse them.
    /// - Returns: nil if the text is not valid base64.
    static func decode(_ text: UnsafeBufferPointer<UInt8>) -> [UInt8]? {
        @inline(__always) func isSpace(_ c: UInt8) -> Bool { c == 0x20 || c == 0x09 || c == 0x0A || c == 0x0D }
        var out: [UInt8] = []
        out.reserveCapacity(text.count / 4 * 3)
        var quad: UInt32 = 0
        var count = 0
        var i = 0
        while i < text.count {
            let c = text[i]
            i += 1
            if isSpace(c) { continue }
            if c == UInt8(ascii: "=") {
                // '=' may only fill the last one or two places of a quad, and only whitespace may follow.
                guard count >= 2 else { return nil }
                let padding = 4 - count
                var seen = 1
                while i < text.count {
                    let d = text[i]
                    i += 1
                    if isSpace(d) { continue }
                    guard d == UInt8(ascii: "="), seen < padding else { return nil }
                    seen += 1
                }
                guard seen == padding else { return nil }
                quad <<= UInt32(6 * padding)
                out.append(UInt8(truncatingIfNeeded: quad >> 16))
                if padding == 1 { out.append(UInt8(truncatingIfNeeded: quad >> 8)) }
                return out
            }
            guard let v = sextet(c) else { return nil }
            quad = quad << 6 | UInt32(v)
            count += 1
            if count == 4 {
                out.append(UInt8(truncatingIfNeeded: quad >> 16))
                out.append(UInt8(truncatingIfNeeded: quad >> 8))
                out.append(UInt8(truncatingIfNeeded: quad))
                quad = 0
                count = 0
            }
        }
        return count == 0 ? out : nil
    }
}
