/// A calendar date and time as XML-RPC's `dateTime.iso8601` carries it: `YYYYMMDDTHH:MM:SS`, no time zone.
///
/// ``XMLRPCValue/dateTime(_:)`` keeps the raw text; this type parses and builds it. Python writes naive
/// `datetime`s in this shape (`xmlrpc.client._strftime`), and Supervisor's request parser accepts only this shape
/// (`time.strptime(text, "%Y%m%dT%H:%M:%S")` in `supervisor/xmlrpc.py`). Conversions to and from a Unix time treat the
/// fields as UTC.
public struct XMLRPCDateTime: Hashable, Sendable, CustomStringConvertible {
    /// Year, 0...9999.
    public var year: Int
    /// Month, 1...12.
    public var month: Int
    /// Day of the month, 1...31.
    public var day: Int
    /// Hour, 0...23.
    public var hour: Int
    /// Minute, 0...59.
    public var minute: Int
    /// Second, 0...61 (`strptime` allows leap seconds).
    public var second: Int

    /// Creates a date and time from its fields; they are not range-checked.
    public init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0) {
        self.year = year
        self.month = month
        self.day = day
        self.hour = hour
        self.minute = minute
        self.second = second
    }

    /// Parses `YYYYMMDDTHH:MM:SS` (exactly 17 characters, digits where shown, fields in range).
    ///
    /// - Returns: nil when the text has any other shape.
    public init?(iso8601 text: String) {
        let b = Array(text.utf8)
        guard b.count == 17, b[8] == UInt8(ascii: "T"), b[11] == UInt8(ascii: ":"), b[14] == UInt8(ascii: ":")
        else { return nil }
        func number(_ from: Int, _ count: Int) -> Int? {
            var n = 0
            for i in from..<(from + count) {
                let d = b[i] &- UInt8(ascii: "0")
                guard d < 10 else { return nil }
                n = n * 10 + Int(d)
            }
            return n
        }
        guard let y = number(0, 4), let mo = number(4, 2), let d = number(6, 2),
              let h = number(9, 2), let mi = number(12, 2), let s = number(15, 2),
              (1...12).contains(mo), (1...31).contains(d), h < 24, mi < 60, s < 62
        else { return nil }
        self.init(year: y, month: mo, day: d, hour: h, minute: mi, second: s)
    }

    /// Creates the UTC date and time of a Unix time (seconds since 1970-01-01T00:00:00Z).
    public init(secondsSince1970 seconds: Int) {
        let days = seconds >= 0 ? seconds / 86_400 : -((-seconds + 86_399) / 86_400)
        let rest = seconds - days * 86_400
        // Civil-from-days, Howard Hinnant's algorithm (proleptic Gregorian calendar).
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        self.init(year: yoe + era * 400 + (m <= 2 ? 1 : 0), month: m, day: d,
                  hour: rest / 3600, minute: rest % 3600 / 60, second: rest % 60)
    }

    /// The Unix time of these fields read as UTC.
    public var secondsSince1970: Int {
        // Days-from-civil, the inverse of the algorithm above.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        let days = era * 146_097 + doe - 719_468
        return days * 86_400 + hour * 3600 + minute * 60 + second
    }

    /// `YYYYMMDDTHH:MM:SS`, zero-padded as Python's `"%04d%02d%02dT%02d:%02d:%02d"`.
    public var iso8601: String {
        func pad(_ n: Int, _ width: Int) -> String {
            let s = String(n)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return pad(year, 4) + pad(month, 2) + pad(day, 2) + "T" + pad(hour, 2) + ":" + pad(minute, 2) + ":"
            + pad(second, 2)
    }

    public var description: String { iso8601 }
}
