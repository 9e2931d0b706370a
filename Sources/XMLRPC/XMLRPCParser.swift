/// A byte-level pull parser for the XML subset XML-RPC uses, turning a body into requests, responses and values.
///
/// What it accepts is what Python's `xmlrpc.client` and Supervisor's own request parser accept from well-behaved
/// peers (checked against expat with Python 3.11): an optional UTF-8 BOM and `<?xml …?>` declaration, whitespace,
/// comments and processing instructions between elements, CDATA sections and comments inside text, the five
/// predefined entities and numeric character references, `\r\n` and `\r` in text read as `\n` (XML end-of-line
/// handling), untyped `<value>text</value>` as a string, and empty-element forms such as `<value/>`, `<string/>`,
/// `<params/>` and `<data/>`.
///
/// What it refuses, with an ``XMLRPCError`` naming the byte offset: any `<!DOCTYPE` (so there are no entity
/// declarations and nothing is ever expanded), attributes, elements outside XML-RPC, mismatched tags, text mixed
/// with elements, bytes that are not UTF-8 or characters XML 1.0 forbids, arrays and structs nested deeper than
/// ``maxDepth``, and integers that do not fit in `Int`.
///
/// Every loop advances through the input and recursion is bounded by ``maxDepth``, so any input returns or throws
/// in time linear in its length.
struct XMLRPCParser {
    /// Deepest nesting of arrays and structs accepted.
    static let maxDepth = 64

    private let bytes: UnsafeBufferPointer<UInt8>
    private var pos = 0

    init(_ bytes: UnsafeBufferPointer<UInt8>) {
        self.bytes = bytes
    }

    // MARK: - Documents

    /// Parses a complete `<methodCall>` body.
    mutating func parseRequest() throws(XMLRPCError) -> XMLRPCRequest {
        try parseProlog()
        let root = try readRootTag(.methodCall)
        guard root.kind == .start else { throw XMLRPCError(.missingMethodName, at: root.offset) }

        var tag = try nextTag()
        guard tag.kind != .end || tag.name != .methodCall else { throw XMLRPCError(.missingMethodName, at: tag.offset) }
        try expectStart(tag, .methodName, "<methodName>")
        let methodName = tag.kind == .empty ? "" : try textThenEnd(.methodName).string(bytes)
        guard !methodName.isEmpty else { throw XMLRPCError(.missingMethodName, at: tag.offset) }

        var params: [XMLRPCValue] = []
        tag = try nextTag()
        if tag.kind != .end {
            try expectStart(tag, .params, "<params> or </methodCall>")
            if tag.kind == .start { params = try parseParams() }
            tag = try nextTag()
        }
        try expectEnd(tag, .methodCall)
        try parseEpilog()
        return XMLRPCRequest(methodName: methodName, params: params)
    }

    /// Parses a complete `<methodResponse>` body.
    mutating func parseResponse() throws(XMLRPCError) -> XMLRPCResponse {
        try parseProlog()
        let root = try readRootTag(.methodResponse)
        guard root.kind == .start else { throw XMLRPCError(.wrongParamCount(0), at: root.offset) }

        var tag = try nextTag()
        let response: XMLRPCResponse
        switch (tag.kind, tag.name) {
        case (.start, .params), (.empty, .params):
            let params = tag.kind == .start ? try parseParams() : []
            guard params.count == 1 else { throw XMLRPCError(.wrongParamCount(params.count), at: tag.offset) }
            response = .success(params[0])
        case (.start, .fault):
            let valueTag = try nextTag()
            try expectStart(valueTag, .value, "<value>")
            let value = try parseValue(valueTag, depth: 0)
            guard case .struct = value,
                  let code = value["faultCode"], let string = value["faultString"]
            else { throw XMLRPCError(.invalidFault("missing faultCode or faultString"), at: valueTag.offset) }
            guard case .int(let c) = code else {
                throw XMLRPCError(.invalidFault("faultCode is not an int"), at: valueTag.offset)
            }
            guard case .string(let s) = string else {
                throw XMLRPCError(.invalidFault("faultString is not a string"), at: valueTag.offset)
            }
            try expectEnd(try nextTag(), .fault)
            response = .fault(code: c, string: s)
        default:
            throw unexpected(tag, expected: "<params> or <fault>")
        }
        tag = try nextTag()
        try expectEnd(tag, .methodResponse)
        try parseEpilog()
        return response
    }

    /// Parses the inside of `<params>` up to and including `</params>`.
    private mutating func parseParams() throws(XMLRPCError) -> [XMLRPCValue] {
        var params: [XMLRPCValue] = []
        while true {
            var tag = try nextTag()
            if tag.kind == .end {
                try expectEnd(tag, .params)
                return params
            }
            guard tag.kind == .start, tag.name == .param else { throw unexpected(tag, expected: "<param>") }
            tag = try nextTag()
            try expectStart(tag, .value, "<value>")
            params.append(try parseValue(tag, depth: 0))
            try expectEnd(try nextTag(), .param)
        }
    }

