import SupervisorConfig
import SupervisorLogs

/// The life cycle of one supervised process as a pure value: it takes an input and the current moment, updates
/// its state, and returns the effects for the engine to carry out (spawn, signal, events, log lines). It never
/// touches the operating system or reads a clock, so every edge is testable with made-up times.
///
/// Each transition follows Supervisor 4.3's `Subprocess` (`supervisor/process.py`) and `spec/states.md` §2; log
/// texts are Supervisor's.
public struct ProcessStateMachine: Sendable {
    /// The options that drive transitions (from the process's config).
    public struct Settings: Equatable, Sendable {
        public var name: String
        public var autostart: Bool
        public var autorestart: AutorestartPolicy
        public var startSecs: Int
        public var startRetries: Int
        public var exitCodes: [Int]
        public var stopSignal: Int32
        public var stopWaitSecs: Int
        public var stopAsGroup: Bool
        public var killAsGroup: Bool
        /// `ready_timeout` when the process has a `ready_check` (it stays STARTING until `.ready`); nil keeps
        /// Supervisor's rule (RUNNING once `startsecs` passed).
        public var readyTimeout: Double?
        /// The `ready_check` as written, for log lines.
        public var readyCheck: String
        /// `backoff_strategy` and friends; nil keeps Supervisor's delays and immediate restarts.
        public var restartPolicy: RestartPolicy?

        public init(_ config: ProcessConfig) {
            name = config.name
            autostart = config.autostart
            autorestart = config.autorestart
            startSecs = config.startSecs
            startRetries = config.startRetries
            exitCodes = config.exitCodes
            stopSignal = config.stopSignal
            stopWaitSecs = config.stopWaitSecs
            stopAsGroup = config.stopAsGroup
            killAsGroup = config.killAsGroup
            readyTimeout = config.checks?.readiness?.timeout
            readyCheck = config.checks?.readiness?.check.description ?? ""
            restartPolicy = config.restartPolicy
        }
    }

    /// Something that happened to the process.
    public enum Input: Equatable, Sendable {
        /// A start request (RPC, or the engine's own autostart/autorestart/backoff retry).
        case start
        /// The spawn the machine asked for succeeded with this pid. `execFailed`: the child failed before exec and
        /// is exiting; its exit counts as too quick whenever it is handled (it never ran).
        case spawned(pid: Int32, execFailed: Bool = false)
        /// The spawn could not happen (command not found, no pipes, fork failed): Supervisor's spawnerr text.
        case spawnFailed(String)
        /// An administrative stop request.
        case stop
        /// The daemon is shutting down: RUNNING/STARTING stop, BACKOFF gives up (`stop_all`).
        case stopForShutdown
        /// The child was reaped.
        case exited(ExitStatus)
        /// Sending a signal failed with an error other than "no such process".
        case signalFailed(String)
        /// Time passed: apply the time-based transitions. `autoStartAllowed` is false while the daemon shuts down.
        case tick(autoStartAllowed: Bool)
        /// The readiness check of the current child passed (only with a `ready_check`).
        case ready
        /// A try of the readiness check failed: why, for the message when `ready_timeout` passes.
        case notReady(String)
    }

    /// An effect for the engine to carry out, in order.
    public enum Effect: Equatable, Sendable {
        /// Resolve the command, make pipes and fork; report back `.spawned` or `.spawnFailed`.
        case spawn
        /// Send a signal to the pid, or to its process group.
        case sendSignal(Int32, pid: Int32, toGroup: Bool)
        /// The state changed; the engine emits the PROCESS_STATE event.
        case stateChanged(StateChange)
        /// A line for the daemon's log.
        case log(LogLevel, String)
    }

    /// A state change with the values its event carries, captured when it happened.
    public struct StateChange: Equatable, Sendable {
        public var from: ProcessState
        public var to: ProcessState
        public var expected: Bool
        public var pid: Int32
        public var tries: Int
    }

