import SupervisorAPI
import SupervisorConfig
import SupervisorRuntime

#if canImport(Glibc)
import Glibc
#endif

/// The daemon's side of the API for one generation: its identity, its main log, and rereading its configuration
/// with the same command-line options (`reloadConfig`).
struct LiveDaemonServices: DaemonServices {
    let configuration: SupervisorConfiguration
    let overrides: SupervisordOverrides
    let log: MainLog
    /// Reads and keeps the configuration of a restart (`PendingRestart.prepare`).
    let readRestartConfiguration: @Sendable () throws(ConfigError) -> Void

    var identifier: String { configuration.supervisord.identifier }
    var pid: Int32 { getpid() }
    var mainLogPath: String { configuration.supervisord.logfile }

    func clearMainLog() -> String? {
        do {
            try log.clear()
            return nil
        } catch {
            return "\(error)"
        }
    }

    /// Reads the same main file again (Supervisor's `process_config(do_usage=False)`); groups only are used.
    func rereadConfiguration() throws(ConfigError) -> SupervisorConfiguration {
        try SupervisordConfigParser(context: ConfigContext.live()).parse(
            path: configuration.configFile, overrides: overrides)
    }

    func prepareRestart() throws(ConfigError) {
        try readRestartConfiguration()
    }
}
