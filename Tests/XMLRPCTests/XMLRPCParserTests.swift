import Testing
@testable import XMLRPC

/// Wraps one `<value>` in a response body.
func responseBody(_ value: String) -> [UInt8] {
    Array("<?xml version='1.0'?><methodResponse><params><param>\(value)</param></params></methodResponse>".utf8)
}

/// Wraps one `<value>` in a request body for method `a.b`.
func requestBody(_ value: String) -> [UInt8] {
    Array("<?xml version='1.0'?><methodCall><methodName>a.b</methodName><params><param>\(value)</param></params></methodCall>".utf8)
}

func decodedValue(_ value: String) throws -> XMLRPCValue {
    guard case .success(let v) = try XMLRPCResponse.decode(responseBody(value)) else {
        throw XMLRPCError(.invalidFault("test helper expected success"), at: 0)
    }
    return v
}

func decodeError(_ body: [UInt8]) -> XMLRPCError? {
    do {
        _ = try XMLRPCResponse.decode(body)
        return nil
    } catch {
        return error
    }
}

func requestError(_ body: String) -> XMLRPCError? {
    do {
        _ = try XMLRPCRequest.decode(Array(body.utf8))
        return nil
    } catch {
        return error
    }
}

@Suite struct XMLRPCParserAcceptanceTests {
    /// Each input and what Python 3.11's `xmlrpc.client.loads` (expat) returns for it, checked by hand with
    /// /tmp/pysup/bin/python.
    static let accepted: [(String, XMLRPCValue)] = [
        ("<value/>", ""),
        ("<value></value>", ""),
        ("<value>  </value>", "  "),
        ("<value>plain</value>", "plain"),
        ("<value><string/></value>", ""),
        ("<value>\n  <string>x</string>\n</value>", "x"),
        ("<value><![CDATA[a<b]]></value>", "a<b"),
        ("<value><string>a<![CDATA[<&>]]>b</string></value>", "a<&>b"),
        ("<value>a&#10;&#x41;&amp;&lt;&gt;&quot;&apos;</value>", "a\nA&<>\"'"),
        ("<value>&#x1F431;&#128049;</value>", "🐱🐱"),
        ("<value>x\r\ny\rz</value>", "x\ny\nz"),
        ("<value><![CDATA[x\r\ny]]></value>", "x\ny"),
        ("<value>x&#13;y</value>", "x\ry"),
        ("<value><string>a<!-- c -->b</string></value>", "ab"),
        ("<value><string>a<?pi x?>b</string></value>", "ab"),
        ("<value><string>a]b]]c</string></value>", "a]b]]c"),
        ("<value><int> 42 </int></value>", 42),
        ("<value><int>+4_2</int></value>", 42),
        ("<value><i4>-7</i4></value>", -7),
        ("<value><i8>9223372036854775807</i8></value>", .int(Int.max)),
        ("<value><i8>-9223372036854775808</i8></value>", .int(Int.min)),
        ("<value><boolean>1</boolean></value>", true),
        ("<value><boolean>0</boolean></value>", false),
        ("<value><boolean>2</boolean></value>", false),  // Supervisor's parser: anything but "1" is false
        ("<value><boolean/></value>", false),
        ("<value><double> 1e3 </double></value>", 1000.0),
        ("<value><double>-.5</double></value>", -0.5),
        ("<value><double>inf</double></value>", .double(.infinity)),
        ("<value><double>-Infinity</double></value>", .double(-.infinity)),
        ("<value><double>nan</double></value>", .double(.nan)),
        ("<value><dateTime.iso8601> 20240101T12:00:00 </dateTime.iso8601></value>", .dateTime("20240101T12:00:00")),
        ("<value><base64>aGVs\nbG8=</base64></value>", .base64(Array("hello".utf8))),
        ("<value><base64>aGk=\n</base64></value>", .base64(Array("hi".utf8))),
        ("<value><base64>aA==</base64></value>", .base64(Array("h".utf8))),
        ("<value><base64/></value>", .base64([])),
        ("<value><nil/></value>", .nil),
        ("<value><nil> </nil></value>", .nil),
        ("<value><array/></value>", []),
        ("<value><array></array></value>", []),
        ("<value><array><data/></array></value>", []),
        ("<value><struct/></value>", .struct([])),
        ("<value><struct><member><name/><value>v</value></member></struct></value>", ["": "v"]),
        // A repeated name keeps its first position and takes the last value, as a Python dict does.
        ("<value><struct><member><name>a</name><value>1</value></member><member><name>b</name><value>3</value></member><member><name>a</name><value>2</value></member></struct></value>",
         ["a": "2", "b": "3"]),
        ("<value ><string >x</string ></value >", "x"),
        ("<value>a<?xmlfoo bar?>b</value>", "ab"),
        ("<value>a<?f-o.o:_1\tx?>b</value>", "ab"),
    ]

