/// The answer to an XML-RPC call: one value, or a fault.
public enum XMLRPCResponse: Equatable, Sendable {
    /// A `<params>` block with exactly one `<param>`.
    case success(XMLRPCValue)
    /// A `<fault>` carrying `faultCode` and `faultString`.
    case fault(code: Int, string: String)

    /// Decodes a `<methodResponse>` body.
    ///
    /// A success must carry exactly one value (Python's `dumps(..., methodresponse=True)` asserts the same); a
    /// fault must be a struct with an int `faultCode` and a string `faultString`. Other fault members are ignored.
    /// - Throws: ``XMLRPCError`` naming the problem and its byte offset; never traps, whatever the input.
    public static func decode(_ bytes: [UInt8]) throws(XMLRPCError) -> XMLRPCResponse {
        let result: Result<XMLRPCResponse, XMLRPCError> = bytes.withUnsafeBufferPointer { buffer in
            Result { () throws(XMLRPCError) -> XMLRPCResponse in
                var parser = XMLRPCParser(buffer)
                return try parser.parseResponse()
            }
        }
        return try result.get()
    }

    /// Encodes the response byte for byte as Supervisor sends it: `xmlrpc.client.dumps((value,),
    /// methodresponse=True)` for a success and `dumps(Fault(code, string))` for a fault, UTF-8 encoded, with the
    /// `<?xml version='1.0'?>` header and Python's newlines (`xmlrpc_marshal` in `supervisor/xmlrpc.py`).
    ///
    /// Characters XML cannot carry are written as U+FFFD; see ``XMLRPCValue/string(lossyFromBytes:)``.
    public func encode() -> [UInt8] {
        var capacity = 512
        if case .success(let value) = self { capacity += XMLRPCWriter.estimatedSize(of: value) }
        var writer = XMLRPCWriter(capacity: capacity)
        writer.writeHeader()
        writer.write("<methodResponse>\n")
        switch self {
        case .success(let value):
            writer.writeParams([value])
        case .fault(let code, let string):
            writer.write("<fault>\n")
            writer.writeValue(.struct([(name: "faultCode", value: .int(code)),
                                       (name: "faultString", value: .string(string))]))
            writer.write("</fault>\n")
        }
        writer.write("</methodResponse>\n")
        return writer.out
    }
}
