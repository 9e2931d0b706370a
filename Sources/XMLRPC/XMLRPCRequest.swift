/// An XML-RPC method call: `<methodCall>` with a method name and positional parameters.
public struct XMLRPCRequest: Equatable, Sendable {
    /// The method's wire name, such as `supervisor.getProcessInfo`. Never empty after decoding.
    public var methodName: String
    /// Positional parameters; empty when the body has no `<params>` or an empty one.
    public var params: [XMLRPCValue]

    /// Creates a call of `methodName` with `params`.
    public init(methodName: String, params: [XMLRPCValue] = []) {
        self.methodName = methodName
        self.params = params
    }

    /// Decodes a `<methodCall>` body as Supervisor's request parser and Python's `xmlrpc.client` would read it.
    ///
    /// Accepts what Python's `xmlrpc.client` sends (XML declaration, BOM, whitespace and comments between
    /// elements, CDATA, the five entities and numeric references, untyped `<value>text</value>`, empty-element
    /// forms, absent or empty `<params>`); refuses DOCTYPE, attributes, unknown elements, mismatched tags, mixed
    /// text, non-UTF-8, nesting deeper than 64 arrays/structs and integers beyond `Int`. The full list is in
    /// `XMLRPCParser.swift`. A missing or empty `<methodName>` is an error too, because Supervisor answers it with
    /// HTTP 400 like any other unparseable body (spec `rpc.md` §2).
    /// - Throws: ``XMLRPCError`` naming the problem and its byte offset; never traps, whatever the input.
    public static func decode(_ bytes: [UInt8]) throws(XMLRPCError) -> XMLRPCRequest {
        let result: Result<XMLRPCRequest, XMLRPCError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(XMLRPCError) -> XMLRPCRequest in
                var parser = XMLRPCParser(buffer)
                return try parser.parseRequest()
            }
        }
        return try result.get()
    }

    /// Encodes the call exactly as Python's `xmlrpc.client.dumps(params, methodname)` followed by
    /// `.encode('utf-8')` does, which is what `supervisorctl` sends.
    ///
    /// `<params>` is always written, even when empty, as Python does. The method name is escaped like a string;
    /// Python writes it raw, which only differs for names containing `&`, `<` or `>`.
    public func encode() -> [UInt8] {
        var writer = XMLRPCWriter()
        writer.writeHeader()
        writer.write("<methodCall>\n<methodName>")
        writer.writeEscaped(methodName)
        writer.write("</methodName>\n")
        writer.writeParams(params)
        writer.write("</methodCall>\n")
        return writer.out
    }
}
