import SupervisorConfig
import SupervisorEngine

/// The daemon's `ProbeRunner`: runs `tcp://` and `http://` checks itself (``TCPProbe``, ``HTTPProbe``) and hands
/// `exec:` checks to the closure it is given (the process runtime, which spawns and reaps the command as the
/// program's user).
///
/// HTTP checks keep one keep-alive connection per program and check target (``HTTPConnectionPool``), so that a
/// health check every second costs a request and a response, not a TCP handshake and teardown.
public struct LiveProbeRunner: ProbeRunner {
    /// Runs an `exec:` check's words for a process of a group, bounded by a timeout in seconds.
    public typealias ExecRunner = @Sendable (
        _ arguments: [String], _ config: ProcessConfig, _ group: String, _ timeout: Double
    ) async -> ProbeResult

    private let exec: ExecRunner
    let pool = HTTPConnectionPool()

    public init(exec: @escaping ExecRunner) {
        self.exec = exec
    }

    public func run(_ check: ProbeCheck, for config: ProcessConfig, group: String, timeout: Double) async -> ProbeResult {
        switch check {
        case .tcp(let host, let port): await TCPProbe(host: host, port: port).run(timeout: timeout)
        case .http(let target):
            await HTTPProbe(target).run(timeout: timeout, pool: pool, key: "\(group)\u{0}\(config.name)\u{0}\(target.url)")
        case .exec(let arguments): await exec(arguments, config, group, timeout)
        }
    }
}
