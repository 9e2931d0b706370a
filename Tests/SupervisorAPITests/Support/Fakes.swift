import Synchronization
import SupervisorAPI
import SupervisorConfig
import SupervisorEngine
import SupervisorLogs

/// A clock that moves only when told to.
final class ManualClock: EngineClock {
    private let current = Mutex(Moment(monotonic: 1000, wall: 1_700_000_000))
    func now() -> Moment { current.withLock { $0 } }
    func advance(_ seconds: Double) { current.withLock { $0 = $0.adding(seconds) } }
}

/// Records spawns, signals, stdin and log clears, and lets the test decide their outcome. Log files are
/// `<dir>/<name>-<channel>.log` for AUTO.
final class FakeProcessRuntime: ProcessRuntime {
    struct State {
        var nextPid: Int32 = 100
        var spawned: [(name: String, pid: Int32)] = []
        var signals: [(signal: Int32, pid: Int32, toGroup: Bool)] = []
        var failSpawnsWith: SpawnFailure?
        var commandProblem: SpawnFailure?
        var signalOutcome: SignalOutcome = .sent
        var stdin: [Int32: [UInt8]] = [:]
        var stdinClosed = false
        var clearedLogs: [(paths: [String], pid: Int32)] = []
        var clearProblem: String?
    }
    let state = Mutex(State())
    let logDirectory: String

    init(logDirectory: String) {
        self.logDirectory = logDirectory
    }

    func spawn(_ request: SpawnRequest) -> SpawnOutcome {
        state.withLock { s in
            if let failure = s.failSpawnsWith { return .failed(failure) }
            s.nextPid += 1
            s.spawned.append((request.config.name, s.nextPid))
            return .spawned(pid: s.nextPid)
        }
    }

    func sendSignal(_ signal: Int32, to pid: Int32, toGroup: Bool) -> SignalOutcome {
        state.withLock { s in
            s.signals.append((signal, pid, toGroup))
            return s.signalOutcome
        }
    }

    func checkCommand(_ config: ProcessConfig) -> SpawnFailure? { state.withLock { $0.commandProblem } }

    func resolveLogfile(_ target: LogfileTarget, processName: String, channel: LogChannel) -> String? {
        switch target {
        case .none: nil
        case .auto: "\(logDirectory)/\(processName)-\(channel == .stdout ? "stdout" : "stderr").log"
        case .path(let p): p
        }
    }

    func writeStdin(_ bytes: [UInt8], to pid: Int32) -> StdinOutcome {
        state.withLock { s in
            if s.stdinClosed { return .closed }
            s.stdin[pid, default: []] += bytes
            return .written
        }
    }

    func clearLogs(_ paths: [String], of pid: Int32) -> String? {
        state.withLock { s in
            s.clearedLogs.append((paths, pid))
            return s.clearProblem
        }
    }

    func pid(of name: String) -> Int32 { state.withLock { s in s.spawned.last { $0.name == name }?.pid ?? 0 } }
    var signals: [(signal: Int32, pid: Int32, toGroup: Bool)] { state.withLock { $0.signals } }
}

/// Keeps every event.
final class RecordingEventSink: EventSink {
    let events = Mutex<[EngineEvent]>([])
    func emit(_ event: EngineEvent) { events.withLock { $0.append(event) } }
    var all: [EngineEvent] { events.withLock { $0 } }
}

struct SilentLogger: EngineLogger {
    func log(_ level: LogLevel, _ message: String) {}
}

/// The daemon side: identity, a main log path, and the configuration a reread returns.
final class FakeServices: DaemonServices {
    struct State {
        var nextConfiguration: Result<SupervisorConfiguration, ConfigError>?
        var clearProblem: String?
        var clears = 0
        /// What `prepareRestart` finds wrong with the configuration; nil: nothing.
        var restartProblem: ConfigError?
    }
    let state = Mutex(State())
    let identifier = "test-supervisor"
    let pid: Int32 = 4321
    let mainLogPath: String

    init(mainLogPath: String) {
        self.mainLogPath = mainLogPath
    }

    func clearMainLog() -> String? {
        state.withLock { s in
            s.clears += 1
            return s.clearProblem
        }
    }

    func rereadConfiguration() throws(ConfigError) -> SupervisorConfiguration {
        guard let next = state.withLock({ $0.nextConfiguration }) else { throw ConfigError("no configuration") }
        return try next.get()
    }

    func prepareRestart() throws(ConfigError) {
        if let problem = state.withLock({ $0.restartProblem }) { throw problem }
    }
}