    // MARK: - Values

    /// Parses a value whose `<value>` or `<value/>` tag has just been read.
    private mutating func parseValue(_ open: Tag, depth: Int) throws(XMLRPCError) -> XMLRPCValue {
        if open.kind == .empty { return .string("") }
        let textOffset = pos
        let text = try readContent()
        let tag = try readTag()
        if tag.kind == .end {
            try expectEnd(tag, .value)
            return .string(text.string(bytes))
        }
        // A typed value: only whitespace may surround the type element.
        guard text.isWhitespace(bytes) else { throw XMLRPCError(.unexpectedText, at: textOffset) }
        let value = try parseTyped(tag, depth: depth)
        try expectEnd(try nextTag(), .value)
        return value
    }

    /// Parses a type element (`<int>`, `<struct>`, …) whose start tag has just been read.
    private mutating func parseTyped(_ tag: Tag, depth: Int) throws(XMLRPCError) -> XMLRPCValue {
        let empty = tag.kind == .empty
        switch tag.name {
        case .int, .i4, .i8:
            let text: TextContent = empty ? .slice(pos..<pos) : try textThenEnd(tag.name)
            return .int(try parseInt(text, at: tag.offset))
        case .boolean:
            // Supervisor's request parser: exactly "1" is true, anything else false (spec rpc.md §2).
            guard !empty else { return .bool(false) }
            let text = try textThenEnd(.boolean)
            return .bool(text.withBytes(bytes) { $0.count == 1 && $0[0] == UInt8(ascii: "1") })
        case .string:
            return .string(empty ? "" : try textThenEnd(.string).string(bytes))
        case .double:
            let text: TextContent = empty ? .slice(pos..<pos) : try textThenEnd(.double)
            return .double(try parseDouble(text, at: tag.offset))
        case .dateTime:
            let text: TextContent = empty ? .slice(pos..<pos) : try textThenEnd(.dateTime)
            let trimmed = text.withBytes(bytes) { String(decoding: trimmingWhitespace($0), as: UTF8.self) }
            guard XMLRPCDateTime(iso8601: trimmed) != nil else {
                throw XMLRPCError(.invalidDateTime(clip(trimmed)), at: tag.offset)
            }
            return .dateTime(trimmed)
        case .base64:
            guard !empty else { return .base64([]) }
            let text = try textThenEnd(.base64)
            guard let decoded = text.withBytes(bytes, Base64.decode) else {
                throw XMLRPCError(.invalidBase64, at: tag.offset)
            }
            return .base64(decoded)
        case .nil:
            if !empty {
                let textOffset = pos
                guard try textThenEnd(.nil).isWhitespace(bytes) else {
                    throw XMLRPCError(.unexpectedText, at: textOffset)
                }
            }
            return .nil
        case .array:
            guard depth < Self.maxDepth else {
                throw XMLRPCError(.nestingTooDeep(limit: Self.maxDepth), at: tag.offset)
            }
            // Python's client reads <array/> and <array></array> as []; accept them too.
            guard !empty else { return .array([]) }
            var elements: [XMLRPCValue] = []
            var next = try nextTag()
            if next.kind == .end {
                try expectEnd(next, .array)
                return .array([])
            }
            try expectStart(next, .data, "<data>")
            if next.kind == .start {
                while true {
                    next = try nextTag()
                    if next.kind == .end {
                        try expectEnd(next, .data)
                        break
                    }
                    try expectStart(next, .value, "<value> or </data>")
                    elements.append(try parseValue(next, depth: depth + 1))
                }
            }
            try expectEnd(try nextTag(), .array)
            return .array(elements)
        case .struct:
            guard depth < Self.maxDepth else {
                throw XMLRPCError(.nestingTooDeep(limit: Self.maxDepth), at: tag.offset)
            }
            guard !empty else { return .struct([]) }
            var members = StructBuilder()
            while true {
                var next = try nextTag()
                if next.kind == .end {
                    try expectEnd(next, .struct)
                    return .struct(members.members)
                }
                guard next.kind == .start, next.name == .member else { throw unexpected(next, expected: "<member>") }
                next = try nextTag()
                try expectStart(next, .name, "<name>")
                let name = next.kind == .empty ? "" : try textThenEnd(.name).string(bytes)
                next = try nextTag()
                try expectStart(next, .value, "<value>")
                let value = try parseValue(next, depth: depth + 1)
                members.add(name, value)
                try expectEnd(try nextTag(), .member)
            }
        default:
            throw unexpected(tag, expected: "a type element such as <string>")
        }
    }

