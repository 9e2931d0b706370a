import Glibc
import SupervisorEngine

/// The real clock: CLOCK_MONOTONIC for decisions, CLOCK_REALTIME for display.
public struct SystemClock: EngineClock {
    public init() {}

    public func now() -> Moment {
        var mono = timespec()
        var wall = timespec()
        clock_gettime(CLOCK_MONOTONIC, &mono)
        clock_gettime(CLOCK_REALTIME, &wall)
        return Moment(
            monotonic: Double(mono.tv_sec) + Double(mono.tv_nsec) / 1e9,
            wall: Double(wall.tv_sec) + Double(wall.tv_nsec) / 1e9)
    }
}
