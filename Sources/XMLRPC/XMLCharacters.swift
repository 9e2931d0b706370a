/// Which characters XML 1.0 can carry, and repairing strings that hold others.
enum XMLCharacters {
    /// The replacement character U+FFFD in UTF-8.
    static let replacementUTF8: [UInt8] = [0xEF, 0xBF, 0xBD]

    /// True if XML 1.0's `Char` production allows `value` (surrogates never reach here from a Swift string).
    @inline(__always)
    static func isAllowed(_ value: UInt32) -> Bool {
        if value < 0x20 { return value == 0x09 || value == 0x0A || value == 0x0D }
        if value >= 0xD800 && value <= 0xDFFF { return false }
        if value == 0xFFFE || value == 0xFFFF { return false }
        return value <= 0x10FFFF
    }

    /// `string` with every character XML cannot carry replaced by U+FFFD; returns `string` itself when clean.
    static func replacingForbidden(in string: String) -> String {
        guard string.unicodeScalars.contains(where: { !isAllowed($0.value) }) else { return string }
        var scalars = String.UnicodeScalarView()
        for scalar in string.unicodeScalars {
            scalars.append(isAllowed(scalar.value) ? scalar : "\u{FFFD}")
        }
        return String(scalars)
    }
}