    public private(set) var settings: Settings
    public private(set) var state: ProcessState = .stopped
    /// The running child's pid, 0 when none.
    public private(set) var pid: Int32 = 0
    /// When the last spawn was attempted; nil if never.
    public private(set) var lastStart: Moment?
    /// When the process last ended; nil if never.
    public private(set) var lastStop: Moment?
    /// The last exit code (-1 for a signal); nil after a too-quick exit or a new spawn.
    public private(set) var exitStatus: Int?
    /// Why the last start failed, shown in `description` and `spawnerr`.
    public private(set) var spawnError: String?
    /// Consecutive failed starts.
    public private(set) var backoff = 0
    /// The deadline of the current wait: next retry in BACKOFF, SIGKILL in STOPPING; nil when none.
    public private(set) var delay: Double?
    /// A stop signal has been sent and the exit is awaited.
    public private(set) var killing = false
    /// The current child failed before exec: it stays STARTING until its exit, which is too quick however late it
    /// is handled (on a loaded machine the exit may be handled after `startsecs`).
    public private(set) var execFailed = false
    public private(set) var administrativeStop = false
    public private(set) var systemStop = false
    /// The current child passed its readiness check (always false without a `ready_check`).
    public private(set) var isReady = false
    /// Why the last try of the readiness check failed, for the timeout message.
    public private(set) var lastNotReady: String?
    /// The current child missed `ready_timeout` and is being stopped; its exit is a failed start.
    public private(set) var readyTimedOut = false
    /// `restart_backoff`: unexpected exits after RUNNING in a row (reset after `backoff_reset_after` in RUNNING).
    public private(set) var crashRestarts = 0
    /// In BACKOFF after an unexpected exit from RUNNING (`restart_backoff`), not after a failed start: the wait
    /// does not count against `startretries`.
    public private(set) var crashBackoff = false
    /// When the process last entered RUNNING (monotonic).
    public private(set) var runningSince: Double?
    /// How the last child ended, for `shutdown_on`'s exit status.
    public private(set) var lastExit: ExitStatus?

    public init(settings: Settings) {
        self.settings = settings
    }

    /// Updates the options that drive transitions (after a config reload keeps the process).
    public mutating func update(settings: Settings) {
        self.settings = settings
    }

    /// Whether `.start` would be accepted now.
    public var canStart: Bool { pid == 0 && [.exited, .fatal, .backoff, .stopped].contains(state) }

    /// When the machine next needs a `.tick` to move on by itself, on the monotonic clock; nil if only an outside
    /// event can move it. STARTING needs time strictly past `startsecs`, hence the small margin.
    public var nextDeadline: Double? {
        switch state {
        case .starting where settings.readyTimeout != nil: readinessDeadline
        case .starting: execFailed ? nil : lastStart.map { $0.monotonic + Double(settings.startSecs) + 0.000_001 }
        case .backoff: !crashBackoff && backoff > settings.startRetries ? 0 : delay.map { $0 + 0.000_001 }
        case .stopping: delay
        default: nil
        }
    }

    /// Applies one input at `now` and returns what the engine must do.
    public mutating func handle(_ input: Input, at now: Moment) -> [Effect] {
        var effects: [Effect] = []
        switch input {
        case .start: startSpawn(at: now, &effects)
        case .spawned(let newPid, let execFailed): spawned(newPid, execFailed: execFailed, at: now, &effects)
        case .spawnFailed(let message): spawnFailed(message, at: now, &effects)
        case .stop: administrativeStop(at: now, &effects)
        case .stopForShutdown: stopForShutdown(at: now, &effects)
        case .exited(let status): finish(status, at: now, &effects)
        case .signalFailed(let message): signalFailed(message, &effects)
        case .tick(let allowed): transition(at: now, autoStartAllowed: allowed, &effects)
        case .ready: becameReady(at: now, &effects)
        case .notReady(let reason): if state == .starting, pid != 0 { lastNotReady = reason }
        }
        return effects
    }

    // MARK: - Readiness (only with a `ready_check`)

    /// STARTING with a readiness check: SIGKILL time after a missed `ready_timeout`, RUNNING time once ready, else
    /// the `ready_timeout` itself.
    private var readinessDeadline: Double? {
        guard !execFailed, let start = lastStart, let timeout = settings.readyTimeout else { return nil }
        if readyTimedOut { return delay }
        if isReady { return start.monotonic + Double(settings.startSecs) + 0.000_001 }
        return start.monotonic + timeout
    }