    @Test(arguments: 0..<accepted.count)
    func acceptsWhatPythonAccepts(index: Int) throws {
        let (input, expected) = Self.accepted[index]
        #expect(try decodedValue(input) == expected, "input: \(input)")
        let request = try XMLRPCRequest.decode(requestBody(input))
        #expect(request.params == [expected], "input: \(input)")
    }

    @Test func acceptsBOMCommentsAndDeclarationVariants() throws {
        let bodies = [
            "\u{FEFF}<?xml version='1.0'?><methodResponse><params><param><value>x</value></param></params></methodResponse>",
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone='yes' ?>\n<!-- hi --><?pi?>\n<methodResponse><params><param><value>x</value></param></params></methodResponse>\n<!-- bye -->\n",
            "<methodResponse>\r\n<params>\r\n<param>\r\n<value>x</value>\r\n</param>\r\n</params>\r\n</methodResponse>",
            "<?xml version='1.0' encoding='us-ascii'?><methodResponse><params><param><!-- c --><value>x</value></param></params></methodResponse>",
        ]
        for body in bodies {
            #expect(try XMLRPCResponse.decode(Array(body.utf8)) == .success("x"), "body: \(body)")
        }
    }

    @Test func requestWithoutParamsOrWithEmptyParamsHasNoArguments() throws {
        for body in [
            "<methodCall><methodName>a.b</methodName></methodCall>",
            "<methodCall><methodName>a.b</methodName><params/></methodCall>",
            "<methodCall>\n<methodName>a.b</methodName>\n<params>\n</params>\n</methodCall>\n",
        ] {
            #expect(try XMLRPCRequest.decode(Array(body.utf8)) == XMLRPCRequest(methodName: "a.b"), "body: \(body)")
        }
    }

    @Test func methodNameKeepsItsTextAndDecodesReferences() throws {
        let body = "<methodCall><methodName> a&amp;b </methodName></methodCall>"
        #expect(try XMLRPCRequest.decode(Array(body.utf8)).methodName == " a&b ")
    }

    @Test func faultIgnoresExtraMembers() throws {
        let body = "<methodResponse><fault><value><struct><member><name>faultString</name><value>s</value></member><member><name>x</name><value/></member><member><name>faultCode</name><value><i4>3</i4></value></member></struct></value></fault></methodResponse>"
        #expect(try XMLRPCResponse.decode(Array(body.utf8)) == .fault(code: 3, string: "s"))
    }

    @Test func nestingUpToTheLimitIsAccepted() throws {
        let depth = XMLRPCParser.maxDepth
        let open = String(repeating: "<value><array><data>", count: depth)
        let close = String(repeating: "</data></array></value>", count: depth)
        var expected: XMLRPCValue = []
        for _ in 1..<depth { expected = [expected] }
        #expect(try decodedValue(open + close) == expected)
    }
}

