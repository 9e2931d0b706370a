import SupervisorClient
import XMLRPC

/// supervisorctl's side of an XML-RPC call, fed a hostile server's answer: the HTTP response reader (status line,
/// headers, `Content-Length`, chunked and close-delimited bodies, pieces of any size) and the XML-RPC response
/// decoder on the body. The first byte picks how the rest arrives in pieces.
enum ClientFuzzing {
    /// The answer, piece by piece, then the end of the connection.
    struct PieceSource: ByteSource {
        var pieces: [[UInt8]]
        var next = 0

        mutating func read(into buffer: inout [UInt8]) throws(ClientError) -> ReadOutcome {
            guard next < pieces.count else { return .endOfStream }
            buffer.append(contentsOf: pieces[next])
            next += 1
            return .bytes(pieces[next - 1].count)
        }
    }

    static func run(_ data: [UInt8]) {
        guard let control = data.first else { return }
        var reader = HTTPResponseReader(source: PieceSource(pieces: FuzzInput.pieces(data.dropFirst(), control: control)))
        do throws(ClientError) {
            guard let head = try reader.readHead() else { return }
            var body: [UInt8] = []
            let end = try reader.readBody(of: head) { piece in
                body.append(contentsOf: piece)
                return true
            }
            // What SupervisorConnection decides next: reuse the connection, then decode a 200's body.
            _ = end == .complete && head.keepsConnectionOpen && !reader.hasUnreadBytes
            guard head.status == 200 else { return }
            decode(body)
        } catch {
            _ = error.description
        }
        // The decoder on its own as well, so it gets the whole input even when the HTTP framing is broken.
        decode(Array(data.dropFirst()))
    }

    private static func decode(_ body: [UInt8]) {
        do throws(XMLRPCError) {
            switch try XMLRPCResponse.decode(body) {
            case .success(let value): _ = value.description
            case .fault(let code, let string): _ = ClientError.fault(code: code, string: string).description
            }
        } catch {
            _ = ClientError.malformedXML(error).description
        }
    }
}