    private func parseInt(_ text: TextContent, at offset: Int) throws(XMLRPCError) -> Int {
        try text.withBytes(bytes) { (raw) throws(XMLRPCError) -> Int in
            // Python's int(): surrounding whitespace, a sign, ASCII digits, single underscores between digits.
            let t = trimmingWhitespace(raw)
            var i = 0
            var negative = false
            if i < t.count && (t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-")) {
                negative = t[i] == UInt8(ascii: "-")
                i += 1
            }
            var value = 0
            var digits = 0
            var previousWasDigit = false
            var overflow = false
            while i < t.count {
                let c = t[i]
                if c == UInt8(ascii: "_") && previousWasDigit && i + 1 < t.count {
                    previousWasDigit = false
                    i += 1
                    continue
                }
                let d = c &- UInt8(ascii: "0")
                guard d < 10 else { throw XMLRPCError(.invalidInt(clip(t)), at: offset) }
                // Accumulate negatively so that Int.min fits.
                let (m, o1) = value.multipliedReportingOverflow(by: 10)
                let (s, o2) = m.subtractingReportingOverflow(Int(d))
                overflow = overflow || o1 || o2
                value = s
                digits += 1
                previousWasDigit = true
                i += 1
            }
            guard digits > 0, previousWasDigit else { throw XMLRPCError(.invalidInt(clip(t)), at: offset) }
            if overflow { throw XMLRPCError(.integerOutOfRange(clip(t)), at: offset) }
            if negative { return value }
            guard value != Int.min else { throw XMLRPCError(.integerOutOfRange(clip(t)), at: offset) }
            return -value
        }
    }

