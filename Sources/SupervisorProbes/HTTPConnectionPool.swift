import Synchronization

/// The idle keep-alive connections of HTTP checks: at most one per key (a program's check target), reused by its
/// next try. A connection is out of the pool while a try uses it, so two tries of one key at once simply use two
/// connections, and the second one back is closed.
///
/// Connections unused for ``idleLimit`` are closed (looked for at most once every ``sweepEvery``), so the checks
/// of removed programs, or with a long interval, hold no descriptor for long. Each pooled connection is one
/// open descriptor of the daemon.
final class HTTPConnectionPool: Sendable {
    static let idleLimit: UInt64 = 90_000_000_000
    static let sweepEvery: UInt64 = 10_000_000_000

    private struct Idle {
        var socket: ProbeSocket
        var since: UInt64
    }

    private struct State {
        var idle: [String: Idle] = [:]
        var lastSweep: UInt64 = 0
    }

    private let state = Mutex(State())

    init() {}

    /// The idle connection of `key`, taken out of the pool.
    func take(_ key: String) -> ProbeSocket? {
        state.withLock { $0.idle.removeValue(forKey: key)?.socket }
    }

    /// Puts back a connection whose last response left it reusable.
    func give(_ socket: ProbeSocket, for key: String) {
        let now = SocketWaiter.now()
        let stale = state.withLock { state -> [ProbeSocket] in
            var dropped: [ProbeSocket] = []
            if let previous = state.idle.updateValue(Idle(socket: socket, since: now), forKey: key) {
                dropped.append(previous.socket)
            }
            if now &- state.lastSweep >= Self.sweepEvery {
                state.lastSweep = now
                for (other, idle) in state.idle where now &- idle.since > Self.idleLimit {
                    state.idle[other] = nil
                    dropped.append(idle.socket)
                }
            }
            return dropped
        }
        // Closed (by their deinit) outside the lock.
        _ = stale
    }

    /// How many connections are idle in the pool.
    var count: Int { state.withLock { $0.idle.count } }
}
