/// The daemon's log levels with Supervisor's numbers and 4-letter names
/// (`LevelsByName` in `supervisor/loggers.py`).
///
/// A message is logged when its level is `>=` the configured `loglevel`. Parsing the config
/// spelling (`critical`, `error`, `warn`, `info`, `debug`, `trace`, `blather`; `warning` is
/// not accepted) is the config target's job.
public enum LogLevel: Int, Sendable, CaseIterable, Comparable {
    /// `CRIT` 50: messages that probably require immediate user attention.
    case critical = 50
    /// `ERRO` 40: messages that indicate a potentially ignorable error condition.
    case error = 40
    /// `WARN` 30: messages that indicate issues which aren't errors.
    case warn = 30
    /// `INFO` 20: normal informational output (the default level).
    case info = 20
    /// `DEBG` 10: messages useful for users trying to debug configurations; also where child
    /// output is echoed to the main log.
    case debug = 10
    /// `TRAC` 5: messages useful to developers trying to debug plugins.
    case trace = 5
    /// `BLAT` 3: messages useful for developers trying to debug Supervisor.
    case blather = 3

    /// The 4-letter name written in the main log (`CRIT`, `ERRO`, `WARN`, `INFO`, `DEBG`,
    /// `TRAC`, `BLAT`).
    public var name: String {
        switch self {
        case .critical: "CRIT"
        case .error: "ERRO"
        case .warn: "WARN"
        case .info: "INFO"
        case .debug: "DEBG"
        case .trace: "TRAC"
        case .blather: "BLAT"
        }
    }

    public static func < (lhs: LogLevel, rhs: LogLevel) -> Bool {
        lhs.rawValue < rhs.rawValue
    }
}