    private func parseDouble(_ text: TextContent, at offset: Int) throws(XMLRPCError) -> Double {
        try text.withBytes(bytes) { (raw) throws(XMLRPCError) -> Double in
            let t = trimmingWhitespace(raw)
            let string = String(decoding: t, as: UTF8.self)
            // Python's float() grammar: decimal with optional exponent, or inf / infinity / nan. Swift's Double(_:)
            // also takes hex floats and "nan(…)", which Python refuses, so the grammar is checked first.
            var i = 0
            if i < t.count && (t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-")) { i += 1 }
            let word = String(decoding: t[i...], as: UTF8.self).lowercased()
            if word == "inf" || word == "infinity" || word == "nan" {
                let negative = i > 0 && t[0] == UInt8(ascii: "-")
                if word == "nan" { return .nan }
                return negative ? -.infinity : .infinity
            }
            var mantissaDigits = 0
            while i < t.count, t[i] &- UInt8(ascii: "0") < 10 { i += 1; mantissaDigits += 1 }
            if i < t.count && t[i] == UInt8(ascii: ".") {
                i += 1
                while i < t.count, t[i] &- UInt8(ascii: "0") < 10 { i += 1; mantissaDigits += 1 }
            }
            var valid = mantissaDigits > 0
            if valid && i < t.count && (t[i] == UInt8(ascii: "e") || t[i] == UInt8(ascii: "E")) {
                i += 1
                if i < t.count && (t[i] == UInt8(ascii: "+") || t[i] == UInt8(ascii: "-")) { i += 1 }
                var exponentDigits = 0
                while i < t.count, t[i] &- UInt8(ascii: "0") < 10 { i += 1; exponentDigits += 1 }
                valid = exponentDigits > 0
            }
            guard valid, i == t.count, let value = Double(string) else {
                throw XMLRPCError(.invalidDouble(clip(t)), at: offset)
            }
            return value
        }
    }

    // MARK: - Prolog and epilog

    private mutating func parseProlog() throws(XMLRPCError) {
        try Self.validateCharacters(bytes)
        if hasPrefix([0xEF, 0xBB, 0xBF]) { pos = 3 }
        if hasPrefix(Array("<?xml".utf8)), pos + 5 < bytes.count, isSpace(bytes[pos + 5]) {
            try parseXMLDeclaration()
        }
        try skipMisc()
    }

    /// Reads `<?xml version='1.0' encoding='…' standalone='…'?>`.
    private mutating func parseXMLDeclaration() throws(XMLRPCError) {
        let declStart = pos
        pos += 5
        var sawVersion = false
        while true {
            let hadSpace = skipSpaces()
            guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
            if bytes[pos] == UInt8(ascii: "?") {
                guard pos + 1 < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
                guard bytes[pos + 1] == UInt8(ascii: ">") else {
                    throw XMLRPCError(.malformedMarkup("'?>' to end the XML declaration"), at: pos)
                }
                pos += 2
                guard sawVersion else {
                    throw XMLRPCError(.malformedMarkup("version in the XML declaration"), at: declStart)
                }
                return
            }
            guard hadSpace else { throw XMLRPCError(.malformedMarkup("space in the XML declaration"), at: pos) }
            let nameStart = pos
            while pos < bytes.count, bytes[pos] &- UInt8(ascii: "a") < 26 { pos += 1 }
            let name = String(decoding: UnsafeBufferPointer(rebasing: bytes[nameStart..<pos]), as: UTF8.self)
            _ = skipSpaces()
            guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
            guard bytes[pos] == UInt8(ascii: "=") else {
                throw XMLRPCError(.malformedMarkup("'=' in the XML declaration"), at: pos)
            }
            pos += 1
            _ = skipSpaces()
            guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
            let quote = bytes[pos]
            guard quote == UInt8(ascii: "'") || quote == UInt8(ascii: "\"") else {
                throw XMLRPCError(.malformedMarkup("a quoted value in the XML declaration"), at: pos)
            }
            pos += 1
            let valueStart = pos
            while pos < bytes.count, bytes[pos] != quote, bytes[pos] != UInt8(ascii: "<") { pos += 1 }
            guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
            guard bytes[pos] == quote else {
                throw XMLRPCError(.malformedMarkup("a closing quote in the XML declaration"), at: pos)
            }
            let value = String(decoding: UnsafeBufferPointer(rebasing: bytes[valueStart..<pos]), as: UTF8.self)
            pos += 1
            switch name {
            case "version" where !sawVersion && value.hasPrefix("1.") && value.count > 2
                && value.utf8.dropFirst(2).allSatisfy({ $0 &- UInt8(ascii: "0") < 10 }):
                sawVersion = true
            case "encoding" where sawVersion:
                // US-ASCII is a subset of UTF-8; anything else would need transcoding.
                guard ["utf-8", "utf8", "us-ascii", "ascii"].contains(value.lowercased()) else {
                    throw XMLRPCError(.unsupportedEncoding(clip(value)), at: valueStart)
                }
            case "standalone" where sawVersion && (value == "yes" || value == "no"):
                break
            default:
                throw XMLRPCError(.malformedMarkup("'\(clip(name))' in the XML declaration"), at: nameStart)
            }
        }
    }

    /// Skips whitespace, comments and processing instructions outside the root element.
    private mutating func skipMisc() throws(XMLRPCError) {
        while true {
            _ = skipSpaces()
            guard pos < bytes.count, bytes[pos] == UInt8(ascii: "<") else { return }
            guard try skipCommentOrPI() else { return }
        }
    }

    /// Reads the root element's start tag and checks its name.
    private mutating func readRootTag(_ name: ElementName) throws(XMLRPCError) -> Tag {
        guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
        guard bytes[pos] == UInt8(ascii: "<") else { throw XMLRPCError(.unexpectedText, at: pos) }
        let tag = try readTag()
        guard tag.kind != .end, tag.name == name else { throw unexpected(tag, expected: "<\(name.text)>") }
        return tag
    }

    private mutating func parseEpilog() throws(XMLRPCError) {
        try skipMisc()
        guard pos == bytes.count else { throw XMLRPCError(.trailingContent, at: pos) }
    }

    // MARK: - Markup

    /// One start, empty-element or end tag.
    struct Tag {
        enum Kind { case start, empty, end }
        var kind: Kind
        var name: ElementName
        /// Offset of its `<`.
        var offset: Int
    }

    /// Reads the tag at `pos`, which holds `<` not followed by `!` or `?`.
    private mutating func readTag() throws(XMLRPCError) -> Tag {
        let offset = pos
        pos += 1
        guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
        let isEnd = bytes[pos] == UInt8(ascii: "/")
        if isEnd { pos += 1 }
        let nameStart = pos
        while pos < bytes.count {
            let c = bytes[pos]
            if isSpace(c) || c == UInt8(ascii: "/") || c == UInt8(ascii: ">") || c == UInt8(ascii: "<")
                || c == UInt8(ascii: "=") || c == UInt8(ascii: "&") || c == UInt8(ascii: "\"")
                || c == UInt8(ascii: "'") { break }
            pos += 1
        }
        guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
        let nameBytes = UnsafeBufferPointer(rebasing: bytes[nameStart..<pos])
        guard !nameBytes.isEmpty else { throw XMLRPCError(.malformedMarkup("an element name"), at: nameStart) }
        guard let name = ElementName(nameBytes) else {
            throw XMLRPCError(.unknownElement(clip(nameBytes)), at: offset)
        }
        _ = skipSpaces()
        guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
        let c = bytes[pos]
        if c == UInt8(ascii: ">") {
            pos += 1
            return Tag(kind: isEnd ? .end : .start, name: name, offset: offset)
        }
        if c == UInt8(ascii: "/") && !isEnd {
            pos += 1
            guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
            guard bytes[pos] == UInt8(ascii: ">") else { throw XMLRPCError(.malformedMarkup("'>' after '/'"), at: pos) }
            pos += 1
            return Tag(kind: .empty, name: name, offset: offset)
        }
        if !isEnd && !(c == UInt8(ascii: "<") || c == UInt8(ascii: "=") || c == UInt8(ascii: "&")
                       || c == UInt8(ascii: "\"") || c == UInt8(ascii: "'")) {
            throw XMLRPCError(.attributesNotAllowed(element: name.text), at: pos)
        }
        throw XMLRPCError(.malformedMarkup("'>' to end the tag <\(isEnd ? "/" : "")\(name.text)>"), at: pos)
    }

    /// At `<`: skips a comment or processing instruction and returns true; returns false for a tag; throws for a
    /// DOCTYPE, a misplaced XML declaration or other `<!` markup.
    private mutating func skipCommentOrPI() throws(XMLRPCError) -> Bool {
        guard pos + 1 < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos + 1) }
        let start = pos
        switch bytes[pos + 1] {
        case UInt8(ascii: "!"):
            if hasPrefix(Array("<!--".utf8)) {
                pos += 4
                while true {
                    guard pos + 1 < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: bytes.count) }
                    if bytes[pos] == UInt8(ascii: "-") && bytes[pos + 1] == UInt8(ascii: "-") {
                        guard pos + 2 < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: bytes.count) }
                        guard bytes[pos + 2] == UInt8(ascii: ">") else {
                            throw XMLRPCError(.malformedMarkup("'--' inside a comment"), at: pos)
                        }
                        pos += 3
                        return true
                    }
                    pos += 1
                }
            }
            if hasPrefix(Array("<!DOCTYPE".utf8)) { throw XMLRPCError(.doctypeNotAllowed, at: start) }
            throw XMLRPCError(.malformedMarkup("a comment or an element"), at: start)
        case UInt8(ascii: "?"):
            pos += 2
            let targetStart = pos
            // The target is an XML name followed by whitespace or "?>". Only ASCII names are accepted: expat's
            // rules for non-ASCII name characters are tables we do not need, and no XML-RPC peer sends them.
            while pos < bytes.count, isNameByte(bytes[pos], first: pos == targetStart) { pos += 1 }
            let target = UnsafeBufferPointer(rebasing: bytes[targetStart..<pos])
            guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
            guard !target.isEmpty, isSpace(bytes[pos]) || bytes[pos] == UInt8(ascii: "?") else {
                throw XMLRPCError(.malformedMarkup("a processing instruction target"), at: targetStart)
            }
            if target.count == 3 && (target[0] | 0x20) == UInt8(ascii: "x") && (target[1] | 0x20) == UInt8(ascii: "m")
                && (target[2] | 0x20) == UInt8(ascii: "l") {
                throw XMLRPCError(.malformedMarkup("XML declaration not at the start"), at: start)
            }
            while true {
                guard pos + 1 < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: bytes.count) }
                if bytes[pos] == UInt8(ascii: "?") && bytes[pos + 1] == UInt8(ascii: ">") {
                    pos += 2
                    return true
                }
                pos += 1
            }
        default:
            return false
        }
    }

    // MARK: - Text

    /// Character data: a range of the input when it needed no decoding, or the decoded bytes.
    enum TextContent {
        case slice(Range<Int>)
        case owned([UInt8])

        func withBytes<R, E: Error>(
            _ input: UnsafeBufferPointer<UInt8>, _ body: (UnsafeBufferPointer<UInt8>) throws(E) -> R
        ) throws(E) -> R {
            switch self {
            case .slice(let range):
                return try body(UnsafeBufferPointer(rebasing: input[range]))
            case .owned(let array):
                // Array.withUnsafeBufferPointer is not typed-throws in every toolchain; go through Result.
                let result: Result<R, E> = array.withUnsafeBufferPointer { buffer in
                    Result { () throws(E) -> R in try body(buffer) }
                }
                return try result.get()
            }
        }

        /// The text as a `String`; the input was validated as UTF-8, so nothing is replaced.
        func string(_ input: UnsafeBufferPointer<UInt8>) -> String {
            withBytes(input) { String(decoding: $0, as: UTF8.self) }
        }

        func isWhitespace(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
            withBytes(input) { $0.allSatisfy { $0 == 0x20 || $0 == 0x0A || $0 == 0x09 || $0 == 0x0D } }
        }
    }

    /// Reads character data up to the next start or end tag, decoding references, CDATA sections and line ends
    /// and dropping comments and processing instructions. Leaves `pos` at the tag's `<`.
    private mutating func readContent() throws(XMLRPCError) -> TextContent {
        let textStart = pos
        var runStart = pos
        var owned: [UInt8]? = nil
        let n = bytes.count

        while true {
            // The common case: plain text up to a byte that needs attention.
            while pos < n {
                let c = bytes[pos]
                if c == UInt8(ascii: "<") || c == UInt8(ascii: "&") || c == 0x0D || c == UInt8(ascii: "]") { break }
                pos += 1
            }
            guard pos < n else { throw XMLRPCError(.unexpectedEnd, at: n) }
            let c = bytes[pos]
            if c == UInt8(ascii: "]") {
                if pos + 2 < n && bytes[pos + 1] == UInt8(ascii: "]") && bytes[pos + 2] == UInt8(ascii: ">") {
                    throw XMLRPCError(.malformedMarkup("']]>' outside a CDATA section"), at: pos)
                }
                pos += 1
                continue
            }
            if c == UInt8(ascii: "<") && pos + 1 < n && bytes[pos + 1] != UInt8(ascii: "!")
                && bytes[pos + 1] != UInt8(ascii: "?") {
                // A tag ends the text. Hand back the input range when nothing needed decoding.
                guard owned != nil else { return .slice(textStart..<pos) }
                owned!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<pos]))
                return .owned(owned!)
            }
            // Everything else leaves the fast path: keep the text so far, then decode.
            if owned == nil { owned = [] }
            owned!.append(contentsOf: UnsafeBufferPointer(rebasing: bytes[runStart..<pos]))
            switch c {
            case 0x0D:
                // XML end-of-line handling: "\r\n" and a lone "\r" both read as "\n".
                owned!.append(0x0A)
                pos += 1
                if pos < n && bytes[pos] == 0x0A { pos += 1 }
            case UInt8(ascii: "&"):
                try readReference(into: &owned!)
            default:  // "<!" or "<?"
                if hasPrefix(Array("<![CDATA[".utf8)) {
                    pos += 9
                    while true {
                        guard pos + 2 < n else { throw XMLRPCError(.unexpectedEnd, at: n) }
                        let d = bytes[pos]
                        if d == UInt8(ascii: "]") && bytes[pos + 1] == UInt8(ascii: "]")
                            && bytes[pos + 2] == UInt8(ascii: ">") {
                            pos += 3
                            break
                        }
                        if d == 0x0D {
                            owned!.append(0x0A)
                            pos += 1
                            if pos < n && bytes[pos] == 0x0A { pos += 1 }
                            continue
                        }
                        owned!.append(d)
                        pos += 1
                    }
                } else {
                    _ = try skipCommentOrPI()
                }
            }
            runStart = pos
        }
    }

    /// Decodes the entity or character reference at `pos` (at `&`) and appends its UTF-8 bytes.
    private mutating func readReference(into out: inout [UInt8]) throws(XMLRPCError) {
        let start = pos
        pos += 1
        let bodyStart = pos
        // Names and numbers are short; a missing ';' within 32 bytes is an error, not a scan to the end.
        while pos < bytes.count, pos - bodyStart < 32, bytes[pos] != UInt8(ascii: ";") {
            let c = bytes[pos]
            if c == UInt8(ascii: "<") || c == UInt8(ascii: "&") || isSpace(c) { break }
            pos += 1
        }
        guard pos < bytes.count else { throw XMLRPCError(.unexpectedEnd, at: pos) }
        guard bytes[pos] == UInt8(ascii: ";") else {
            throw XMLRPCError(.malformedMarkup("';' to end a reference"), at: start)
        }
        let body = UnsafeBufferPointer(rebasing: bytes[bodyStart..<pos])
        pos += 1
        guard !body.isEmpty else { throw XMLRPCError(.malformedMarkup("a name after '&'"), at: start) }

        if body[0] == UInt8(ascii: "#") {
            var value: UInt32 = 0
            var digits = 0
            let hex = body.count > 1 && body[1] == UInt8(ascii: "x")
            for c in body.dropFirst(hex ? 2 : 1) {
                let d: UInt32
                switch c {
                case UInt8(ascii: "0")...UInt8(ascii: "9"): d = UInt32(c - UInt8(ascii: "0"))
                case UInt8(ascii: "a")...UInt8(ascii: "f") where hex: d = UInt32(c - UInt8(ascii: "a") + 10)
                case UInt8(ascii: "A")...UInt8(ascii: "F") where hex: d = UInt32(c - UInt8(ascii: "A") + 10)
                default: throw XMLRPCError(.invalidCharacterReference(clip(body)), at: start)
                }
                value = value * (hex ? 16 : 10) + d
                digits += 1
                if value > 0x10FFFF { throw XMLRPCError(.invalidCharacterReference(clip(body)), at: start) }
            }
            guard digits > 0 else { throw XMLRPCError(.invalidCharacterReference(clip(body)), at: start) }
            guard XMLCharacters.isAllowed(value), let scalar = Unicode.Scalar(value) else {
                throw XMLRPCError(.forbiddenCharacter(value), at: start)
            }
            out.append(contentsOf: UTF8.encode(scalar)!)
            return
        }
        switch String(decoding: body, as: UTF8.self) {
        case "amp": out.append(UInt8(ascii: "&"))
        case "lt": out.append(UInt8(ascii: "<"))
        case "gt": out.append(UInt8(ascii: ">"))
        case "quot": out.append(UInt8(ascii: "\""))
        case "apos": out.append(UInt8(ascii: "'"))
        default: throw XMLRPCError(.undefinedEntity(clip(body)), at: start)
        }
    }

    // MARK: - Navigation helpers

    /// The next tag, allowing only whitespace, comments and processing instructions before it.
    private mutating func nextTag() throws(XMLRPCError) -> Tag {
        _ = skipSpaces()
        if pos + 1 < bytes.count && bytes[pos] == UInt8(ascii: "<")
            && bytes[pos + 1] != UInt8(ascii: "!") && bytes[pos + 1] != UInt8(ascii: "?") {
            return try readTag()
        }
        let textOffset = pos
        guard try readContent().isWhitespace(bytes) else { throw XMLRPCError(.unexpectedText, at: textOffset) }
        return try readTag()
    }

    /// The text of an element whose start tag was just read, through its end tag.
    private mutating func textThenEnd(_ name: ElementName) throws(XMLRPCError) -> TextContent {
        let text = try readContent()
        let tag = try readTag()
        guard tag.kind == .end else { throw unexpected(tag, expected: "text and </\(name.text)>") }
        try expectEnd(tag, name)
        return text
    }

    private func expectStart(_ tag: Tag, _ name: ElementName, _ expected: String) throws(XMLRPCError) {
        guard tag.kind != .end, tag.name == name else { throw unexpected(tag, expected: expected) }
    }

    private func expectEnd(_ tag: Tag, _ name: ElementName) throws(XMLRPCError) {
        guard tag.kind == .end else { throw unexpected(tag, expected: "</\(name.text)>") }
        guard tag.name == name else {
            throw XMLRPCError(.mismatchedTag(expected: name.text, found: tag.name.text), at: tag.offset)
        }
    }

    private func unexpected(_ tag: Tag, expected: String) -> XMLRPCError {
        if tag.kind == .end {
            return XMLRPCError(.mismatchedTag(expected: expected, found: tag.name.text), at: tag.offset)
        }
        return XMLRPCError(.unexpectedElement(found: tag.name.text, expected: expected), at: tag.offset)
    }

    @inline(__always)
    private func isSpace(_ c: UInt8) -> Bool {
        c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D
    }

    /// Whether `c` may appear in an ASCII XML name.
    @inline(__always)
    private func isNameByte(_ c: UInt8, first: Bool) -> Bool {
        switch c {
        case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "_"),
             UInt8(ascii: ":"):
            return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."):
            return !first
        default:
            return false
        }
    }

    /// Skips XML whitespace; returns whether there was any.
    private mutating func skipSpaces() -> Bool {
        let start = pos
        while pos < bytes.count && isSpace(bytes[pos]) { pos += 1 }
        return pos > start
    }

    private func hasPrefix(_ prefix: [UInt8]) -> Bool {
        guard bytes.count - pos >= prefix.count else { return false }
        for (i, b) in prefix.enumerated() where bytes[pos + i] != b { return false }
        return true
    }

    // MARK: - Character validation

    /// Checks the whole body once: well-formed UTF-8 (no overlongs, surrogates or values above U+10FFFF) and only
    /// characters XML 1.0 allows. After this, any byte range between ASCII delimiters is a valid `String`.
    static func validateCharacters(_ bytes: UnsafeBufferPointer<UInt8>) throws(XMLRPCError) {
        var i = 0
        let n = bytes.count
        while i < n {
            let b0 = bytes[i]
            if b0 < 0x80 {
                if b0 < 0x20 && b0 != 0x09 && b0 != 0x0A && b0 != 0x0D {
                    throw XMLRPCError(.forbiddenCharacter(UInt32(b0)), at: i)
                }
                i += 1
                continue
            }
            let length: Int
            var scalar: UInt32
            var lowest: UInt8 = 0x80
            var highest: UInt8 = 0xBF
            switch b0 {
            case 0xC2...0xDF: length = 2; scalar = UInt32(b0 & 0x1F)
            case 0xE0: length = 3; scalar = 0; lowest = 0xA0
            case 0xE1...0xEC, 0xEE, 0xEF: length = 3; scalar = UInt32(b0 & 0x0F)
            case 0xED: length = 3; scalar = 0x0D; highest = 0x9F  // no surrogates
            case 0xF0: length = 4; scalar = 0; lowest = 0x90
            case 0xF1...0xF3: length = 4; scalar = UInt32(b0 & 0x07)
            case 0xF4: length = 4; scalar = 4; highest = 0x8F
            default: throw XMLRPCError(.invalidUTF8, at: i)
            }
            guard i + length <= n else { throw XMLRPCError(.invalidUTF8, at: i) }
            let b1 = bytes[i + 1]
            guard b1 >= lowest && b1 <= highest else { throw XMLRPCError(.invalidUTF8, at: i) }
            scalar = scalar << 6 | UInt32(b1 & 0x3F)
            for k in 2..<max(length, 2) {
                let b = bytes[i + k]
                guard b & 0xC0 == 0x80 else { throw XMLRPCError(.invalidUTF8, at: i) }
                scalar = scalar << 6 | UInt32(b & 0x3F)
            }
            if scalar == 0xFFFE || scalar == 0xFFFF { throw XMLRPCError(.forbiddenCharacter(scalar), at: i) }
            i += length
        }
    }
}

