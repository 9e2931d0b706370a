import Testing
import XMLRPC

/// Seeded random values for property tests.
struct ValueGenerator {
    var rng: SplitMix64

    static let alphabet: [Character] = Array("abcXYZ019 _-.:/&<>\"'\t\n]]>éü中文😀🐱\u{7F}\u{85}\u{FFFD}\u{10FFFF}")

    mutating func int(_ bound: Int) -> Int { Int(rng.next() % UInt64(bound)) }

    mutating func string() -> String {
        String((0..<int(12)).map { _ in Self.alphabet[int(Self.alphabet.count)] })
    }

    mutating func value(depth: Int = 0) -> XMLRPCValue {
        switch int(depth < 5 ? 10 : 8) {
        case 0: return .int(Int(bitPattern: UInt(rng.next())))
        case 1: return .bool(rng.next() & 1 == 1)
        case 2, 3: return .string(string())
        case 4: return .double(Double(bitPattern: rng.next()))
        case 5:
            let dt = XMLRPCDateTime(secondsSince1970: int(4_000_000_000))
            return .dateTime(dt.iso8601)
        case 6: return .base64((0..<int(100)).map { _ in UInt8(truncatingIfNeeded: rng.next()) })
        case 7: return .nil
        case 8: return .array((0..<int(5)).map { _ in value(depth: depth + 1) })
        default:
            // Distinct names, because the decoder merges repeated ones as a Python dict does.
            var names = Set<String>()
            var members: [(name: String, value: XMLRPCValue)] = []
            for _ in 0..<int(5) {
                let name = string()
                if names.insert(name).inserted { members.append((name: name, value: value(depth: depth + 1))) }
            }
            return .struct(members)
        }
    }
}

@Suite struct RoundTripTests {
    @Test func responsesSurviveEncodeThenDecode() throws {
        var gen = ValueGenerator(rng: SplitMix64(seed: 1))
        for _ in 0..<2_000 {
            let response = XMLRPCResponse.success(gen.value())
            #expect(try XMLRPCResponse.decode(response.encode()) == response)
        }
    }

    @Test func requestsSurviveEncodeThenDecode() throws {
        var gen = ValueGenerator(rng: SplitMix64(seed: 2))
        for _ in 0..<2_000 {
            let request = XMLRPCRequest(
                methodName: "ns." + gen.string() + "x", params: (0..<gen.int(4)).map { _ in gen.value() })
            #expect(try XMLRPCRequest.decode(request.encode()) == request)
        }
    }

    @Test func faultsSurviveEncodeThenDecode() throws {
        var gen = ValueGenerator(rng: SplitMix64(seed: 3))
        for _ in 0..<500 {
            let fault = XMLRPCResponse.fault(code: Int(Int32.min) + gen.int(Int(UInt32.max)), string: gen.string())
            #expect(try XMLRPCResponse.decode(fault.encode()) == fault)
        }
    }

    @Test func encodingIsStableAfterOneTrip() throws {
        var gen = ValueGenerator(rng: SplitMix64(seed: 4))
        for _ in 0..<500 {
            let body = XMLRPCResponse.success(gen.value()).encode()
            #expect(try XMLRPCResponse.decode(body).encode() == body)
        }
    }

    @Test func forbiddenCharactersComeBackAsReplacementCharacters() throws {
        let value: XMLRPCValue = ["\u{1}key": ["a\u{0}b", "\u{FFFE}", "ok\r\n"]]
        let expected: XMLRPCValue = ["\u{FFFD}key": ["a\u{FFFD}b", "\u{FFFD}", "ok\n"]]
        #expect(try XMLRPCResponse.decode(XMLRPCResponse.success(value).encode()) == .success(expected))
    }
}
