import Testing
@testable import XMLRPC

func encodedValue(_ value: XMLRPCValue) -> String {
    var writer = XMLRPCWriter()
    writer.writeValue(value)
    return String(decoding: writer.out, as: UTF8.self)
}

@Suite struct XMLRPCWriterTests {
    @Test func escapesOnlyAmpersandAndAngleBracketsAsPythonDoes() {
        #expect(encodedValue("a&b<c>d\"e'f") == "<value><string>a&amp;b&lt;c&gt;d\"e'f</string></value>\n")
        #expect(encodedValue(["k&<>": 1]) == "<value><struct>\n<member>\n<name>k&amp;&lt;&gt;</name>\n<value><int>1</int></value>\n</member>\n</struct></value>\n")
    }

    @Test func keepsTabNewlineAndCarriageReturnRaw() {
        // Python writes \r raw too; an XML parser then reads it back as \n (see the parser tests).
        #expect(encodedValue("a\tb\nc\rd") == "<value><string>a\tb\nc\rd</string></value>\n")
    }

    @Test func replacesCharactersXMLCannotCarry() {
        let replacement = "\u{FFFD}"
        #expect(encodedValue("\u{1B}[31mred\u{1B}[0m\u{0}") == "<value><string>\(replacement)[31mred\(replacement)[0m\(replacement)</string></value>\n")
        #expect(encodedValue("x\u{FFFE}y\u{FFFF}z\u{FFFD}\u{EFFF}") == "<value><string>x\(replacement)y\(replacement)z\u{FFFD}\u{EFFF}</string></value>\n")
        #expect(encodedValue(["\u{7}": 1]).contains("<name>\(replacement)</name>"))
        // C1 controls and DEL are legal XML 1.0 characters; expat accepts them, so they stay.
        #expect(encodedValue("\u{7F}\u{85}") == "<value><string>\u{7F}\u{85}</string></value>\n")
    }

    @Test func writesNilWithoutTheTrailingNewlinePythonOmits() {
        #expect(encodedValue(.nil) == "<value><nil/></value>")
    }

    @Test func writesIntegersOfEveryWidth() {
        #expect(encodedValue(.int(Int.min)) == "<value><int>-9223372036854775808</int></value>\n")
        #expect(encodedValue(.int(Int.max)) == "<value><int>9223372036854775807</int></value>\n")
        #expect(encodedValue(0) == "<value><int>0</int></value>\n")
        #expect(encodedValue(-5) == "<value><int>-5</int></value>\n")
    }

    @Test func wrapsBase64LikeEncodebytes() {
        let body = encodedValue(.base64(Array(repeating: 0xAB, count: 57)))
        #expect(body == "<value><base64>\n" + String(repeating: "q6ur", count: 19) + "\n</base64></value>\n")
        let longer = encodedValue(.base64(Array(repeating: 0xAB, count: 58)))
        #expect(longer == "<value><base64>\n" + String(repeating: "q6ur", count: 19) + "\nqw==\n</base64></value>\n")
    }

    @Test func requestAndFaultEnvelopesMatchPython() {
        let call = XMLRPCRequest(methodName: "supervisor.getState").encode()
        #expect(String(decoding: call, as: UTF8.self)
                == "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getState</methodName>\n<params>\n</params>\n</methodCall>\n")
        let fault = XMLRPCResponse.fault(code: 10, string: "BAD_NAME: bogus").encode()
        #expect(String(decoding: fault, as: UTF8.self) == """
            <?xml version='1.0'?>
            <methodResponse>
            <fault>
            <value><struct>
            <member>
            <name>faultCode</name>
            <value><int>10</int></value>
            </member>
            <member>
            <name>faultString</name>
            <value><string>BAD_NAME: bogus</string></value>
            </member>
            </struct></value>
            </fault>
            </methodResponse>

            """)
    }

    @Test func lossyStringsFromLogBytesEncodeAndDecodeCleanly() throws {
        let logBytes: [UInt8] = Array("ok ".utf8) + [0xFF, 0xFE] + Array(" \u{1B}[1mbold".utf8) + [0xE2, 0x82]
            + Array(" café".utf8) + [0xED, 0xA0, 0x80]
        let value = XMLRPCValue.string(lossyFromBytes: logBytes)
        #expect(value == .string("ok \u{FFFD}\u{FFFD} \u{FFFD}[1mbold\u{FFFD} café\u{FFFD}\u{FFFD}\u{FFFD}"))
        let body = XMLRPCResponse.success(value).encode()
        #expect(try XMLRPCResponse.decode(body) == .success(value))
    }
}
