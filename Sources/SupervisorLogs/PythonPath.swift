#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The few `posixpath` and `os` functions whose exact results show up in Supervisor's file
/// names and messages. Strings here are file names decoded as Python decodes them.
enum PythonPath {
    /// `posixpath.join(a, b)` for two components.
    static func join(_ directory: String, _ name: String) -> String {
        if name.hasPrefix("/") || directory.isEmpty { return name }
        return directory.hasSuffix("/") ? directory + name : directory + "/" + name
    }

    /// `posixpath.join` on raw bytes (for names read from a directory).
    static func join(_ directory: [UInt8], _ name: [UInt8]) -> [UInt8] {
        let slash = UInt8(ascii: "/")
        if name.first == slash || directory.isEmpty { return name }
        return directory.last == slash ? directory + name : directory + [slash] + name
    }

    /// `posixpath.normpath`: collapses `.`, `..` and repeated slashes lexically; keeps
    /// exactly two leading slashes, as POSIX allows them a special meaning.
    static func normpath(_ path: String) -> String {
        if path.isEmpty { return "." }
        var initialSlashes = path.hasPrefix("/") ? 1 : 0
        if path.hasPrefix("//") && !path.hasPrefix("///") { initialSlashes = 2 }
        var components: [Substring] = []
        for component in path.split(separator: "/", omittingEmptySubsequences: false) {
            if component.isEmpty || component == "." { continue }
            if component != ".." || (initialSlashes == 0 && components.isEmpty)
                || components.last == ".."
            {
                components.append(component)
            } else if !components.isEmpty {
                components.removeLast()
            }
        }
        let joined = String(repeating: "/", count: initialSlashes) + components.joined(separator: "/")
        return joined.isEmpty ? "." : joined
    }

    /// `posixpath.abspath`: joins a relative path to the working directory, then normalizes.
    static func abspath(_ path: String) throws(LogFileError) -> String {
        if path.hasPrefix("/") { return normpath(path) }
        guard let buffer = getcwd(nil, 0) else {
            throw .syscall(call: "getcwd", path: path, errno: errno)
        }
        defer { free(buffer) }
        return normpath(join(String(cString: buffer), path))
    }

    /// Decodes a file name as Python's `os.fsdecode` does (UTF-8 with `surrogateescape`):
    /// each byte that is not part of a well-formed UTF-8 sequence becomes the code point
    /// `U+DC00 + byte`. Returned as raw code points, since Swift strings cannot hold lone
    /// surrogates.
    static func fsdecode(_ bytes: [UInt8]) -> [UInt32] {
        var result: [UInt32] = []
        result.reserveCapacity(bytes.count)
        var index = 0
        while index < bytes.count {
            if let (scalar, length) = decodeUTF8(bytes, at: index) {
                result.append(scalar)
                index += length
            } else {
                result.append(0xDC00 + UInt32(bytes[index]))
                index += 1
            }
        }
        return result
    }

    /// One well-formed UTF-8 sequence at `index` (Unicode Table 3-7), or `nil`.
    private static func decodeUTF8(_ bytes: [UInt8], at index: Int) -> (UInt32, Int)? {
        let lead = bytes[index]
        if lead < 0x80 { return (UInt32(lead), 1) }
        let length: Int
        var lowerSecond: UInt8 = 0x80
        var upperSecond: UInt8 = 0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0: length = 3; lowerSecond = 0xA0
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED: length = 3; upperSecond = 0x9F
        case 0xF0: length = 4; lowerSecond = 0x90
        case 0xF1...0xF3: length = 4
        case 0xF4: length = 4; upperSecond = 0x8F
        default: return nil
        }
        guard index + length <= bytes.count else { return nil }
        let second = bytes[index + 1]
        guard second >= lowerSecond && second <= upperSecond else { return nil }
        var scalar = UInt32(lead) & (length == 2 ? 0x1F : length == 3 ? 0x0F : 0x07)
        scalar = scalar << 6 | UInt32(second & 0x3F)
        var offset = 2
        while offset < length {
            let next = bytes[index + offset]
            guard next & 0xC0 == 0x80 else { return nil }
            scalar = scalar << 6 | UInt32(next & 0x3F)
            offset += 1
        }
        return (scalar, length)
    }

    /// Python's `repr()` of a `str` made of `codePoints`: single quotes unless the text
    /// holds a `'` and no `"`; backslash escapes for the quote, `\`, `\t`, `\n`, `\r`;
    /// `\xNN`, `\uNNNN` or `\UNNNNNNNN` for characters Python does not consider printable
    /// (approximated by Swift's Unicode general categories).
    static func repr(_ codePoints: [UInt32]) -> String {
        let singleQuote = UInt32(UInt8(ascii: "'"))
        let doubleQuote = UInt32(UInt8(ascii: "\""))
        let quote: UInt32 =
            codePoints.contains(singleQuote) && !codePoints.contains(doubleQuote) ? doubleQuote : singleQuote
        var out = String(Unicode.Scalar(UInt8(quote)))
        for codePoint in codePoints {
            switch codePoint {
            case quote, 0x5C: out += "\\" + String(Unicode.Scalar(UInt8(codePoint)))
            case 0x09: out += "\\t"
            case 0x0A: out += "\\n"
            case 0x0D: out += "\\r"
            default:
                if let scalar = Unicode.Scalar(codePoint), isPrintable(scalar) {
                    out.unicodeScalars.append(scalar)
                } else if codePoint < 0x100 {
                    out += "\\x" + hex(codePoint, width: 2)
                } else if codePoint < 0x10000 {
                    out += "\\u" + hex(codePoint, width: 4)
                } else {
                    out += "\\U" + hex(codePoint, width: 8)
                }
            }
        }
        out += String(Unicode.Scalar(UInt8(quote)))
        return out
    }

    private static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        if scalar == " " { return true }
        switch scalar.properties.generalCategory {
        case .control, .format, .surrogate, .privateUse, .unassigned,
            .spaceSeparator, .lineSeparator, .paragraphSeparator:
            return false
        default:
            return true
        }
    }

    private static func hex(_ value: UInt32, width: Int) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
