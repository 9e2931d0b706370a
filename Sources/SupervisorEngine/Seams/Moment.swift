/// One instant seen two ways: `monotonic` seconds for every decision (timeouts, backoff, startsecs), and `wall`
/// seconds since the Unix epoch only for what is shown to people and clients (`start`, `stop`, `now` in
/// `getProcessInfo`). Keeping decisions on the monotonic clock makes a wall-clock jump harmless, which Supervisor
/// has to patch up by hand (`_check_and_adjust_for_system_clock_rollback`).
public struct Moment: Equatable, Sendable {
    public var monotonic: Double
    public var wall: Double

    public init(monotonic: Double, wall: Double) {
        self.monotonic = monotonic
        self.wall = wall
    }

    /// The same instant `seconds` later.
    public func adding(_ seconds: Double) -> Moment {
        Moment(monotonic: monotonic + seconds, wall: wall + seconds)
    }
}

/// Where the engine gets the time: `SystemClock` in the daemon, `ManualClock` in tests.
public protocol EngineClock: Sendable {
    func now() -> Moment
}