// MARK: - Element names

/// The elements of XML-RPC; nothing else is accepted.
enum ElementName: UInt8 {
    case methodCall, methodName, methodResponse, params, param, fault, value
    case int, i4, i8, boolean, string, double, dateTime, base64, `nil`, array, data, `struct`, member, name

    /// Looks the name up without allocating.
    init?(_ b: UnsafeBufferPointer<UInt8>) {
        func equals(_ s: StaticString) -> Bool {
            s.withUTF8Buffer { $0.elementsEqual(b) }
        }
        let found: ElementName?
        switch b.count {
        case 2: found = equals("i4") ? .i4 : equals("i8") ? .i8 : nil
        case 3: found = equals("int") ? .int : equals("nil") ? .nil : nil
        case 4: found = equals("name") ? .name : equals("data") ? .data : nil
        case 5:
            found = equals("value") ? .value : equals("param") ? .param : equals("array") ? .array
                : equals("fault") ? .fault : nil
        case 6:
            found = equals("member") ? .member : equals("string") ? .string : equals("struct") ? .struct
                : equals("params") ? .params : equals("double") ? .double : equals("base64") ? .base64 : nil
        case 7: found = equals("boolean") ? .boolean : nil
        case 10: found = equals("methodName") ? .methodName : equals("methodCall") ? .methodCall : nil
        case 14: found = equals("methodResponse") ? .methodResponse : nil
        case 16: found = equals("dateTime.iso8601") ? .dateTime : nil
        default: found = nil
        }
        guard let found else { return nil }
        self = found
    }

