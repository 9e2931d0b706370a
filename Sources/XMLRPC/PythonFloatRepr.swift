/// Formats a `Double` exactly as Python's `repr(float)` does, which is what `xmlrpc.client` writes in `<double>`.
///
/// Both Swift's `description` and Python's `repr` print the shortest digit string that reads back to the same
/// double, so the digits are taken from Swift and only the layout is redone. Python's layout
/// (`format_float_short` in CPython's `pystrtod.c`): with the value written as `0.DIGITS × 10^decpt`, fixed notation
/// when `-4 < decpt <= 16`, otherwise `D.DDDe±XX` with at least two exponent digits; `inf`, `-inf`, `nan`.
enum PythonFloatRepr {
    static func string(_ value: Double) -> String {
        if value.isNaN { return "nan" }
        if value.isInfinite { return value < 0 ? "-inf" : "inf" }
        if value == 0 { return value.sign == .minus ? "-0.0" : "0.0" }

        // Split Swift's shortest representation into digits and a decimal exponent.
        var digits: [UInt8] = []
        var pointPosition = 0       // digits before the '.' in Swift's text
        var exponent = 0
        var seenPoint = false
        var text = Array(value.magnitude.description.utf8)[...]
        if let e = text.firstIndex(of: UInt8(ascii: "e")) {
            exponent = Int(String(decoding: text[(e + 1)...], as: UTF8.self)) ?? 0
            text = text[..<e]
        }
        for c in text {
            if c == UInt8(ascii: ".") { seenPoint = true; continue }
            digits.append(c)
            if !seenPoint { pointPosition += 1 }
        }
        var decpt = pointPosition + exponent
        // Normalise: no leading zeros (each one moves the point), no trailing zeros.
        var lead = 0
        while lead < digits.count - 1 && digits[lead] == UInt8(ascii: "0") { lead += 1 }
        digits.removeFirst(lead)
        decpt -= lead
        while digits.count > 1 && digits.last == UInt8(ascii: "0") { digits.removeLast() }

        var out: [UInt8] = value.sign == .minus ? [UInt8(ascii: "-")] : []
        let n = digits.count
        if decpt > -4 && decpt <= 16 {
            if decpt <= 0 {
                out += Array("0.".utf8) + Array(repeating: UInt8(ascii: "0"), count: -decpt) + digits
            } else if decpt >= n {
                out += digits + Array(repeating: UInt8(ascii: "0"), count: decpt - n) + Array(".0".utf8)
            } else {
                out += digits[..<decpt] + [UInt8(ascii: ".")] + digits[decpt...]
            }
        } else {
            out.append(digits[0])
            if n > 1 { out += [UInt8(ascii: ".")] + digits[1...] }
            let e = decpt - 1
            out += Array((e < 0 ? "e-" : "e+").utf8)
            let magnitude = String(abs(e))
            if magnitude.count < 2 { out.append(UInt8(ascii: "0")) }
            out += Array(magnitude.utf8)
        }
        return String(decoding: out, as: UTF8.self)
    }
}
