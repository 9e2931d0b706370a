#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A value Supervisor can substitute into a `%(name)s` expansion: a string or an integer.
public enum ExpansionValue: Equatable, Sendable, ExpressibleByStringLiteral, ExpressibleByIntegerLiteral {
    case string(String)
    case integer(Int)

    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .integer(value) }
}

/// Supervisor's `%`-expansion of config values: Python's `str % mapping` with named conversions such as
/// `%(program_name)s`, `%(process_num)02d` and `%%`. See `spec/config.md` §4.
///
/// Errors carry Supervisor's texts: `Format string '<v>' for '<name>' contains names ('<x>') which cannot be
/// expanded. Available names: ...` and `... is badly formatted: <detail>`.
enum PercentExpansion {
    static func expand(_ s: String, _ names: [String: ExpansionValue], name: String) throws(ConfigError) -> String {
        guard s.contains("%") else { return s }
        do {
            return try format(Array(s.unicodeScalars), names)
        } catch {
            switch error {
            case .missing(let key):
                let available = names.keys.sorted().joined(separator: ", ")
                throw ConfigError(
                    "Format string \(PythonText.repr(s)) for \(PythonText.repr(name)) contains names "
                        + "(\(PythonText.repr(key))) which cannot be expanded. Available names: \(available)",
                    hint: "write %% for a literal %")
            case .bad(let detail):
                throw ConfigError(
                    "Format string \(PythonText.repr(s)) for \(PythonText.repr(name)) is badly formatted: \(detail)",
                    hint: "use %(name)s to expand a name and %% for a literal %")
            }
        }
    }

    /// The largest field width or precision accepted (Python's is `Int.max`, past which it says `width too big`).
    static let maxWidth = 10_000

    enum Failure: Error {
        case missing(String)
        case bad(String)
    }

    private static func format(_ s: [Unicode.Scalar], _ names: [String: ExpansionValue]) throws(Failure) -> String {
        var out = String.UnicodeScalarView()
        var i = 0
        while i < s.count {
            let c = s[i]
            i += 1
            if c != "%" {
                out.append(c)
                continue
            }
            guard i < s.count else { throw .bad("incomplete format") }
            var key: String?
            if s[i] == "(" {
                var depth = 1
                var j = i + 1
                while j < s.count, depth > 0 {
                    if s[j] == "(" { depth += 1 } else if s[j] == ")" { depth -= 1 }
                    j += 1
                }
                guard depth == 0 else { throw .bad("incomplete format key") }
                var k = String.UnicodeScalarView()
                k.append(contentsOf: s[(i + 1)..<(j - 1)])
                key = String(k)
                i = j
            }
            var flags = Set<Unicode.Scalar>()
            while i < s.count, "-+ #0".unicodeScalars.contains(s[i]) {
                flags.insert(s[i])
                i += 1
            }
            var width: Int?
            if i < s.count, s[i] == "*" { throw .bad("* wants int") }
            while i < s.count, let d = digit(s[i]) {
                width = (width ?? 0) * 10 + d
                // Python's limit is Int.max (then `width too big`); ours keeps the padding from filling memory.
                guard width! <= maxWidth else { throw .bad("width too big") }
                i += 1
            }
            var precision: Int?
            if i < s.count, s[i] == "." {
                i += 1
                if i < s.count, s[i] == "*" { throw .bad("* wants int") }
                precision = 0
                while i < s.count, let d = digit(s[i]) {
                    precision = precision! * 10 + d
                    guard precision! <= maxWidth else { throw .bad("precision too big") }
                    i += 1
                }
            }
            while i < s.count, "hlL".unicodeScalars.contains(s[i]) { i += 1 }
            guard i < s.count else { throw .bad("incomplete format") }
            let conversion = s[i]
            let conversionIndex = i
            i += 1
            if conversion == "%" {
                out.append("%")
                continue
            }
            guard let key else {
                // Python would format the whole mapping here; no config means that, so say what went wrong.
                throw .bad("format requires a mapping: '%\(conversion)' needs a name, as in %(name)\(conversion)")
            }
            guard let value = names[key] else { throw .missing(key) }
            let spec = Spec(flags: flags, width: width, precision: precision)
            out.append(contentsOf: try convert(value, conversion, spec, index: conversionIndex).unicodeScalars)
        }
        return String(out)
    }