@Suite struct XMLRPCParserRejectionTests {
    static let rejected: [(String, XMLRPCError.Kind)] = [
        ("<value><foo>1</foo></value>", .unknownElement("foo")),
        ("<value><string a='1'>x</string></value>", .attributesNotAllowed(element: "string")),
        ("<value><string>x</int></value>", .mismatchedTag(expected: "string", found: "int")),
        ("<value><string>x</string></param>", .mismatchedTag(expected: "value", found: "param")),
        ("<value>ab<string>x</string></value>", .unexpectedText),
        ("<value><string>x</string>cd</value>", .unexpectedText),
        ("<value><array><data>x</data></array></value>", .unexpectedText),
        ("<value><string>a]]>b</string></value>", .malformedMarkup("']]>' outside a CDATA section")),
        ("<value>&e;</value>", .undefinedEntity("e")),
        ("<value>&#0;</value>", .forbiddenCharacter(0)),
        ("<value>&#x1B;</value>", .forbiddenCharacter(0x1B)),
        ("<value>&#xFFFE;</value>", .forbiddenCharacter(0xFFFE)),
        ("<value>&#xD800;</value>", .forbiddenCharacter(0xD800)),
        ("<value>&#x110000;</value>", .invalidCharacterReference("#x110000")),
        ("<value>&#xZZ;</value>", .invalidCharacterReference("#xZZ")),
        ("<value>&#;</value>", .invalidCharacterReference("#")),
        ("<value>a & b</value>", .malformedMarkup("';' to end a reference")),
        ("<value><string>\u{1B}[31m</string></value>", .forbiddenCharacter(0x1B)),
        ("<value><string>\u{FFFF}</string></value>", .forbiddenCharacter(0xFFFF)),
        ("<value><int></int></value>", .invalidInt("")),
        ("<value><int/></value>", .invalidInt("")),
        ("<value><int>0x10</int></value>", .invalidInt("0x10")),
        ("<value><int>1_</int></value>", .invalidInt("1_")),
        ("<value><int>1__0</int></value>", .invalidInt("1__0")),
        ("<value><i4>-</i4></value>", .invalidInt("-")),
        ("<value><i8>9223372036854775808</i8></value>", .integerOutOfRange("9223372036854775808")),
        ("<value><int>-9223372036854775809</int></value>", .integerOutOfRange("-9223372036854775809")),
        ("<value><int>99999999999999999999999</int></value>", .integerOutOfRange("99999999999999999999999")),
        ("<value><double>0x1p3</double></value>", .invalidDouble("0x1p3")),
        ("<value><double>1e</double></value>", .invalidDouble("1e")),
        ("<value><double>.</double></value>", .invalidDouble(".")),
        ("<value><double>nan(1)</double></value>", .invalidDouble("nan(1)")),
        ("<value><dateTime.iso8601>2024-01-01T12:00:00</dateTime.iso8601></value>", .invalidDateTime("2024-01-01T12:00:00")),
        ("<value><dateTime.iso8601>20241301T12:00:00</dateTime.iso8601></value>", .invalidDateTime("20241301T12:00:00")),
        ("<value><base64>aGVsbG8</base64></value>", .invalidBase64),
        ("<value><base64>aGV*sbG8=</base64></value>", .invalidBase64),
        ("<value><base64>aGk=aGk=</base64></value>", .invalidBase64),
        ("<value><base64>a===</base64></value>", .invalidBase64),
        ("<value><nil>x</nil></value>", .unexpectedText),
        ("<value><struct><member><value>1</value></member></struct></value>",
         .unexpectedElement(found: "value", expected: "<name>")),
        ("<value><struct><member><name>a</name></member></struct></value>",
         .mismatchedTag(expected: "<value>", found: "member")),
        ("<value><struct><value>1</value></struct></value>", .unexpectedElement(found: "value", expected: "<member>")),
        ("<value><array><value>1</value></array></value>", .unexpectedElement(found: "value", expected: "<data>")),
        ("<value><params/></value>", .unexpectedElement(found: "params", expected: "a type element such as <string>")),
        ("<value><string><string>x</string></string></value>",
         .unexpectedElement(found: "string", expected: "text and </string>")),
        ("<value><!-- a -- b --></value>", .malformedMarkup("'--' inside a comment")),
        ("<value><!ELEMENT x></value>", .malformedMarkup("a comment or an element")),
        ("<value><?xml version='1.0'?></value>", .malformedMarkup("XML declaration not at the start")),
        ("<value><</value>", .malformedMarkup("an element name")),
        // Processing-instruction targets must be names; the fuzz comparison with expat found these.
        ("<value>a<?foo> bar?>b</value>", .malformedMarkup("a processing instruction target")),
        ("<value>a<?1foo x?>b</value>", .malformedMarkup("a processing instruction target")),
        ("<value>a<?XmL x?>b</value>", .malformedMarkup("XML declaration not at the start")),
    ]

