#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Formats a line of the daemon's own log: `YYYY-MM-DD HH:MM:SS,mmm LEVL message\n`.
///
/// This is Supervisor's `'%(asctime)s %(levelname)s %(message)s\n'` with `LogRecord.asdict`
/// (`supervisor/loggers.py`): the date and time come from `strftime("%Y-%m-%d %H:%M:%S")`
/// of the time rounded down to the second, and the milliseconds are
/// `int((t - int(t)) * 1000)`, i.e. truncated, not rounded, so `…,999` never becomes the
/// next second (and `4102444800.007` prints `,006` because of binary floating point, as in
/// Python). The message is written as given; the caller does any `%` interpolation.
public struct MainLogFormatter: Sendable {
    /// Which clock face the timestamp uses.
    public enum Zone: Sendable {
        /// Local time (`localtime_r`, honouring `TZ`), as Supervisor writes it.
        case local
        /// UTC (`gmtime_r`), for tests that must not depend on the machine's time zone.
        case utc
    }

    /// The time zone of the timestamps.
    public var zone: Zone

    /// A formatter; Supervisor uses ``Zone/local``.
    public init(zone: Zone = .local) {
        self.zone = zone
    }

    /// The full line, ending in `\n`.
    ///
    /// - Parameters:
    ///   - time: seconds since the epoch (a non-finite value is treated as `0`).
    ///   - level: the message's level.
    ///   - message: the text, already formatted.
    public func format(time: Double, level: LogLevel, message: String) -> String {
        "\(timestamp(time: time)) \(level.name) \(message)\n"
    }

    /// `YYYY-MM-DD HH:MM:SS,mmm` for `time` (seconds since the epoch).
    public func timestamp(time: Double) -> String {
        // Python would raise on NaN or an out-of-range time; the daemon must not trap.
        let time = time.isFinite && abs(time) < 1e15 ? time : 0
        var seconds = time_t(time.rounded(.down))
        var broken = tm()
        switch zone {
        case .local:
            _ = Self.timeZoneLoaded
            localtime_r(&seconds, &broken)
        case .utc:
            gmtime_r(&seconds, &broken)
        }
        var buffer = [CChar](repeating: 0, count: 64)
        let length = strftime(&buffer, buffer.count, "%Y-%m-%d %H:%M:%S", &broken)
        let date = String(decoding: buffer[0..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self)
        let milliseconds = Int((time - time.rounded(.towardZero)) * 1000)
        return date + "," + Self.zeroPadded(milliseconds, width: 3)
    }

    /// `localtime_r` does not have to read `TZ`; `tzset` once makes it do so.
    private static let timeZoneLoaded: Void = tzset()

    /// Python's `'%0<width>d' % value`: the sign counts toward the width.
    private static func zeroPadded(_ value: Int, width: Int) -> String {
        let digits = String(value.magnitude)
        let sign = value < 0 ? "-" : ""
        let padding = max(0, width - sign.count - digits.count)
        return sign + String(repeating: "0", count: padding) + digits
    }
}
