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
        var serial: Int?
        var lines: [LogLine] = []
        for index in pools.indices {
            let times = pools[index].matchCount(event.type)
            guard times > 0 else { continue }
            let eventSerial = serial ?? nextSerial()
            serial = eventSerial
            pools[index].lastPoolSerial = Self.increment(pools[index].lastPoolSerial)
            let entry = EventBuffer.Entry(serial: eventSerial, poolSerial: pools[index].lastPoolSerial, event: event)
            lines += add(entry, to: index, atHead: false)
            for _ in 1..<times {
                lines.append(rebufferingLine(entry, index))
                lines += add(entry, to: index, atHead: false)
            }
        }
        return (lines, serial != nil)
    }

    /// Puts an event back at the head of its pool's buffer: the listener rejected it, died while busy, or no
    /// listener could take it.
    public mutating func rebuffer(_ entry: EventBuffer.Entry, pool name: String) -> [LogLine] {
        guard let index = pools.firstIndex(where: { $0.name == name }) else { return [] }
        return [rebufferingLine(entry, index)] + add(entry, to: index, atHead: true)
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
