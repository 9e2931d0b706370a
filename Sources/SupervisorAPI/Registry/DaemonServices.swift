import SupervisorConfig

/// What the API needs from the daemon beyond the engine: its identity, its main log, and a fresh read of its
/// configuration. The daemon passes a live implementation; tests pass a fake.
public protocol DaemonServices: Sendable {
    /// The `identifier` option (`getIdentification`).
    var identifier: String { get }
    /// The daemon's pid (`getPID`).
    var pid: Int32 { get }
    /// The `logfile` option as configured: a path, or `syslog`.
    var mainLogPath: String { get }
    /// `clearLog`: deletes the main log and reopens it.
    /// - Returns: nil on success, else what went wrong (FAILED).
    func clearMainLog() -> String?
    /// `reloadConfig`: reads the configuration file(s) again with the daemon's command-line options.
    func rereadConfiguration() throws(ConfigError) -> SupervisorConfiguration
    /// `restart`: reads the configuration the next generation will run and keeps it for that generation, so that
    /// a broken one is refused while everything still runs.
    /// - Throws: the problem with the configuration; nothing is kept then.
    func prepareRestart() throws(ConfigError)
}

extension DaemonServices {
    /// For daemons (and fakes) without a configuration file: nothing to check.
    public func prepareRestart() throws(ConfigError) {}
}
