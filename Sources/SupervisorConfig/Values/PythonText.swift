/// Helpers that reproduce how Python 3 treats text, so that values, messages and quirks match Supervisor's.
///
/// Supervisor is written in Python and several of its user-visible messages embed `repr()` of a string, or depend
/// on `str.strip()` and `str.isspace()`; these functions make the same decisions.
enum PythonText {
    /// Python's `str.isspace()` for one character: Unicode white space plus the ASCII separators 0x1C...0x1F.
    static func isSpace(_ c: Character) -> Bool {
        if c.isWhitespace { return true }
        guard let scalar = c.unicodeScalars.first, c.unicodeScalars.count == 1 else { return false }
        return (0x1C...0x1F).contains(scalar.value)
    }

    /// Python's `str.strip()` with no argument.
    static func strip(_ s: Substring) -> Substring {
        var start = s.startIndex
        var end = s.endIndex
        while start < end, isSpace(s[start]) { start = s.index(after: start) }
        while end > start, isSpace(s[s.index(before: end)]) { end = s.index(before: end) }
        return s[start..<end]
    }

    static func strip(_ s: String) -> String { String(strip(s[...])) }

    /// Python's `str.rstrip()` with no argument.
    static func rstrip(_ s: String) -> String {
        var end = s.endIndex
        while end > s.startIndex, isSpace(s[s.index(before: end)]) { end = s.index(before: end) }
        return String(s[..<end])
    }

    /// Python's `repr()` of a `str`: single quotes unless the text holds a single quote and no double quote,
    /// backslash escapes for quotes, backslashes and control characters.
    static func repr(_ s: String) -> String {
        let quote: Character = (s.contains("'") && !s.contains("\"")) ? "\"" : "'"
        var out = String(quote)
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else if (0x80...0xA0).contains(scalar.value) || scalar.value == 0xAD {
                    out += "\\x" + hex(scalar.value, width: 2)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }

    private static func hex(_ v: UInt32, width: Int) -> String {
        let digits = String(v, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }

    /// Python's `int(s)` for base 10: surrounding white space, an optional sign, ASCII digits with single `_`
    /// separators between digits. Returns nil where Python raises `ValueError` (or the value does not fit 64 bits).
    static func int(_ text: String) -> Int? {
        int(text, radix: 10)
    }

    /// Python's `int(s, base)` for bases 8 and 10, including the `0o` prefix for base 8.
    static func int(_ text: String, radix: Int) -> Int? {
        var s = strip(text[...])
        var negative = false
        if let first = s.first, first == "+" || first == "-" {
            negative = first == "-"
            s = s.dropFirst()
        }
        if radix == 8, s.count > 2, s.hasPrefix("0o") || s.hasPrefix("0O") {
            s = s.dropFirst(2)
            if s.first == "_" { s = s.dropFirst() }
        }
        guard let first = s.first, first != "_", s.last != "_", !s.contains("__") else { return nil }
        var value = 0
        for c in s where c != "_" {
            guard let digit = c.wholeNumberValue, c.isASCII, digit < radix else { return nil }
            let (m, o1) = value.multipliedReportingOverflow(by: radix)
            let (a, o2) = m.addingReportingOverflow(digit)
            if o1 || o2 { return nil }
            value = a
        }
        return negative ? -value : value
    }

    /// The message Python's `int()` raises for text it cannot read in base 10.
    static func invalidIntMessage(_ text: String) -> String {
        "invalid literal for int() with base 10: \(repr(text))"
    }
}
