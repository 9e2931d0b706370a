import Glibc
import SupervisorLogs
import Testing

@Suite struct MainLogFormatterTests {
    /// Made with Supervisor's `LogRecord.asdict` arithmetic in Python 3.11, with
    /// `time.gmtime` in place of `time.localtime`:
    /// `'%s,%03d' % (time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(t)), (t - int(t)) * 1000)`.
    @Test(arguments: [
        (0.0, "1970-01-01 00:00:00,000"),
        (1.5, "1970-01-01 00:00:01,500"),
        (1700000000.123456, "2023-11-14 22:13:20,123"),
        (1700000000.9999, "2023-11-14 22:13:20,999"),
        (1234567890.5, "2009-02-13 23:31:30,500"),
        (1000000000.001, "2001-09-09 01:46:40,001"),
        (1709251199.9995, "2024-02-29 23:59:59,999"),
        (951782400.25, "2000-02-29 00:00:00,250"),
        (4102444800.007, "2100-01-01 00:00:00,006"),
    ])
    func timestampMatchesSupervisor(time: Double, expected: String) {
        #expect(MainLogFormatter(zone: .utc).timestamp(time: time) == expected)
    }

    @Test func lineIsTimestampLevelMessageNewline() {
        let line = MainLogFormatter(zone: .utc).format(time: 1.5, level: .info, message: "supervisord started with pid 42")
        #expect(line == "1970-01-01 00:00:01,500 INFO supervisord started with pid 42\n")
    }

    @Test func localZoneUsesLocaltime() {
        let time = 1700000000.25
        var seconds = time_t(1700000000)
        var broken = tm()
        localtime_r(&seconds, &broken)
        let line = MainLogFormatter().format(time: time, level: .critical, message: "x")
        #expect(line.hasSuffix(String(format2(Int(broken.tm_min))) + ":" + format2(Int(broken.tm_sec)) + ",250 CRIT x\n"))
        #expect(line.hasPrefix("\(broken.tm_year + 1900)-"))
    }

    @Test(arguments: [Double.nan, .infinity, -.infinity, 1e300])
    func nonsenseTimesDoNotTrap(time: Double) {
        #expect(MainLogFormatter(zone: .utc).timestamp(time: time) == "1970-01-01 00:00:00,000")
    }

    private func format2(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}

@Suite struct LogLevelTests {
    @Test func numbersAndNamesAreSupervisors() {
        let table: [(LogLevel, Int, String)] = [
            (.critical, 50, "CRIT"), (.error, 40, "ERRO"), (.warn, 30, "WARN"), (.info, 20, "INFO"),
            (.debug, 10, "DEBG"), (.trace, 5, "TRAC"), (.blather, 3, "BLAT"),
        ]
        #expect(table.count == LogLevel.allCases.count)
        for (level, number, name) in table {
            #expect(level.rawValue == number)
            #expect(level.name == name)
            #expect(LogLevel(rawValue: number) == level)
        }
    }

    @Test func levelsOrderByNumber() {
        #expect(LogLevel.blather < .trace && .trace < .debug && .debug < .info)
        #expect(LogLevel.info < .warn && .warn < .error && .error < .critical)
    }
}