    private struct Spec {
        var flags: Set<Unicode.Scalar>
        var width: Int?
        var precision: Int?
    }

    private static func digit(_ c: Unicode.Scalar) -> Int? {
        (c.value >= 48 && c.value <= 57) ? Int(c.value - 48) : nil
    }

    private static func convert(
        _ value: ExpansionValue, _ conversion: Unicode.Scalar, _ spec: Spec, index: Int
    ) throws(Failure) -> String {
        switch conversion {
        case "s", "r", "a":
            var text: String
            switch value {
            case .string(let v): text = conversion == "s" ? v : PythonText.repr(v)
            case .integer(let v): text = String(v)
            }
            if let p = spec.precision { text = String(text.prefix(p)) }
            return pad(text, spec, numeric: false)
        case "d", "i", "u", "x", "X", "o":
            guard case .integer(let v) = value else {
                let kind = "diu".unicodeScalars.contains(conversion) ? "a real number" : "an integer"
                throw .bad("%\(conversion) format: \(kind) is required, not str")
            }
            var digits: String
            switch conversion {
            case "x": digits = String(v.magnitude, radix: 16)
            case "X": digits = String(v.magnitude, radix: 16).uppercased()
            case "o": digits = String(v.magnitude, radix: 8)
            default: digits = String(v.magnitude)
            }
            if let p = spec.precision, digits.count < p {
                digits = String(repeating: "0", count: p - digits.count) + digits
            }
            if spec.flags.contains("#") {
                switch conversion {
                case "x": digits = "0x" + digits
                case "X": digits = "0X" + digits
                case "o": digits = "0o" + digits
                default: break
                }
            }
            return padNumber(digits, negative: v < 0, spec)
        case "e", "E", "f", "F", "g", "G":
            guard case .integer(let v) = value else {
                throw .bad("must be real number, not str")
            }
            return cFloat(Double(v), conversion, spec)
        case "c":
            guard case .integer(let v) = value, let scalar = Unicode.Scalar(UInt32(clamping: max(0, v))) else {
                throw .bad("%c requires int or char")
            }
            return pad(String(Character(scalar)), spec, numeric: false)
        default:
            let hex = String(conversion.value, radix: 16)
            throw .bad("unsupported format character '\(Character(conversion))' (0x\(hex)) at index \(index)")
        }
    }

    private static func pad(_ text: String, _ spec: Spec, numeric: Bool) -> String {
        guard let width = spec.width, text.count < width else { return text }
        let fill = String(repeating: " ", count: width - text.count)
        return spec.flags.contains("-") ? text + fill : fill + text
    }

    private static func padNumber(_ digits: String, negative: Bool, _ spec: Spec) -> String {
        var sign = negative ? "-" : ""
        if !negative, spec.flags.contains("+") { sign = "+" } else if !negative, spec.flags.contains(" ") { sign = " " }
        let body = sign + digits
        guard let width = spec.width, body.count < width else { return body }
        if spec.flags.contains("-") { return body + String(repeating: " ", count: width - body.count) }
        if spec.flags.contains("0") {
            // Zeros go between the sign (and any 0x prefix) and the digits.
            var prefix = sign
            var rest = digits
            for p in ["0x", "0X", "0o"] where rest.hasPrefix(p) {
                prefix += p
                rest = String(rest.dropFirst(2))
            }
            return prefix + String(repeating: "0", count: width - body.count) + rest
        }
        return String(repeating: " ", count: width - body.count) + body
    }

    private static func cFloat(_ v: Double, _ conversion: Unicode.Scalar, _ spec: Spec) -> String {
        var format = "%"
        for f in ["-", "+", " ", "#", "0"] where spec.flags.contains(Unicode.Scalar(f)!) { format += f }
        if let w = spec.width { format += String(w) }
        format += "." + String(spec.precision ?? 6)
        format.unicodeScalars.append(conversion)
        var buffer = [CChar](repeating: 0, count: 512)
        _ = withVaList([v]) { vsnprintf(&buffer, buffer.count, format, $0) }
        let bytes = buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }
        return String(decoding: bytes, as: UTF8.self)
    }
}
