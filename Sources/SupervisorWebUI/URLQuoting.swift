/// Python's `urllib.parse` functions as Supervisor's `web.py` uses them: `quote` for the links and the redirect's
/// `message=`, `parse_qsl`/`parse_qs` for the query string and POSTed form fields.
enum URLQuoting {
    /// `urllib.parse.quote(text)` with its default `safe='/'`: letters, digits, `_.-~` and `/` stay, every other
    /// UTF-8 byte becomes `%XX` (upper case).
    static func quote(_ text: some StringProtocol, safe: String = "/") -> String {
        let safeBytes = Set(safe.utf8)
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "-"),
                UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                if safeBytes.contains(byte) {
                    out.unicodeScalars.append(Unicode.Scalar(byte))
                } else {
                    out += "%" + hexDigit(byte >> 4) + hexDigit(byte & 0xF)
                }
            }
        }
        return out
    }

    /// `urllib.parse.parse_qsl(text)`: pairs split at `&`, `+` read as a space, `%XX` unquoted (invalid UTF-8
    /// replaced), pairs with an empty value dropped (Python's default `keep_blank_values=False`).
    static func parseQuery(_ text: some StringProtocol) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for field in String(text).split(separator: "&", omittingEmptySubsequences: true) {
            let name: Substring
            let value: Substring
            if let equals = field.firstIndex(of: "=") {
                name = field[..<equals]
                value = field[field.index(after: equals)...]
            } else {
                // Python drops a field without `=` unless strict parsing is asked for.
                continue
            }
            guard !value.isEmpty else { continue }
            pairs.append((unquotePlus(name), unquotePlus(value)))
        }
        return pairs
    }

    /// `urllib.parse.unquote_plus`.
    static func unquotePlus(_ text: some StringProtocol) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            let byte = bytes[i]
            if byte == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
                i += 1
            } else if byte == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]),
                let lo = hexValue(bytes[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(byte)
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexDigit(_ nibble: UInt8) -> String {
        String(Unicode.Scalar(nibble < 10 ? nibble + 48 : nibble + 55))
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