    private mutating func becameReady(at now: Moment, _ effects: inout [Effect]) {
        guard settings.readyTimeout != nil, state == .starting, pid != 0, !isReady, !readyTimedOut, !execFailed
        else { return }
        isReady = true
        effects.append(.log(.info, "ready: \(settings.name) passed its ready check (\(settings.readyCheck))"))
        enterRunningIfDue(at: now, &effects)
    }

    /// STARTING -> RUNNING once `startsecs` passed and, with a readiness check, the check passed.
    private mutating func enterRunningIfDue(at now: Moment, _ effects: inout [Effect]) {
        guard state == .starting, !execFailed, let start = lastStart,
              now.monotonic - start.monotonic > Double(settings.startSecs)
                || (settings.readyTimeout != nil && settings.startSecs == 0)
        else { return }
        if settings.readyTimeout != nil {
            guard isReady, !readyTimedOut else { return }
        }
        delay = nil
        backoff = 0
        change(to: .running, at: now, &effects)
        if settings.readyTimeout != nil {
            effects.append(.log(.info, "success: \(settings.name) entered RUNNING state, process is ready (\(settings.readyCheck))"))
        } else {
            effects.append(.log(.info, "success: \(settings.name) entered RUNNING state, process has stayed up for > than \(settings.startSecs) seconds (startsecs)"))
        }
    }

    /// STARTING past `ready_timeout` without passing: stop the child with its `stopsignal` (SIGKILL after
    /// `stopwaitsecs`); its exit then counts as a failed start.
    private mutating func checkReadyTimeout(at now: Moment, _ effects: inout [Effect]) {
        guard state == .starting, pid != 0, !execFailed, let timeout = settings.readyTimeout, let start = lastStart
        else { return }
        if readyTimedOut {
            if let d = delay, now.monotonic >= d {
                delay = nil
                effects.append(.log(.warn, "killing '\(settings.name)' (\(pid)) with SIGKILL"))
                effects.append(.sendSignal(9, pid: pid, toGroup: settings.killAsGroup))
            }
            return
        }
        guard !isReady, now.monotonic - start.monotonic >= timeout else { return }
        readyTimedOut = true
        let seconds = Self.secondsText(timeout)
        spawnError = "not ready after \(seconds)" + (lastNotReady.map { ": \($0)" } ?? "")
        effects.append(.log(.warn, "not ready: \(settings.name) did not pass its ready check (\(settings.readyCheck)) "
            + "within \(seconds)" + (lastNotReady.map { " (last: \($0))" } ?? "") + "; stopping it"))
        delay = now.monotonic + Double(settings.stopWaitSecs)
        effects.append(.log(.debug, "killing \(settings.name) (pid \(pid)) \(settings.stopAsGroup ? "process group " : "")with signal \(signalName(settings.stopSignal))"))
        effects.append(.sendSignal(settings.stopSignal, pid: pid, toGroup: settings.stopAsGroup))
    }

    /// `60 seconds`, `0.5 seconds`, `1 second`.
    static func secondsText(_ seconds: Double) -> String {
        let number = seconds == seconds.rounded() ? String(Int(seconds)) : String(seconds)
        return "\(number) second\(seconds == 1 ? "" : "s")"
    }

    // MARK: - Transitions

    private mutating func change(to newState: ProcessState, expected: Bool = true, at now: Moment,
                                 _ effects: inout [Effect]) {
        let old = state
        guard newState != old else { return }
        state = newState
        if newState != .backoff { crashBackoff = false }
        if newState == .running { runningSince = now.monotonic }
        if newState == .backoff {
            if crashBackoff {
                delay = now.monotonic + (settings.restartPolicy?.delay(forAttempt: crashRestarts) ?? 1)
            } else {
                backoff += 1
                delay = now.monotonic + (settings.restartPolicy?.delay(forAttempt: backoff) ?? Double(backoff))
            }
        }
        effects.append(.stateChanged(StateChange(from: old, to: newState, expected: expected, pid: pid,
                                                 tries: backoff)))
    }

