/// `Authorization: Basic …` values.
enum BasicAuth {
    private static let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/".utf8)

    /// `base64("<username>:<password>")` over the UTF-8 bytes, on one line.
    ///
    /// Python's clients call `encodestring`, which breaks lines every 76 characters; the XML-RPC transport then
    /// removes the newlines (so it matches this), while the tail client only strips the ends and would send a
    /// broken header for credentials longer than 56 bytes. We send the working single-line form everywhere.
    static func credentials(username: String, password: String) -> String {
        encode(Array("\(username):\(password)".utf8))
    }

    /// Standard base64 (RFC 4648, `=` padding), no line breaks.
    static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity((bytes.count + 2) / 3 * 4)
        var i = 0
        while i < bytes.count {
            let b0 = bytes[i]
            let b1: UInt8 = i + 1 < bytes.count ? bytes[i + 1] : 0
            let b2: UInt8 = i + 2 < bytes.count ? bytes[i + 2] : 0
            out.append(alphabet[Int(b0 >> 2)])
            out.append(alphabet[Int((b0 & 0x03) << 4 | b1 >> 4)])
            out.append(i + 1 < bytes.count ? alphabet[Int((b1 & 0x0F) << 2 | b2 >> 6)] : UInt8(ascii: "="))
            out.append(i + 2 < bytes.count ? alphabet[Int(b2 & 0x3F)] : UInt8(ascii: "="))
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }
}