    @Test(arguments: 0..<rejected.count)
    func rejectsWithTheRightKind(index: Int) {
        let (input, kind) = Self.rejected[index]
        let error = decodeError(responseBody(input))
        #expect(error?.kind == kind, "input: \(input)")
        let prefixLength = responseBody("").count - "</param></params></methodResponse>".utf8.count
        #expect((error?.offset ?? -1) >= prefixLength, "input: \(input)")
    }

    @Test func offsetsPointAtTheProblem() {
        // "<?xml version='1.0'?><methodResponse><params><param>" is 52 bytes.
        let prefix = responseBody("").count - "</param></params></methodResponse>".utf8.count
        #expect(prefix == 52)
        #expect(decodeError(responseBody("<value><foo/></value>")) == XMLRPCError(.unknownElement("foo"), at: 59))
        #expect(decodeError(responseBody("<value>a&bogus;</value>")) == XMLRPCError(.undefinedEntity("bogus"), at: 60))
        #expect(decodeError(responseBody("<value>\u{7}</value>")) == XMLRPCError(.forbiddenCharacter(7), at: 59))
        #expect(decodeError(responseBody("<value><int>x</int></value>")) == XMLRPCError(.invalidInt("x"), at: 59))
        var invalid = responseBody("<value>ab</value>")
        invalid[60] = 0xC3  // a lead byte followed by '<', not by a continuation byte
        #expect(decodeError(invalid) == XMLRPCError(.invalidUTF8, at: 60))
    }

    @Test func rejectsEveryKindOfBrokenUTF8() {
        let sequences: [[UInt8]] = [
            [0x80], [0xBF], [0xC0, 0xAF], [0xC1, 0xBF], [0xE0, 0x80, 0xAF], [0xED, 0xA0, 0x80],
            [0xF0, 0x80, 0x80, 0xAF], [0xF4, 0x90, 0x80, 0x80], [0xF5, 0x80, 0x80, 0x80], [0xFF], [0xE2, 0x82],
            [0xC3],
        ]
        for s in sequences {
            let body = responseBody("<value>x</value>")
            let at = 59
            let broken = Array(body[..<at]) + s + Array(body[(at + 1)...])
            #expect(decodeError(broken) == XMLRPCError(.invalidUTF8, at: at), "bytes: \(s)")
        }
    }

    @Test func doctypeIsRefusedBeforeAnyEntityIsRead() {
        let billionLaughs = """
            <?xml version="1.0"?>
            <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
            <methodCall><methodName>&lol2;</methodName></methodCall>
            """
        #expect(requestError(billionLaughs) == XMLRPCError(.doctypeNotAllowed, at: 22))
        let xxe = "<!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]><methodCall><methodName>&e;</methodName></methodCall>"
        #expect(requestError(xxe) == XMLRPCError(.doctypeNotAllowed, at: 0))
        // Without a DTD the reference is simply undefined.
        #expect(requestError("<methodCall><methodName>&e;</methodName></methodCall>")?.kind == .undefinedEntity("e"))
    }

    @Test func deeperNestingThanTheLimitIsRefused() {
        let depth = XMLRPCParser.maxDepth + 1
        let body = String(repeating: "<value><array><data>", count: depth) + String(repeating: "</data></array></value>", count: depth)
        #expect(decodeError(responseBody(body))?.kind == .nestingTooDeep(limit: XMLRPCParser.maxDepth))
        let structs = String(repeating: "<value><struct><member><name>a</name>", count: depth) + "<value/>"
            + String(repeating: "</member></struct></value>", count: depth)
        #expect(decodeError(responseBody(structs))?.kind == .nestingTooDeep(limit: XMLRPCParser.maxDepth))
        // Far deeper input is refused just the same, without exhausting the stack.
        let huge = String(repeating: "<value><array><data>", count: 100_000)
        #expect(decodeError(responseBody(huge))?.kind == .nestingTooDeep(limit: XMLRPCParser.maxDepth))
    }

