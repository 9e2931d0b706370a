import Testing
import XMLRPC

@Suite struct XMLRPCValueTests {
    @Test func literalsBuildTheMatchingCases() {
        let value: XMLRPCValue = ["i": 1, "b": true, "d": 2.5, "s": "x", "a": [1, "two"], "n": .nil]
        #expect(value == .struct([
            (name: "i", value: .int(1)), (name: "b", value: .bool(true)), (name: "d", value: .double(2.5)),
            (name: "s", value: .string("x")), (name: "a", value: .array([.int(1), .string("two")])),
            (name: "n", value: .nil),
        ]))
    }

    @Test func structEqualityIsOrderSensitive() {
        let ab: XMLRPCValue = ["a": 1, "b": 2]
        let ba: XMLRPCValue = ["b": 2, "a": 1]
        #expect(ab != ba)
        #expect(ab == ["a": 1, "b": 2])
    }

    @Test func accessorsReturnPayloadsOnlyForTheirCase() {
        let value: XMLRPCValue = ["name": "cat", "pid": 42, "up": true, "load": 0.5, "list": [1]]
        #expect(value["name"]?.stringValue == "cat")
        #expect(value["pid"]?.intValue == 42)
        #expect(value["up"]?.boolValue == true)
        #expect(value["load"]?.doubleValue == 0.5)
        #expect(value["list"]?.arrayValue == [1])
        #expect(value["missing"] == nil)
        #expect(value["name"]?.intValue == nil)
        #expect(value.structValue?.map(\.name) == ["name", "pid", "up", "load", "list"])
        #expect(XMLRPCValue.string("x")["name"] == nil)
        #expect(XMLRPCValue.nil.isNil)
        #expect(!XMLRPCValue.int(0).isNil)
        #expect(XMLRPCValue.base64([1, 2]).base64Value == [1, 2])
        #expect(XMLRPCValue.dateTime("20240101T00:00:00").dateTimeText == "20240101T00:00:00")
        #expect(XMLRPCValue.dateTime("20240101T00:00:00").dateTimeValue == XMLRPCDateTime(year: 2024, month: 1, day: 1))
    }

    @Test func clampedIntFollowsSupervisorsCappedInt() {
        #expect(XMLRPCValue.clampedInt(5_000_000_000) == .int(2_147_483_647))
        #expect(XMLRPCValue.clampedInt(-5_000_000_000) == .int(-2_147_483_648))
        #expect(XMLRPCValue.clampedInt(7) == .int(7))
    }

    @Test func nanEqualsNanSoDecodedValuesCompare() {
        #expect(XMLRPCValue.double(.nan) == .double(.nan))
        #expect(XMLRPCValue.double(0) == .double(-0.0))
    }

    @Test func descriptionIsPythonLike() {
        let value: XMLRPCValue = ["a": [1, 2.5, true, .nil], "b": "x"]
        #expect(value.description == "{'a': [1, 2.5, True, None], 'b': 'x'}")
    }

    @Test func lossyStringKeepsCleanTextUntouched() {
        #expect(XMLRPCValue.string(lossyFromBytes: Array("plain\ttext\r\n ünï".utf8)) == "plain\ttext\r\n ünï")
        #expect(XMLRPCValue.string(lossyFromBytes: [UInt8]()) == "")
        #expect(XMLRPCValue.string(lossyFromBytes: [0x00, 0x41, 0xC0]) == "\u{FFFD}A\u{FFFD}")
    }
}

@Suite struct XMLRPCDateTimeTests {
    @Test func parsesAndFormatsTheWireShape() throws {
        let dt = try #require(XMLRPCDateTime(iso8601: "20240229T23:59:58"))
        #expect(dt == XMLRPCDateTime(year: 2024, month: 2, day: 29, hour: 23, minute: 59, second: 58))
        #expect(dt.iso8601 == "20240229T23:59:58")
        #expect(XMLRPCDateTime(year: 7, month: 1, day: 2, hour: 3, minute: 4, second: 5).iso8601 == "00070102T03:04:05")
    }

    @Test(arguments: ["", "2024-02-29T23:59:58", "20240229 23:59:58", "20240229T23:59:5", "20240229T24:00:00",
                      "20240001T00:00:00", "20240132T00:00:00", "20240101T00:60:00", "2024022aT00:00:00",
                      "20240229T23:59:58Z"])
    func rejectsOtherShapes(text: String) {
        #expect(XMLRPCDateTime(iso8601: text) == nil)
    }

    @Test func convertsUnixTimesBothWays() {
        #expect(XMLRPCDateTime(secondsSince1970: 0).iso8601 == "19700101T00:00:00")
        #expect(XMLRPCDateTime(secondsSince1970: 1_700_000_000).iso8601 == "20231114T22:13:20")
        #expect(XMLRPCDateTime(secondsSince1970: 951_825_600).iso8601 == "20000229T12:00:00")
        #expect(XMLRPCDateTime(secondsSince1970: -1).iso8601 == "19691231T23:59:59")
        #expect(XMLRPCDateTime(secondsSince1970: -86_400).iso8601 == "19691231T00:00:00")
        var rng = SplitMix64(seed: 7)
        for _ in 0..<2000 {
            let t = Int(rng.next() % 20_000_000_000) - 10_000_000_000
            #expect(XMLRPCDateTime(secondsSince1970: t).secondsSince1970 == t)
        }
    }
}

@Suite struct Base64Tests {
    @Test func roundTripsEveryLength() throws {
        var rng = SplitMix64(seed: 64)
        for length in 0..<200 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            let body = XMLRPCResponse.success(.base64(bytes)).encode()
            #expect(try XMLRPCResponse.decode(body) == .success(.base64(bytes)), "length \(length)")
        }
    }
}
