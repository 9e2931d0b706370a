/// One pool's FIFO of events waiting for a ready listener, with Supervisor's overflow rule: when full, the
/// oldest event is dropped (and the caller logs `pool <pool> event buffer overflowed, discarding event <serial>`).
public struct EventBuffer: Sendable {
    /// An event with the global serial it was given when first accepted, and this pool's serial.
    public struct Entry: Equatable, Sendable {
        public var serial: Int
        public var poolSerial: Int
        public var event: ListenerEvent
        /// The serial every pool that took the event gave it (Supervisor's `event.pool_serials`, shared by all of
        /// them), so a pool re-buffering it keeps its number.
        public var poolSerials: [String: Int]

        public init(serial: Int, poolSerial: Int, event: ListenerEvent, poolSerials: [String: Int] = [:]) {
            self.serial = serial
            self.poolSerial = poolSerial
            self.event = event
            self.poolSerials = poolSerials
        }
    }

    public let capacity: Int
    public private(set) var entries: [Entry] = []

    public init(capacity: Int) {
        self.capacity = max(1, capacity)
    }

    /// Appends at the tail (a new event) or the head (a rejected one to resend); returns the serial of the
    /// event discarded to make room, if any.
    @discardableResult
    public mutating func add(_ entry: Entry, atHead: Bool = false) -> Int? {
        var discarded: Int?
        if entries.count >= capacity {
            discarded = entries.removeFirst().serial
        }
        if atHead { entries.insert(entry, at: 0) } else { entries.append(entry) }
        return discarded
    }

    /// Takes the oldest event.
    public mutating func next() -> Entry? {
        entries.isEmpty ? nil : entries.removeFirst()
    }

    public var isEmpty: Bool { entries.isEmpty }
    public var count: Int { entries.count }
}
