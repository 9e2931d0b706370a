/// HTTP Basic authentication for one server section, as Supervisor's `supervisor_auth_handler` does it
/// (supervisor/http.py, supervisor/medusa/auth_handler.py; rpc.md §1 "Authentication").
///
/// - The first `Authorization` header of the form `<scheme> <cookie>` counts; the scheme is compared
///   case-insensitively with `basic`.
/// - The cookie is base64-decoded as leniently as Python's `base64.decodebytes` (characters outside the alphabet are
///   skipped), the result must be UTF-8 and is split at the first `:` into user and password.
/// - The user must match exactly. A stored password starting with `{SHA}` is compared with the lowercase hex SHA-1 of
///   the given password, any other stored password with the given one. Comparisons take constant time.
///
/// Supervisor answers 500 when the cookie decodes to something without a colon, and 400 when it is not base64 or not
/// UTF-8. We answer 401 in all those cases (improvements.md, "Authorization header that is empty, not base64, or has
/// no colon"), so the result here is a plain yes or no.
struct BasicAuthenticator: Sendable {
    let username: String
    let password: String

    /// Whether the request's `Authorization` headers grant access.
    /// - Parameter authorizationHeaders: the values of every `Authorization` header, in order.
    func authorize(_ authorizationHeaders: [String]) -> Bool {
        // Medusa takes the first header line matching `Authorization: ([^ ]+) (.*)`; a value without a space
        // (e.g. a bare `Basic`) does not match and counts as no header at all.
        guard let value = authorizationHeaders.first(where: { $0.contains(" ") }) else { return false }
        let space = value.firstIndex(of: " ")!
        let scheme = value[..<space]
        let cookie = value[value.index(after: space)...]
        guard !scheme.isEmpty, scheme.lowercased() == "basic" else { return false }
        guard let decoded = Self.decodeBase64Leniently(Array(cookie.utf8)),
            let text = String(validating: decoded, as: UTF8.self),
            let colon = text.firstIndex(of: ":")
        else { return false }
        let user = String(text[..<colon])
        let given = String(text[text.index(after: colon)...])

        let userMatches = Self.constantTimeEqual(Array(user.utf8), Array(username.utf8))
        let passwordMatches: Bool
        if password.hasPrefix("{SHA}") {
            passwordMatches = Self.constantTimeEqual(
                Array(SHA1.hexDigest(given).utf8), Array(password.utf8.dropFirst(5)))
        } else {
            passwordMatches = Self.constantTimeEqual(Array(given.utf8), Array(password.utf8))
        }
        return userMatches && passwordMatches
    }

    /// Compares two byte strings in time that depends only on their lengths.
    static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        var difference = UInt(truncatingIfNeeded: a.count ^ b.count)
        for i in 0..<max(a.count, b.count) {
            let x = i < a.count ? a[i] : 0
            let y = i < b.count ? b[i] : 0
            difference |= UInt(x ^ y)
        }
        return difference == 0
    }

    /// Base64 decoding with the leniency of CPython's non-strict `binascii.a2b_base64`: bytes outside the alphabet
    /// are skipped, decoding stops at a complete padding sequence, and a dangling partial quantum is an error.
    /// - Returns: the bytes, or nil where Python raises `binascii.Error`.
    static func decodeBase64Leniently(_ input: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        var quadPosition = 0
        var leftChar: UInt32 = 0
        var pads = 0
        for c in input {
            if c == UInt8(ascii: "=") {
                pads += 1
                if quadPosition >= 2 && quadPosition + pads >= 4 { return output }
                continue
            }
            guard let value = sextet(c) else { continue }
            pads = 0
            switch quadPosition {
            case 0:
                leftChar = value
                quadPosition = 1
            case 1:
                output.append(UInt8(truncatingIfNeeded: (leftChar << 2) | (value >> 4)))
                leftChar = value & 0x0F
                quadPosition = 2
            case 2:
                output.append(UInt8(truncatingIfNeeded: (leftChar << 4) | (value >> 2)))
                leftChar = value & 0x03
                quadPosition = 3
            default:
                output.append(UInt8(truncatingIfNeeded: (leftChar << 6) | value))
                quadPosition = 0
            }
        }
        return quadPosition == 0 ? output : nil
    }

    private static func sextet(_ c: UInt8) -> UInt32? {
        switch c {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"): UInt32(c - UInt8(ascii: "A"))
        case UInt8(ascii: "a")...UInt8(ascii: "z"): UInt32(c - UInt8(ascii: "a") + 26)
        case UInt8(ascii: "0")...UInt8(ascii: "9"): UInt32(c - UInt8(ascii: "0") + 52)
        case UInt8(ascii: "+"): 62
        case UInt8(ascii: "/"): 63
        default: nil
        }
    }
}