    @Test func truncatedBodiesEndWithUnexpectedEnd() {
        let body = Fixture.bytes("response_all_process_info.xml")
        let tail = Array("</methodResponse>\n".utf8)
        for cut in [1, 10, 21, 22, 100, 1000, body.count - tail.count - 1] {
            let error = decodeError(Array(body[..<cut]))
            #expect(error?.kind == .unexpectedEnd, "cut at \(cut): \(String(describing: error))")
        }
        #expect(decodeError(Array("<methodResponse><params><param><value><string>x</string".utf8))
                == XMLRPCError(.unexpectedEnd, at: 55))
    }

    @Test func requestStructureErrors() {
        #expect(requestError("<methodCall></methodCall>")?.kind == .missingMethodName)
        #expect(requestError("<methodCall/>")?.kind == .missingMethodName)
        #expect(requestError("<methodCall><methodName></methodName></methodCall>")?.kind == .missingMethodName)
        #expect(requestError("<methodCall><methodName/><params/></methodCall>")?.kind == .missingMethodName)
        #expect(requestError("<methodCall><params/><methodName>a.b</methodName></methodCall>")?.kind
                == .unexpectedElement(found: "params", expected: "<methodName>"))
        #expect(requestError("<methodResponse/>")?.kind
                == .unexpectedElement(found: "methodResponse", expected: "<methodCall>"))
        #expect(requestError("<methodCall><methodName>a</methodName><params><param/></params></methodCall>")?.kind
                == .unexpectedElement(found: "param", expected: "<param>"))
        #expect(requestError("<methodCall><methodName>a</methodName></methodCall><x/>")?.kind == .trailingContent)
        #expect(requestError("<methodCall><methodName>a</methodName></methodCall>junk")?.kind == .trailingContent)
        #expect(requestError("")?.kind == .unexpectedEnd)
        #expect(requestError("   ")?.kind == .unexpectedEnd)
        #expect(requestError("plain text")?.kind == .unexpectedText)
        #expect(requestError(" <?xml version='1.0'?><methodCall/>")?.kind
                == .malformedMarkup("XML declaration not at the start"))
        #expect(requestError("<?xml version='1.0' encoding='iso-8859-1'?><methodCall/>")?.kind
                == .unsupportedEncoding("iso-8859-1"))
        #expect(requestError("<?xml encoding='utf-8'?><methodCall/>")?.kind
                == .malformedMarkup("'encoding' in the XML declaration"))
        #expect(requestError("<?xml version='2.0'?><methodCall/>")?.kind
                == .malformedMarkup("'version' in the XML declaration"))
    }

    @Test func responseStructureErrors() {
        func error(_ s: String) -> XMLRPCError.Kind? { decodeError(Array(s.utf8))?.kind }
        #expect(error("<methodResponse><params></params></methodResponse>") == .wrongParamCount(0))
        #expect(error("<methodResponse><params/></methodResponse>") == .wrongParamCount(0))
        #expect(error("<methodResponse><params><param><value/></param><param><value/></param></params></methodResponse>")
                == .wrongParamCount(2))
        #expect(error("<methodResponse><fault><value>x</value></fault></methodResponse>")
                == .invalidFault("missing faultCode or faultString"))
        #expect(error("<methodResponse><fault><value><struct><member><name>faultCode</name><value>1</value></member><member><name>faultString</name><value>s</value></member></struct></value></fault></methodResponse>")
                == .invalidFault("faultCode is not an int"))
        #expect(error("<methodResponse><fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member><member><name>faultString</name><value><int>2</int></value></member></struct></value></fault></methodResponse>")
                == .invalidFault("faultString is not a string"))
        #expect(error("<methodCall><methodName>a</methodName></methodCall>")
                == .unexpectedElement(found: "methodCall", expected: "<methodResponse>"))
    }

    @Test func errorsDescribeThemselves() {
        let error = XMLRPCError(.forbiddenCharacter(0x1B), at: 12)
        #expect(error.description == "XML-RPC: character U+001B is not allowed in XML at byte 12")
        #expect(XMLRPCError(.doctypeNotAllowed, at: 0).description == "XML-RPC: DOCTYPE declarations are not allowed at byte 0")
    }
}
