import Synchronization
import SupervisorConfig
import SupervisorEngine
import SupervisorLogs

/// A clock that moves only when told to.
final class ManualClock: EngineClock {
    private let current = Mutex(Moment(monotonic: 1000, wall: 1_700_000_000))
    func now() -> Moment { current.withLock { $0 } }
    func advance(_ seconds: Double) { current.withLock { $0 = $0.adding(seconds) } }
}

/// Records spawns and signals and lets the test decide their outcome.
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
        /// The FastCGI socket of each spawn request (nil entries for other processes), in spawn order.
        var spawnSockets: [FastCGISocket?] = []
        /// `checkFastCGISocket` calls as "group url", and `finished(pid:)` calls, in order.
        var checkedSockets: [String] = []
        var finished: [Int32] = []
    }
    let state = Mutex(State())

    func spawn(_ request: SpawnRequest) -> SpawnOutcome {
        state.withLock { s in
            if let failure = s.failSpawnsWith { return .failed(failure) }
            s.nextPid += 1
            s.spawned.append((request.config.name, s.nextPid))
            s.spawnSockets.append(request.fastCGISocket)
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
        case .auto: "/tmp/\(processName)-\(channel == .stdout ? "stdout" : "stderr")---supervisor-AUTO.log"
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

    func checkFastCGISocket(_ socket: FastCGISocket, group: String) {
        state.withLock { $0.checkedSockets.append("\(group) \(socket.url)") }
    }

    func finished(pid: Int32) { state.withLock { $0.finished.append(pid) } }

    var spawnCount: Int { state.withLock { $0.spawned.count } }
    var lastPid: Int32 { state.withLock { $0.spawned.last?.pid ?? 0 } }
    var signals: [(signal: Int32, pid: Int32, toGroup: Bool)] { state.withLock { $0.signals } }
}

/// Keeps every event.
final class RecordingEventSink: EventSink {
    let events = Mutex<[EngineEvent]>([])
    func emit(_ event: EngineEvent) { events.withLock { $0.append(event) } }
    var all: [EngineEvent] { events.withLock { $0 } }
    /// The process state transitions as "name:FROM->TO".
    var transitions: [String] {
        all.compactMap {
            if case .processState(let name, _, let change) = $0 { return "\(name):\(change.from.name)->\(change.to.name)" }
            return nil
        }
    }
}

/// Keeps every log line.
final class RecordingLogger: EngineLogger {
    let lines = Mutex<[String]>([])
    func log(_ level: LogLevel, _ message: String) { lines.withLock { $0.append("\(level.name) \(message)") } }
    var all: [String] { lines.withLock { $0 } }
}

/// Builds configs for tests without files.
func program(
    _ name: String, priority: Int = 999, autostart: Bool = true, autorestart: AutorestartPolicy = .unexpected,
    startSecs: Int = 1, startRetries: Int = 3, exitCodes: [Int] = [0], stopWaitSecs: Int = 10,
    stopAsGroup: Bool = false, killAsGroup: Bool = false
) -> ProcessGroupConfig {
    ProcessGroupConfig(name: name, priority: priority, kind: .program, processes: [
        ProcessConfig(section: "program:\(name)", name: name, command: "/bin/\(name)", priority: priority,
                      autostart: autostart, autorestart: autorestart, startSecs: startSecs, startRetries: startRetries,
                      stopWaitSecs: stopWaitSecs, stopAsGroup: stopAsGroup, killAsGroup: killAsGroup, exitCodes: exitCodes),
    ])
}

func configuration(_ groups: ProcessGroupConfig...) -> SupervisorConfiguration {
    SupervisorConfiguration(configFile: "/etc/s.conf", here: "/etc", supervisord: SupervisordOptions(), httpServers: [],
                            groups: groups, rpcInterfaces: [], includedFiles: [], messages: [])
}
