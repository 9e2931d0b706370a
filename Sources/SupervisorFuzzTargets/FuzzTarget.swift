import Dispatch

/// The parsers that read bytes from outside the daemon's trust (a socket, a config directory, a child's pipes, a
/// server answering supervisorctl), one fuzz target each. Every target takes arbitrary bytes and must return: a
/// crash, a hang or a memory blow-up is a finding. The libFuzzer executables in `fuzz/` call `runBlocking`;
/// `FuzzRegressionTests` replays the committed findings through `run`.
public enum FuzzTarget: String, CaseIterable, Sendable {
    /// `XMLRPCRequest.decode` (what supervisord reads on `/RPC2`), then re-encoding what it accepted.
    case xmlrpc
    /// The HTTP server's pipeline on a test channel: NIO's request decoder, routing, Basic authentication, the
    /// framing rules, percent-decoding, and the web UI's query and form parsing behind it.
    case http
    /// The supervisord and supervisorctl config loaders over an in-memory set of files (`[include]` included).
    case config
    /// The event-listener protocol reader and the `PROCESS_COMMUNICATION` capture splitter.
    case listener
    /// supervisorctl's HTTP response reader and XML-RPC response decoder, fed a hostile server's answer.
    case client

    /// Feeds `data` to the target's parser.
    public func run(_ data: [UInt8]) async {
        switch self {
        case .xmlrpc: XMLRPCFuzzing.run(data)
        case .http: await HTTPFuzzing.run(data)
        case .config: ConfigFuzzing.run(data)
        case .listener: ListenerFuzzing.run(data)
        case .client: ClientFuzzing.run(data)
        }
    }

    /// `run` for a synchronous caller (libFuzzer's `LLVMFuzzerTestOneInput`) on a thread outside Swift's
    /// cooperative pool: the HTTP target's application calls run on that pool while this thread waits.
    public func runBlocking(_ data: [UInt8]) {
        switch self {
        case .xmlrpc: XMLRPCFuzzing.run(data)
        case .config: ConfigFuzzing.run(data)
        case .listener: ListenerFuzzing.run(data)
        case .client: ClientFuzzing.run(data)
        case .http:
            let done = DispatchSemaphore(value: 0)
            Task {
                await HTTPFuzzing.run(data)
                done.signal()
            }
            done.wait()
        }
    }
}

/// How a target splits its input into the pieces a stream delivers: the first byte chooses, the rest is the stream.
enum FuzzInput {
    /// `bytes` in pieces of 1…`control` bytes (sizes from a small generator seeded by `control`); one piece when
    /// `control` is 0 or 255, so plain seeds feed in one go.
    static func pieces(_ bytes: ArraySlice<UInt8>, control: UInt8) -> [[UInt8]] {
        guard control != 0, control != 255, !bytes.isEmpty else { return bytes.isEmpty ? [] : [Array(bytes)] }
        var pieces: [[UInt8]] = []
        var state = UInt32(control) &* 2_654_435_761
        var start = bytes.startIndex
        while start < bytes.endIndex {
            state = state &* 1_103_515_245 &+ 12345
            let size = 1 + Int((state >> 16) % UInt32(control))
            let end = min(bytes.endIndex, start + size)
            pieces.append(Array(bytes[start..<end]))
            start = end
        }
        return pieces
    }
}
