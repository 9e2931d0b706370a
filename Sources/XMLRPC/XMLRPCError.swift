/// A malformed or unsupported XML-RPC payload.
///
/// Every error names what is wrong (`kind`) and where: `offset` is the byte offset into the body that was being
/// decoded, counted from 0, so a log line can point at the exact spot. The HTTP layer answers a request that fails to
/// decode with HTTP 400, as Supervisor does (spec `rpc.md` §2), never with a fault.
///
/// This is a struct around a public enum rather than an enum with an offset in every case, so that `offset` is
/// uniform and cheap to read; nothing is hidden behind it.
public struct XMLRPCError: Error, Equatable, Sendable, CustomStringConvertible {
    /// What is wrong with the payload.
    public enum Kind: Equatable, Sendable {
        /// A byte sequence that is not well-formed UTF-8 (overlong, surrogate, truncated, above U+10FFFF).
        case invalidUTF8
        /// A character XML 1.0 cannot carry (C0 controls other than tab, LF and CR; U+FFFE; U+FFFF), raw or as a
        /// character reference. The payload is the code point.
        case forbiddenCharacter(UInt32)
        /// The body ended in the middle of a construct.
        case unexpectedEnd
        /// Markup that is not well-formed; the payload says what was expected.
        case malformedMarkup(String)
        /// A `<!DOCTYPE`. Document type declarations, and with them entity declarations, are refused outright, so
        /// entity expansion (XXE, "billion laughs") cannot happen.
        case doctypeNotAllowed
        /// An entity reference other than the five predefined ones (`amp`, `lt`, `gt`, `quot`, `apos`).
        case undefinedEntity(String)
        /// A numeric character reference that is malformed or out of Unicode's range.
        case invalidCharacterReference(String)
        /// An XML declaration naming an encoding other than UTF-8 (or its ASCII subset).
        case unsupportedEncoding(String)
        /// An attribute on an element; XML-RPC uses none.
        case attributesNotAllowed(element: String)
        /// An element that is not part of XML-RPC.
        case unknownElement(String)
        /// A known element in a place where it is not allowed.
        case unexpectedElement(found: String, expected: String)
        /// An end tag that does not close the open element.
        case mismatchedTag(expected: String, found: String)
        /// Non-whitespace text where only elements may appear.
        case unexpectedText
        /// Arrays and structs nested deeper than `limit`.
        case nestingTooDeep(limit: Int)
        /// An `<int>`, `<i4>` or `<i8>` whose text is not a decimal integer.
        case invalidInt(String)
        /// An integer that does not fit in `Int` (64 bits).
        case integerOutOfRange(String)
        /// A `<double>` whose text is not a decimal floating-point number, `inf` or `nan`.
        case invalidDouble(String)
        /// A `<dateTime.iso8601>` whose text is not `YYYYMMDDTHH:MM:SS`.
        case invalidDateTime(String)
        /// A `<base64>` with characters outside the alphabet or wrong padding.
        case invalidBase64
        /// A `<methodCall>` without `<methodName>`, or with an empty one.
        case missingMethodName
        /// A `<methodResponse>` whose `<params>` does not hold exactly one `<param>`; the payload is the count.
        case wrongParamCount(Int)
        /// A `<fault>` that is not a struct with an int `faultCode` and a string `faultString`.
        case invalidFault(String)
        /// Something other than whitespace, comments or processing instructions after the root element.
        case trailingContent
    }

    /// What is wrong.
    public let kind: Kind
    /// Byte offset into the decoded body where the problem was found.
    public let offset: Int

    /// Creates an error of `kind` at byte `offset`.
    public init(_ kind: Kind, at offset: Int) {
        self.kind = kind
        self.offset = offset
    }

    public var description: String {
        let what: String
        switch kind {
        case .invalidUTF8: what = "invalid UTF-8"
        case .forbiddenCharacter(let c): what = "character U+\(hex4(c)) is not allowed in XML"
        case .unexpectedEnd: what = "unexpected end of body"
        case .malformedMarkup(let detail): what = "malformed XML: \(detail)"
        case .doctypeNotAllowed: what = "DOCTYPE declarations are not allowed"
        case .undefinedEntity(let name): what = "undefined entity &\(name);"
        case .invalidCharacterReference(let text): what = "invalid character reference &\(text);"
        case .unsupportedEncoding(let name): what = "unsupported encoding '\(name)'"
        case .attributesNotAllowed(let element): what = "attributes are not allowed on <\(element)>"
        case .unknownElement(let name): what = "unknown element <\(name)>"
        case .unexpectedElement(let found, let expected): what = "unexpected <\(found)>, expected \(expected)"
        case .mismatchedTag(let expected, let found): what = "mismatched tag </\(found)>, expected </\(expected)>"
        case .unexpectedText: what = "unexpected text between elements"
        case .nestingTooDeep(let limit): what = "arrays and structs nested deeper than \(limit)"
        case .invalidInt(let text): what = "invalid integer '\(text)'"
        case .integerOutOfRange(let text): what = "integer out of range '\(text)'"
        case .invalidDouble(let text): what = "invalid double '\(text)'"
        case .invalidDateTime(let text): what = "invalid dateTime.iso8601 '\(text)'"
        case .invalidBase64: what = "invalid base64"
        case .missingMethodName: what = "missing or empty methodName"
        case .wrongParamCount(let n): what = "methodResponse must carry exactly one param, found \(n)"
        case .invalidFault(let detail): what = "invalid fault: \(detail)"
        case .trailingContent: what = "content after the root element"
        }
        return "XML-RPC: \(what) at byte \(offset)"
    }
}

private func hex4(_ value: UInt32) -> String {
    let digits = String(value, radix: 16, uppercase: true)
    return digits.count >= 4 ? digits : String(repeating: "0", count: 4 - digits.count) + digits
}
