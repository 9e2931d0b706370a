import Testing
import XMLRPC

/// Feeds thousands of mutated bodies to both decoders. The only property checked is that each call returns or
/// throws; a crash or a hang fails the run.
@Suite struct FuzzTests {
    static let seeds: [[UInt8]] = Fixture.allBodies.map(Fixture.bytes) + [
        Array("<methodCall><methodName>a</methodName><params><param><value><![CDATA[x]]>&amp;&#x41;<!--c--></value></param></params></methodCall>".utf8),
        Array("<?xml version='1.0' encoding='utf-8'?><methodResponse><params><param><value><struct><member><name>a</name><value><array><data><value><i4>1</i4></value><value><base64>aGk=</base64></value></data></array></value></member></struct></value></param></params></methodResponse>".utf8),
    ]

    /// Interesting bytes to splice in: markup starts, references, the XML-RPC vocabulary, broken UTF-8.
    static let tokens: [[UInt8]] = [
        "<", ">", "</", "/>", "&", ";", "&#", "&#x", "&amp;", "&#1114112;", "<!--", "-->", "<![CDATA[", "]]>",
        "<?", "?>", "<!DOCTYPE x>", "<value>", "</value>", "<array><data>", "</data></array>", "<struct>",
        "<member><name>", "</name>", "<int>", "</int>", "<i8>99999999999999999999</i8>", "<double>", "<base64>",
        "=", "'", "\"", "\r", "\n", " ", "\u{FFFF}", "<nil/>", "<value/>", "<params/>",
    ].map { Array($0.utf8) } + [[0xFF], [0xC3], [0xED, 0xA0, 0x80], [0x00], [0xEF, 0xBF, 0xBE], [0xF4, 0x90]]

    static func mutate(_ seed: [UInt8], _ rng: inout SplitMix64) -> [UInt8] {
        var body = seed
        let rounds = 1 + Int(rng.next() % 4)
        for _ in 0..<rounds {
            let position = body.isEmpty ? 0 : Int(rng.next() % UInt64(body.count))
            switch rng.next() % 7 {
            case 0 where !body.isEmpty:  // bit flip
                body[position] ^= UInt8(1) << (rng.next() % 8)
            case 1:  // truncate
                body = Array(body[..<position])
            case 2:  // splice part of another seed
                let other = seeds[Int(rng.next() % UInt64(seeds.count))]
                let from = Int(rng.next() % UInt64(other.count))
                let length = Int(rng.next() % 64)
                body.insert(contentsOf: other[from..<min(other.count, from + length)], at: position)
            case 3:  // insert a token
                body.insert(contentsOf: tokens[Int(rng.next() % UInt64(tokens.count))], at: position)
            case 4 where !body.isEmpty:  // delete a run
                let length = Int(rng.next() % 16)
                body.removeSubrange(position..<min(body.count, position + length))
            case 5 where !body.isEmpty:  // random byte
                body[position] = UInt8(truncatingIfNeeded: rng.next())
            default:  // duplicate a run (deepens nesting, repeats members)
                let length = Int(rng.next() % 80)
                let run = Array(body[position..<min(body.count, position + length)])
                body.insert(contentsOf: run, at: position)
            }
        }
        return body
    }

    @Test func mutatedBodiesReturnOrThrow() {
        var rng = SplitMix64(seed: 0x5EED)
        var accepted = 0
        var rejected = 0
        for i in 0..<20_000 {
            let body = Self.mutate(Self.seeds[i % Self.seeds.count], &rng)
            if (try? XMLRPCRequest.decode(body)) != nil { accepted += 1 } else { rejected += 1 }
            if (try? XMLRPCResponse.decode(body)) != nil { accepted += 1 } else { rejected += 1 }
        }
        // Some mutations (in text, or harmless) must still decode, or the fuzzer only exercises the first bytes.
        // With this seed about 2% of the 40,000 decodes succeed.
        #expect(accepted > 200)
        #expect(rejected > 10_000)
    }

    @Test func acceptedMutationsReencodeToSomethingThatDecodesTheSame() throws {
        var rng = SplitMix64(seed: 0xC0FFEE)
        for i in 0..<5_000 {
            let body = Self.mutate(Self.seeds[i % Self.seeds.count], &rng)
            if let request = try? XMLRPCRequest.decode(body) {
                let again = try XMLRPCRequest.decode(request.encode())
                #expect(again.params == request.params.map(normalisedForWire))
                #expect(again.methodName == normalisedText(request.methodName))
            }
            if let response = try? XMLRPCResponse.decode(body) {
                let again = try XMLRPCResponse.decode(response.encode())
                switch response {
                case .success(let v): #expect(again == .success(normalisedForWire(v)))
                case .fault(let code, let string): #expect(again == .fault(code: code, string: normalisedText(string)))
                }
            }
        }
    }

    @Test func randomBytesReturnOrThrow() {
        var rng = SplitMix64(seed: 42)
        for _ in 0..<5_000 {
            let length = Int(rng.next() % 200)
            let body = (0..<length).map { _ in UInt8(truncatingIfNeeded: rng.next()) }
            _ = try? XMLRPCRequest.decode(body)
            _ = try? XMLRPCResponse.decode(body)
        }
    }
}

/// What a string becomes after a trip through XML: a raw `\r` (which Python, like us, writes unescaped) reads back
/// as `\n`.
func normalisedText(_ s: String) -> String {
    var out = String.UnicodeScalarView()
    let scalars = Array(s.unicodeScalars)
    for (i, c) in scalars.enumerated() {
        if c == "\r" {
            if i + 1 < scalars.count && scalars[i + 1] == "\n" { continue }
            out.append("\n")
        } else {
            out.append(c)
        }
    }
    return String(out)
}

/// `value` with its text normalised as the wire normalises it.
func normalisedForWire(_ value: XMLRPCValue) -> XMLRPCValue {
    switch value {
    case .string(let s): return .string(normalisedText(s))
    case .array(let a): return .array(a.map(normalisedForWire))
    case .struct(let members):
        // Names that only differed in \r vs \n now collide; the decoder keeps the first position and last value.
        var out: [(name: String, value: XMLRPCValue)] = []
        for m in members {
            let name = normalisedText(m.name)
            let v = normalisedForWire(m.value)
            if let i = out.firstIndex(where: { $0.name == name }) { out[i].value = v } else { out.append((name, v)) }
        }
        return .struct(out)
    default: return value
    }
}
