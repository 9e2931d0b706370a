#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// RFC 1123 dates as Medusa's `http_date.build_http_date` writes them (`Tue, 24 Nov 2026 20:36:53 GMT`), for the
/// `Date` and `Last-Modified` headers. Foundation-free on purpose (STACK.md §6).
enum HTTPDate {
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The date for `secondsSinceEpoch` (UTC).
    static func string(secondsSinceEpoch: Int) -> String {
        var t = time_t(secondsSinceEpoch)
        var tm = tm()
        guard gmtime_r(&t, &tm) != nil else { return "Thu, 01 Jan 1970 00:00:00 GMT" }
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return "\(weekdays[Int(tm.tm_wday)]), \(two(tm.tm_mday)) \(months[Int(tm.tm_mon)]) \(1900 + tm.tm_year) "
            + "\(two(tm.tm_hour)):\(two(tm.tm_min)):\(two(tm.tm_sec)) GMT"
    }

    /// The current date.
    static func now() -> String { string(secondsSinceEpoch: Int(time(nil))) }
}
