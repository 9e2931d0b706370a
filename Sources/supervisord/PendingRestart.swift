import Synchronization
import SupervisorConfig

/// The configuration a requested restart will run, read and checked before anything was stopped (by SIGHUP or
/// `supervisor.restart`). The next generation takes it; without one it reads the file itself.
final class PendingRestart: Sendable {
    private let configuration = Mutex<SupervisorConfiguration?>(nil)

    /// Reads the configuration as a restart would; keeps it when it is valid.
    /// - Throws: the problem with it; a configuration kept earlier is dropped then.
    func prepare(_ command: SupervisordCommand, argv0: String) throws(ConfigError) {
        configuration.withLock { $0 = nil }
        let read = try ConfigurationLoading.read(command, argv0: argv0)
        configuration.withLock { $0 = read }
    }

    /// The configuration kept for the restart, once.
    func take() -> SupervisorConfiguration? {
        configuration.withLock { kept in
            defer { kept = nil }
            return kept
        }
    }
}
