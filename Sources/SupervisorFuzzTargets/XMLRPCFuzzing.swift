import XMLRPC

/// The XML-RPC request decoder: method name, params, every value type, nesting, entities, CDATA, numbers.
enum XMLRPCFuzzing {
    static func run(_ data: [UInt8]) {
        guard let request = try? XMLRPCRequest.decode(data) else { return }
        // What was accepted must encode to something the decoder reads back as the same request, except that a
        // carriage return written as `&#13;` comes back as a line feed: the writer, like Python's xmlrpc.client,
        // escapes only `&`, `<` and `>`, and XML reads a literal CR as LF. (Compared as encodings, since a NaN
        // double is not equal to itself.)
        let encoded = request.encode()
        guard let again = try? XMLRPCRequest.decode(encoded) else {
            preconditionFailure("re-encoded request does not decode: \(String(decoding: encoded, as: UTF8.self))")
        }
        let expected = XMLRPCRequest(
            methodName: readingCRAsLF(request.methodName), params: request.params.map(readingCRAsLF))
        precondition(again.encode() == expected.encode(), "re-encoded request decodes differently")
    }

    static func readingCRAsLF(_ text: String) -> String {
        guard text.utf8.contains(13) else { return text }
        return text.replacing("\r\n", with: "\n").replacing("\r", with: "\n")
    }

    static func readingCRAsLF(_ value: XMLRPCValue) -> XMLRPCValue {
        switch value {
        case .string(let text): .string(readingCRAsLF(text))
        case .dateTime(let text): .dateTime(readingCRAsLF(text))
        case .array(let values): .array(values.map(readingCRAsLF))
        case .struct(let members): .struct(members.map { (readingCRAsLF($0.name), readingCRAsLF($0.value)) })
        case .int, .bool, .double, .base64, .nil: value
        }
    }
}