    /// Logs an impossible transition instead of crashing: input can reach here (Supervisor raises
    /// AssertionError, STYLE §4).
    private func misuse(_ what: String, _ effects: inout [Effect]) {
        effects.append(.log(.error, "ignored \(what) for \(settings.name) in state \(state.name)"))
    }

    private mutating func startSpawn(at now: Moment, _ effects: inout [Effect]) {
        if pid != 0 {
            effects.append(.log(.warn, "process '\(settings.name)' already running"))
            return
        }
        guard [.exited, .fatal, .backoff, .stopped].contains(state) else {
            misuse("start", &effects)
            return
        }
        killing = false
        spawnError = nil
        exitStatus = nil
        isReady = false
        lastNotReady = nil
        readyTimedOut = false
        systemStop = false
        administrativeStop = false
        lastStart = now
        change(to: .starting, at: now, &effects)
        effects.append(.spawn)
    }

    private mutating func spawned(_ newPid: Int32, execFailed: Bool, at now: Moment, _ effects: inout [Effect]) {
        guard state == .starting, pid == 0 else {
            misuse("spawned", &effects)
            return
        }
        pid = newPid
        self.execFailed = execFailed
        spawnError = nil
        delay = now.monotonic + Double(settings.startSecs)
        effects.append(.log(.info, "spawned: '\(settings.name)' with pid \(newPid)"))
    }

    private mutating func spawnFailed(_ message: String, at now: Moment, _ effects: inout [Effect]) {
        guard state == .starting, pid == 0 else {
            misuse("spawn failure", &effects)
            return
        }
        spawnError = message
        effects.append(.log(.info, "spawnerr: \(message)"))
        change(to: .backoff, at: now, &effects)
    }

    private mutating func administrativeStop(at now: Moment, _ effects: inout [Effect]) {
        administrativeStop = true
        kill(settings.stopSignal, at: now, &effects)
    }

    private mutating func stopForShutdown(at now: Moment, _ effects: inout [Effect]) {
        switch state {
        case .running, .starting:
            administrativeStop(at: now, &effects)
        case .backoff:
            giveUp(at: now, &effects)
        default:
            break
        }
    }

    /// Supervisor's `kill`: the stop signal (or SIGKILL when already STOPPING).
    private mutating func kill(_ signal: Int32, at now: Moment, _ effects: inout [Effect]) {
        if state == .backoff {
            effects.append(.log(.debug, "Attempted to kill \(settings.name), which is in BACKOFF state."))
            change(to: .stopped, at: now, &effects)
            return
        }
        guard pid != 0 else {
            effects.append(.log(.debug, "attempted to kill \(settings.name) with sig \(signalName(signal)) but it wasn't running"))
            return
        }
        guard [.running, .starting, .stopping].contains(state) else {
            misuse("kill", &effects)
            return
        }
        let asGroup = state == .stopping ? settings.killAsGroup : settings.stopAsGroup
        effects.append(.log(.debug, "killing \(settings.name) (pid \(pid)) \(asGroup ? "process group " : "")with signal \(signalName(signal))"))
        killing = true
        delay = now.monotonic + Double(settings.stopWaitSecs)
        change(to: .stopping, at: now, &effects)
        effects.append(.sendSignal(signal, pid: pid, toGroup: asGroup))
    }

    private mutating func signalFailed(_ message: String, _ effects: inout [Effect]) {
        effects.append(.log(.critical, message))
        let old = state
        state = .unknown
        killing = false
        delay = nil
        if old != .unknown {
            effects.append(.stateChanged(StateChange(from: old, to: .unknown, expected: true, pid: pid, tries: backoff)))
        }
    }

    private mutating func giveUp(at now: Moment, _ effects: inout [Effect]) {
        delay = nil
        backoff = 0
        systemStop = true
        change(to: .fatal, at: now, &effects)
    }

