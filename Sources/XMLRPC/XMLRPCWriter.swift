/// Writes XML-RPC bodies byte for byte as Python 3.11's `xmlrpc.client.dumps` does.
///
/// The layout is `Marshaller.dumps` and `dumps` in CPython's `Lib/xmlrpc/client.py`: every `<value>` on its own line
/// except `<nil/>`, which Python writes without a trailing newline; `<base64>` content as `base64.encodebytes`
/// lines; strings escaped for `&`, `<` and `>` only. Supervisor sends exactly these bytes, UTF-8 encoded
/// (`xmlrpc_marshal` in `supervisor/xmlrpc.py`).
///
/// Deliberate differences, none of which changes the bytes for input Python can encode:
/// - Characters XML 1.0 cannot carry are written as U+FFFD (spec `improvements.md`); Python writes them raw and its
///   own parser then rejects the body.
/// - The method name and dateTime text are escaped like strings; Python writes them unescaped.
/// - Integers outside 32 bits are written; Python raises `OverflowError` (see ``XMLRPCValue/clampedInt(_:)``).
struct XMLRPCWriter {
    var out: [UInt8] = []

    init(capacity: Int = 256) {
        out.reserveCapacity(capacity)
    }

    @inline(__always)
    mutating func write(_ s: StaticString) {
        s.withUTF8Buffer { out.append(contentsOf: $0) }
    }

    /// About how many bytes `value` encodes to (at least that many, short of escapes), so the output buffer is
    /// allocated once: growing a 400 KB `getAllProcessInfo` answer by doubling cost a sixth of its encoding time
    /// in copies and page faults.
    static func estimatedSize(of value: XMLRPCValue) -> Int {
        switch value {
        case .int: return 40
        case .bool: return 40
        case .string(let v): return 32 + v.utf8.count
        case .double: return 48
        case .dateTime(let v): return 48 + v.utf8.count
        case .base64(let v): return 40 + v.count * 4 / 3 + v.count / 57 + 4
        case .array(let elements):
            var total = 48
            for e in elements { total += estimatedSize(of: e) }
            return total
        case .struct(let members):
            var total = 40
            for m in members { total += 36 + m.name.utf8.count + estimatedSize(of: m.value) }
            return total
        case .nil: return 20
        }
    }

    // MARK: - Envelopes

    mutating func writeHeader() {
        write("<?xml version='1.0'?>\n")
    }

    mutating func writeParams(_ params: [XMLRPCValue]) {
        write("<params>\n")
        for p in params {
            write("<param>\n")
            writeValue(p)
            write("</param>\n")
        }
        write("</params>\n")
    }

    // MARK: - Values

    mutating func writeValue(_ value: XMLRPCValue) {
        switch value {
        case .int(let v):
            write("<value><int>")
            writeDecimal(v)
            write("</int></value>\n")
        case .bool(let v):
            write(v ? "<value><boolean>1</boolean></value>\n" : "<value><boolean>0</boolean></value>\n")
        case .string(let v):
            write("<value><string>")
            writeEscaped(v)
            write("</string></value>\n")
        case .double(let v):
            write("<value><double>")
            out.append(contentsOf: PythonFloatRepr.string(v).utf8)
            write("</double></value>\n")
        case .dateTime(let v):
            write("<value><dateTime.iso8601>")
            writeEscaped(v)
            write("</dateTime.iso8601></value>\n")
        case .base64(let v):
            write("<value><base64>\n")
            Base64.appendEncodedLines(of: v, to: &out)
            write("</base64></value>\n")
        case .array(let elements):
            write("<value><array><data>\n")
            for e in elements { writeValue(e) }
            write("</data></array></value>\n")
        case .struct(let members):
            write("<value><struct>\n")
            for m in members {
                write("<member>\n<name>")
                writeEscaped(m.name)
                write("</name>\n")
                writeValue(m.value)
                write("</member>\n")
            }
            write("</struct></value>\n")
        case .nil:
            write("<value><nil/></value>")
        }
    }

    mutating func writeDecimal(_ v: Int) {
        if v >= 0 && v < 10 {
            out.append(UInt8(ascii: "0") + UInt8(v))
            return
        }
        var buffer: (UInt64, UInt64, UInt64) = (0, 0, 0)  // 24 bytes: enough for "-9223372036854775808"
        withUnsafeMutableBytes(of: &buffer) { raw in
            var i = raw.count
            var m = v.magnitude
            repeat {
                i -= 1
                raw[i] = UInt8(ascii: "0") + UInt8(m % 10)
                m /= 10
            } while m > 0
            if v < 0 {
                i -= 1
                raw[i] = UInt8(ascii: "-")
            }
            out.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw[i...]))
        }
    }

    /// Appends `string` with `&`, `<`, `>` escaped as Python's `xmlrpc.client.escape` does, and every character XML
    /// cannot carry replaced by U+FFFD.
    mutating func writeEscaped(_ string: String) {
        var string = string
        string.withUTF8 { bytes in
            var runStart = 0
            var i = 0
            let n = bytes.count
            while i < n {
                let b = bytes[i]
                // Only these bytes can need work: '&' 0x26, '<' 0x3C, '>' 0x3E, C0 controls, and 0xEF, which
                // starts U+FFFE / U+FFFF.
                if b >= 0x20 && b != 0x26 && b != 0x3C && b != 0x3E && b != 0xEF {
                    i += 1
                    continue
                }
                var replacement: StaticString? = nil
                var length = 1
                switch b {
                case 0x26: replacement = "&amp;"
                case 0x3C: replacement = "&lt;"
                case 0x3E: replacement = "&gt;"
                case 0x09, 0x0A, 0x0D: break
                case 0xEF:
                    // Valid UTF-8 is guaranteed, so two continuation bytes follow.
                    if bytes[i + 1] == 0xBF && (bytes[i + 2] == 0xBE || bytes[i + 2] == 0xBF) {
                        replacement = "\u{FFFD}"
                    }
                    length = 3
                default: replacement = "\u{FFFD}"  // C0 control
                }
                if let replacement {
                    out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<i]))
                    write(replacement)
                    runStart = i + length
                }
                i += length
            }
            out.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<n]))
        }
    }
}
