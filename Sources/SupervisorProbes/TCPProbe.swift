import SupervisorEngine

/// `tcp://HOST:PORT`: passes when a TCP connection to the address is established within the timeout. The
/// connection is reset at once (nothing is sent).
///
/// Failure texts: `connection refused`, `timed out after 2 s`, `cannot resolve HOST`, or the system's message for
/// any other error (`network is unreachable`).
public struct TCPProbe: Sendable {
    public var host: String
    public var port: Int

    public init(host: String, port: Int) {
        self.host = host
        self.port = port
    }

    /// One try, bounded by `timeout` seconds.
    public func run(timeout: Double) async -> ProbeResult {
        let connected = await ProbeSocket.connect(
            host: host, port: port, deadline: deadline(after: timeout),
            timeoutText: ProbeFailure.timedOut(after: timeout))
        switch connected {
        case .success(let socket):
            socket.resetOnClose()
            return .passed
        case .failure(let failure):
            return .failed(failure.text)
        }
    }
}
