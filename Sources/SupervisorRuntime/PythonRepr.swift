/// Python's `repr()` of a `str`, for the messages Supervisor formats with
/// `%r` (`can't find command %r`, `Can't find username %r`, ...).
///
/// Single quotes unless the text has a `'` and no `"`; backslash escapes for
/// `\\`, the chosen quote, `\t`, `\n`, `\r`; `\xNN`, `\uNNNN` or
/// `\UNNNNNNNN` for characters `str.isprintable()` rejects (control, format,
/// surrogate, private-use, unassigned, and separators other than space).
public enum PythonRepr {
    public static func string(_ text: String) -> String {
        let scalars = text.unicodeScalars
        let quote: Unicode.Scalar = scalars.contains("'") && !scalars.contains("\"") ? "\"" : "'"
        var out = String.UnicodeScalarView()
        out.append(quote)
        for scalar in scalars {
            switch scalar {
            case quote, "\\":
                out.append("\\")
                out.append(scalar)
            case "\t":
                out.append(contentsOf: "\\t".unicodeScalars)
            case "\n":
                out.append(contentsOf: "\\n".unicodeScalars)
            case "\r":
                out.append(contentsOf: "\\r".unicodeScalars)
            default:
                if isPrintable(scalar) {
                    out.append(scalar)
                } else {
                    out.append(contentsOf: escaped(scalar).unicodeScalars)
                }
            }
        }
        out.append(quote)
        return String(out)
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar.value < 0x80 {
            return scalar.value >= 0x20 && scalar.value < 0x7F
        }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
            .lineSeparator, .paragraphSeparator, .spaceSeparator:
            return false
        default:
            return true
        }
    }

    private static func escaped(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16)
        switch scalar.value {
        case ..<0x100:
            return "\\x" + String(repeating: "0", count: 2 - hex.count) + hex
        case ..<0x10000:
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        default:
            return "\\U" + String(repeating: "0", count: 8 - hex.count) + hex
        }
    }
}
