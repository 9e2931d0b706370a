/// Small pieces of Python's string semantics that `supervisorctl`'s output depends on.
enum PythonText {
    /// True for the characters `str.split()` and `str.strip()` treat as whitespace (Unicode White_Space plus the
    /// separators U+001C…U+001F, which Python counts too).
    static func isSpace(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isWhitespace || (0x1C...0x1F).contains(scalar.value)
    }

    /// `s.split()`: the words between runs of whitespace.
    static func split(_ text: String) -> [String] {
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isSpace(scalar) {
                if !current.isEmpty {
                    words.append(String(current))
                    current = String.UnicodeScalarView()
                }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words
    }

    /// `s.strip()`.
    static func strip(_ text: String) -> String {
        let scalars = Array(text.unicodeScalars)
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) })
        else { return "" }
        var view = String.UnicodeScalarView()
        view.append(contentsOf: scalars[first...last])
        return String(view)
    }

    /// `s.ljust(width)`: pads with spaces to `width` code points (Python's `len`), never truncates.
    static func leftJustified(_ text: String, width: Int) -> String {
        let length = text.unicodeScalars.count
        return length >= width ? text : text + String(repeating: " ", count: width - length)
    }

    /// `repr(s)` for a `str`: single quotes unless the text holds a single quote and no double quote, with
    /// backslash escapes for the quote, backslash, `\t`, `\n`, `\r`, other control characters and non-printable
    /// code points.
    static func repr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": out += "\\\\"
            case "\t": out += "\\t"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            default:
                if Character(scalar) == quote {
                    out += "\\" + String(quote)
                } else if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + hex(scalar.value, digits: 2)
                } else if scalar.value >= 0x80 && !isPrintable(scalar) {
                    out += scalar.value <= 0xFF ? "\\x" + hex(scalar.value, digits: 2)
                        : scalar.value <= 0xFFFF ? "\\u" + hex(scalar.value, digits: 4)
                        : "\\U" + hex(scalar.value, digits: 8)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out.append(quote)
        return out
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned, .lineSeparator, .paragraphSeparator,
             .spaceSeparator:
            return scalar == " "
        default:
            return true
        }
    }

    private static func hex(_ value: UInt32, digits: Int) -> String {
        let text = String(value, radix: 16)
        return String(repeating: "0", count: max(0, digits - text.count)) + text
    }

    /// What `int(text)` makes of a string.
    enum IntParse: Equatable {
        /// A value that fits in `Int`.
        case value(Int)
        /// A valid integer too large for `Int` (Python has no limit; XML-RPC then refuses it).
        case overflow
        /// `int()` raises `ValueError`.
        case invalid
    }

    /// `int(text)`: surrounding whitespace, an optional sign, ASCII digits with single underscores between them.
    static func int(_ text: String) -> IntParse {
        var scalars = Substring(strip(text)).unicodeScalars[...]
        var negative = false
        if let sign = scalars.first, sign == "+" || sign == "-" {
            negative = sign == "-"
            scalars = scalars.dropFirst()
        }
        guard let first = scalars.first, first.properties.numericType == .decimal else { return .invalid }
        var value = 0
        var overflow = false
        var previousUnderscore = false
        for scalar in scalars {
            if scalar == "_" {
                if previousUnderscore { return .invalid }
                previousUnderscore = true
                continue
            }
            guard scalar.properties.numericType == .decimal, let digit = scalar.properties.numericValue else {
                return .invalid
            }
            previousUnderscore = false
            let (times, o1) = value.multipliedReportingOverflow(by: 10)
            let (sum, o2) = times.addingReportingOverflow(Int(digit))
            if o1 || o2 { overflow = true }
            value = sum
        }
        if previousUnderscore { return .invalid }
        if overflow { return .overflow }
        return .value(negative ? -value : value)
    }
}
