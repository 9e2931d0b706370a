/// The characters Python's `\s` matches in a `str` pattern (the same set as
/// `str.isspace()`), listed from Python 3.11 with
/// `[c for c in range(0x110000) if re.match(r'\s', chr(c))]`.
enum PythonWhitespace {
    static func contains(_ codePoint: UInt32) -> Bool {
        switch codePoint {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
            0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }
}