    /// The element's name as written in XML.
    var text: String {
        switch self {
        case .methodCall: "methodCall"
        case .methodName: "methodName"
        case .methodResponse: "methodResponse"
        case .params: "params"
        case .param: "param"
        case .fault: "fault"
        case .value: "value"
        case .int: "int"
        case .i4: "i4"
        case .i8: "i8"
        case .boolean: "boolean"
        case .string: "string"
        case .double: "double"
        case .dateTime: "dateTime.iso8601"
        case .base64: "base64"
        case .nil: "nil"
        case .array: "array"
        case .data: "data"
        case .struct: "struct"
        case .member: "member"
        case .name: "name"
        }
    }
}

// MARK: - Struct members

/// Collects struct members with Python dict semantics: a repeated name keeps its first position and takes the last
/// value. Small structs search linearly; large ones switch to an index so a hostile body stays linear.
private struct StructBuilder {
    var members: [(name: String, value: XMLRPCValue)] = []
    private var index: [String: Int]? = nil

    mutating func add(_ name: String, _ value: XMLRPCValue) {
        if index == nil && members.count < 16 {
            if let i = members.firstIndex(where: { $0.name == name }) {
                members[i].value = value
            } else {
                members.append((name: name, value: value))
            }
            return
        }
        if index == nil {
            var built: [String: Int] = [:]
            for (i, m) in members.enumerated() { built[m.name] = i }
            index = built
        }
        if let i = index![name] {
            members[i].value = value
        } else {
            index![name] = members.count
            members.append((name: name, value: value))
        }
    }
}

// MARK: - Small helpers

private func trimmingWhitespace(_ b: UnsafeBufferPointer<UInt8>) -> UnsafeBufferPointer<UInt8> {
    func space(_ c: UInt8) -> Bool { c == 0x20 || c == 0x0A || c == 0x09 || c == 0x0D }
    var lo = 0
    var hi = b.count
    while lo < hi && space(b[lo]) { lo += 1 }
    while hi > lo && space(b[hi - 1]) { hi -= 1 }
    return UnsafeBufferPointer(rebasing: b[lo..<hi])
}

/// At most 40 characters of offending text for an error message.
private func clip(_ text: String) -> String {
    text.count <= 40 ? text : String(text.prefix(40)) + "…"
}

private func clip(_ bytes: UnsafeBufferPointer<UInt8>) -> String {
    clip(String(decoding: bytes.prefix(160), as: UTF8.self))
}