    /// Supervisor's `finish`: the child was reaped.
    private mutating func finish(_ status: ExitStatus, at now: Moment, _ effects: inout [Effect]) {
        guard pid != 0 else {
            misuse("exit", &effects)
            return
        }
        lastStop = now
        lastExit = status
        let started = lastStart?.monotonic ?? now.monotonic
        let notReady = settings.readyTimeout != nil && !isReady
        let tooQuickly = now.monotonic - started < Double(settings.startSecs) || execFailed || notReady
        execFailed = false
        let timedOut = readyTimedOut
        readyTimedOut = false
        let expected = settings.exitCodes.contains(status.code)
        if killing {
            killing = false
            delay = nil
            exitStatus = status.code
            change(to: .stopped, at: now, &effects)
            effects.append(.log(expected ? .info : .warn, "stopped: \(settings.name) (\(status.message))"))
        } else if tooQuickly && state == .starting {
            exitStatus = nil
            if !timedOut {
                spawnError = notReady && now.monotonic - started >= Double(settings.startSecs)
                    ? "Exited before it was ready (process log may have details)"
                    : "Exited too quickly (process log may have details)"
            }
            delay = nil
            change(to: .backoff, at: now, &effects)
            effects.append(.log(.warn, "exited: \(settings.name) (\(status.message); not expected)"))
        } else {
            delay = nil
            backoff = 0
            exitStatus = status.code
            if state == .starting { change(to: .running, at: now, &effects) }
            if expected {
                change(to: .exited, expected: true, at: now, &effects)
                effects.append(.log(.info, "exited: \(settings.name) (\(status.message); expected)"))
            } else {
                spawnError = "Bad exit code \(status.code)"
                change(to: .exited, expected: false, at: now, &effects)
                effects.append(.log(.warn, "exited: \(settings.name) (\(status.message); not expected)"))
                backOffAfterCrash(at: now, &effects)
            }
        }
        pid = 0
    }

    /// `restart_backoff`: an unexpected exit from RUNNING that `autorestart` would restart at once waits the
    /// policy's growing delay in BACKOFF instead (EXITED -> BACKOFF), without counting against `startretries`.
    private mutating func backOffAfterCrash(at now: Moment, _ effects: inout [Effect]) {
        guard let policy = settings.restartPolicy, policy.restartBackoff, settings.autorestart != .never,
              state == .exited else { return }
        if let since = runningSince, now.monotonic - since >= policy.resetAfter { crashRestarts = 0 }
        crashRestarts += 1
        crashBackoff = true
        change(to: .backoff, at: now, &effects)
        let wait = policy.delay(forAttempt: crashRestarts)
        effects.append(.log(.info, "backoff: \(settings.name) starts again in \(Self.secondsText(wait)) "
            + "(restart \(crashRestarts) after an unexpected exit)"))
    }

    /// Supervisor's `transition`: the time-based moves.
    private mutating func transition(at now: Moment, autoStartAllowed: Bool, _ effects: inout [Effect]) {
        let original = state
        if autoStartAllowed {
            switch original {
            case .exited:
                let restart = switch settings.autorestart {
                case .always: true
                case .unexpected: !settings.exitCodes.contains(exitStatus ?? -1)
                case .never: false
                }
                if restart { startSpawn(at: now, &effects) }
            case .stopped where lastStart == nil:
                if settings.autostart { startSpawn(at: now, &effects) }
            case .backoff:
                if crashBackoff || backoff <= settings.startRetries, let d = delay, now.monotonic > d {
                    startSpawn(at: now, &effects)
                }
            default:
                break
            }
        }
        switch original {
        case .starting:
            if settings.readyTimeout != nil { checkReadyTimeout(at: now, &effects) }
            enterRunningIfDue(at: now, &effects)
        case .backoff:
            if state == .backoff, !crashBackoff, backoff > settings.startRetries {
                giveUp(at: now, &effects)
                effects.append(.log(.info, "gave up: \(settings.name) entered FATAL state, too many start retries too quickly"))
            }
        case .stopping:
            if let d = delay, d - now.monotonic <= 0 {
                effects.append(.log(.warn, "killing '\(settings.name)' (\(pid)) with SIGKILL"))
                kill(9, at: now, &effects)
            }
        default:
            break
        }
    }

    private func signalName(_ signal: Int32) -> String {
        SignalTable.name(of: signal) ?? "signal \(signal)"
    }
}
