import SupervisorConfig
import SupervisorRuntime

#if canImport(Glibc)
import Glibc
#endif

/// Finds and reads the configuration the way Supervisor does, turning every problem into a usage error.
enum ConfigurationLoading {
    /// Reads the configuration a restart runs: the same file (or search) and command-line options as at startup.
    static func read(_ command: SupervisordCommand, argv0: String) throws(ConfigError) -> SupervisorConfiguration {
        let path = command.configuration ?? ConfigSearchPath.find(argv0: argv0, in: .live()) ?? "supervisord.conf"
        return try SupervisordConfigParser(context: .live()).parse(path: path, overrides: command.overrides)
    }

    /// Reads the configuration again for a restart that was not checked beforehand (restarts normally are: see
    /// `PendingRestart`); a broken one is logged to the main log (which, unlike the terminal of a daemon, someone
    /// will read) and then ends the daemon with the usage error, as in Supervisor.
    static func reload(_ command: SupervisordCommand, argv0: String, log: MainLog) -> SupervisorConfiguration {
        do {
            return try read(command, argv0: argv0)
        } catch {
            log.log(.critical, "could not reload the configuration: \(error.description)")
            Usage.fail(error.description, argv0: argv0)
        }
    }

    static func load(_ command: SupervisordCommand, argv0: String) -> SupervisorConfiguration {
        let context = ConfigContext.live()
        let overrides = command.overrides
        do {
            try overrides.validate(context: context)
        } catch {
            Usage.fail(error.description, argv0: argv0)
        }
        let path: String
        if let given = command.configuration {
            path = given
        } else {
            if getuid() == 0 {
                Usage.writeError(
                    "UserWarning: Supervisord is running as root and it is searching for its configuration file in "
                        + "default locations (including its current working directory); you probably want to "
                        + "specify a \"-c\" argument specifying an absolute path to a configuration file for "
                        + "improved security.\n")
            }
            guard let found = ConfigSearchPath.find(argv0: argv0, in: context) else {
                Usage.fail(ConfigSearchPath.notFoundMessage(argv0: argv0), argv0: argv0)
            }
            path = found
        }
        do {
            return try SupervisordConfigParser(context: context).parse(path: path, overrides: overrides)
        } catch {
            Usage.fail(error.description, argv0: argv0)
        }
    }
}
