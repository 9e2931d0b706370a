import SupervisorConfig
import SupervisorLogs

/// The event side of every listener pool plus the global event serial: which pool accepts which event, with what
/// serials, and the overflow and re-buffering rules of Supervisor's `EventListenerPool._acceptEvent` (`spec/events.md`
/// §3). Pure: the engine owns it, writes envelopes and logs the lines these methods return.
public struct EventRouter: Sendable {
    /// A log line for the main log.
    public typealias LogLine = (level: LogLevel, message: String)

    /// One pool: its subscriptions, its buffer and its own serial counter (new for each pool object, so reset by a
    /// reload or an `update` that re-creates the pool).
    public struct Pool: Sendable {
        public let name: String
        public let subscriptions: [EventTypeName]
        public fileprivate(set) var buffer: EventBuffer
        fileprivate var lastPoolSerial = -1

        /// How many subscriptions an event type matches. Supervisor subscribes the pool once per type named in
        /// `events=` and calls it once per matching subscription, so `events=PROCESS_STATE,PROCESS_STATE_RUNNING`
        /// buffers a RUNNING event twice (same serials, the second logged as re-buffered).
        public func matchCount(_ type: EventTypeName) -> Int {
            subscriptions.filter { type.isDelivered(to: $0) }.count
        }
    }

    /// Pools in the order they were created (Supervisor's subscriber order).
    public private(set) var pools: [Pool] = []
    /// The last global serial handed out; -1 before the first. Kept across reloads by the daemon.
    public private(set) var lastSerial: Int

    public init(lastSerial: Int = -1) {
        self.lastSerial = lastSerial
    }

    /// A pool object was created (startup, reload, `addProcessGroup`): it sees events from now on.
    public mutating func addPool(name: String, options: EventListenerPoolOptions) {
        pools.removeAll { $0.name == name }
        pools.append(Pool(name: name, subscriptions: options.events, buffer: EventBuffer(capacity: options.bufferSize)))
    }

    /// The pool's group was removed: it unsubscribes and its buffered events are dropped.
    public mutating func removePool(name: String) {
        pools.removeAll { $0.name == name }
    }

    public func pool(_ name: String) -> Pool? {
        pools.first { $0.name == name }
    }

    /// Offers a new event to every subscribed pool. The global serial is taken when the first pool accepts it, so
    /// an event nobody subscribes to uses none.
    /// - Returns: the log lines (overflow errors, re-buffering notes) and whether any pool accepted it.
    public mutating func publish(_ event: ListenerEvent) -> (lines: [LogLine], accepted: Bool) {
        let takers = pools.indices.map { (index: $0, times: pools[$0].matchCount(event.type)) }.filter { $0.times > 0 }
        guard !takers.isEmpty else { return ([], false) }
        let serial = nextSerial()
        var poolSerials: [String: Int] = [:]
        for taker in takers {
            pools[taker.index].lastPoolSerial = Self.increment(pools[taker.index].lastPoolSerial)
            poolSerials[pools[taker.index].name] = pools[taker.index].lastPoolSerial
        }
        var lines: [LogLine] = []
        for taker in takers {
            let name = pools[taker.index].name
            let entry = EventBuffer.Entry(
                serial: serial, poolSerial: poolSerials[name] ?? 0, event: event, poolSerials: poolSerials)
            lines += add(entry, to: taker.index, atHead: false)
            for _ in 1..<taker.times {
                lines.append(rebufferingLine(entry, taker.index))
                lines += add(entry, to: taker.index, atHead: false)
            }
        }
        return (lines, true)
    }

    /// Puts an event back at the head of its pool's buffer: no listener could take it.
    public mutating func rebuffer(_ entry: EventBuffer.Entry, pool name: String) -> [LogLine] {
        rebuffer(entry, intoPools: [name])
    }

    /// A rejected event (FAIL, a bad RESULT, a listener that died busy) goes back at the head of the buffers of
    /// `names`, in pool creation order. Supervisor asks every pool whether the rejecting process is one of its own
    /// with `process in pool.processes`, and processes compare equal by priority, so every pool holding a listener of
    /// the same priority takes it back (a pool that never had the event gives it a new pool serial).
    public mutating func rebuffer(_ entry: EventBuffer.Entry, intoPools names: [String]) -> [LogLine] {
        var shared = entry
        var lines: [LogLine] = []
        for index in pools.indices where names.contains(pools[index].name) {
            let name = pools[index].name
            var copy = shared
            if let poolSerial = shared.poolSerials[name] ?? (shared.poolSerials.isEmpty ? entry.poolSerial : nil) {
                copy.poolSerial = poolSerial
                lines.append(rebufferingLine(copy, index))
            } else {
                pools[index].lastPoolSerial = Self.increment(pools[index].lastPoolSerial)
                shared.poolSerials[name] = pools[index].lastPoolSerial
                copy.poolSerial = pools[index].lastPoolSerial
            }
            copy.poolSerials = shared.poolSerials
            lines += add(copy, to: index, atHead: true)
        }
        return lines
    }

    /// Takes the oldest buffered event of a pool.
    public mutating func takeNext(pool name: String) -> EventBuffer.Entry? {
        guard let index = pools.firstIndex(where: { $0.name == name }) else { return nil }
        return pools[index].buffer.next()
    }

    private mutating func add(_ entry: EventBuffer.Entry, to index: Int, atHead: Bool) -> [LogLine] {
        guard let discarded = pools[index].buffer.add(entry, atHead: atHead) else { return [] }
        return [(.error, "pool \(pools[index].name) event buffer overflowed, discarding event \(discarded)")]
    }

    private func rebufferingLine(_ entry: EventBuffer.Entry, _ index: Int) -> LogLine {
        let pool = pools[index]
        return (.debug, "rebuffering event \(entry.serial) for pool \(pool.name) (buf size=\(pool.buffer.count), "
            + "max=\(pool.buffer.capacity))")
    }

    private mutating func nextSerial() -> Int {
        lastSerial = Self.increment(lastSerial)
        return lastSerial
    }

    /// Supervisor's `new_serial`: wraps to 0 after the platform's largest integer.
    static func increment(_ serial: Int) -> Int {
        serial == Int.max ? 0 : serial + 1
    }
}
