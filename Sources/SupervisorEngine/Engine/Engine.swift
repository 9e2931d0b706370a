import SupervisorConfig
import SupervisorLogs

/// The one owner of all mutable process state: the groups, each process's state machine, the pid table and the
/// daemon's own state. Everything else (RPC, signals, the reaper, timers) talks to it by awaiting its methods.
///
/// A "pass" (`tick`) does what one iteration of Supervisor's main loop does: during shutdown it stops the
/// highest-priority group, then runs every process's time-based transitions in ascending priority. Unlike
/// Supervisor it wakes at the next deadline instead of polling once a second, and it learns of exits the moment
/// the runtime reports them.
public actor Engine {
    /// One supervised process: its config, its state machine, and where its output goes.
    struct ProcessRecord {
        var config: ProcessConfig
        var machine: ProcessStateMachine
        var stdoutLogfile: String?
        var stderrLogfile: String?
        /// For a member of an event listener pool: its protocol state (nil for other processes).
        var listener: ListenerProtocol?
        /// The event sent to this listener and not yet answered (Supervisor's `process.event`).
        var inFlight: EventBuffer.Entry?
        /// For a member of a `[fcgi-program:x]` group: the group's socket, its fd 0.
        var fastCGISocket: FastCGISocket?
        /// Readiness, health and dependency bookkeeping; nil for a process whose config has none of those keys.
        var checks: ProcessCheckState?
    }

    /// One process group with its processes in config order.
    struct GroupRecord {
        var config: ProcessGroupConfig
        var processNames: [String]
        /// When the group was added, for Supervisor's dict order (its `process_groups` keeps insertion order, and
        /// ties in priority keep that order).
        var sequence: Int
    }

    /// A group of the last configuration read (`options.process_group_configs`), which `addProcessGroup` activates.
    struct AvailableGroup {
        var config: ProcessGroupConfig
        /// The log paths Supervisor writes into its config objects when it activates them (AUTO resolved), per
        /// process name; nil until this config was activated. A reread makes new, unresolved objects.
        var resolvedLogfiles: [String: ResolvedLogfiles]?
    }

    let runtime: any ProcessRuntime
    let clock: any EngineClock
    let logger: any EngineLogger
    let events: any EventSink
    /// Runs the polled readiness and health checks (`tcp://`, `http://`, `exec:`).
    let probes: any ProbeRunner
    private let serverURL: String?
    /// `[supervisord] identifier`: the `server:` of every event envelope.
    let identifier: String
    /// The listener pools' buffers and the global event serial.
    var router: EventRouter
    /// The last TICK slice per period (5, 60, 3600); empty until the first pass.
    var tickSlices: [Int: Int] = [:]
    /// A pool took an event during the current pass: the next pass comes at once, so the event is dispatched
    /// without waiting for a deadline (Supervisor waits for its next poll, up to a second).
    var poolsTookEventsThisPass = false

    /// The daemon's state; below RUNNING no process is started automatically.
    public private(set) var state: SupervisorState = .running
    var groups: [GroupRecord] = []
    var processes: [ProcessKey: ProcessRecord] = [:]
    var available: [AvailableGroup] = []
    private var nextGroupSequence = 0
    /// The message of the last failed signal per process, so `stopProcess` can answer FAILED with it.
    var signalFailures: [ProcessKey: String] = [:]
    var pidTable: [Int32: ProcessKey] = [:]
    /// During shutdown: the groups still to stop, highest priority number last.
    private var stopGroups: [String]?
    private var lastShutdownReport: Double = 0
    /// Processes a `stopProcess` call is waiting for: when "waiting for NAME to stop" was last logged, and how
    /// many calls wait.
    private var stopReports: [ProcessKey: (last: Double, waiting: Int)] = [:]
    private var waiters: [Int: Waiter] = [:]
    private var nextWaiterID = 0
    private var finishedWaiters: [CheckedContinuation<Void, Never>] = []
    private var sleeper: CheckedContinuation<Void, Never>?
    private var sleepGeneration = 0
    /// When the run loop's current sleep ends (monotonic): a change due earlier must wake it.
    private var scheduledWake = Double.infinity
    /// Explicit starts waiting for their dependencies, with the callers waiting for them to begin.
    var pendingStarts: [ProcessKey: [CheckedContinuation<EngineError?, Never>]] = [:]
    /// A state changed that a dependent may wait for: the next pass comes at once.
    var checksChangedThisPass = false
    /// Some process has readiness, health or dependency keys (else no pass looks at checks).
    var usesChecks = false
    /// Some process has `depends_on` (else starts and stops take Supervisor's order).
    var usesDependencies = false
    /// The exit status the daemon should end with (`health_action = shutdown`); nil for a normal exit.
    public private(set) var requestedExitStatus: Int32?

    /// A caller waiting for a process to reach a state.
    private struct Waiter {
        var key: ProcessKey
        var isDone: @Sendable (ProcessState) -> Bool
        /// Called with the machine as it was at the change, so the caller sees that moment's spawn error even if
        /// the process moved on before the caller ran again.
        var resume: @Sendable (ProcessStateMachine?) -> Void
    }

    public init(
        configuration: SupervisorConfiguration, runtime: any ProcessRuntime, clock: any EngineClock,
        logger: any EngineLogger, events: any EventSink, lastEventSerial: Int = -1,
        probes: any ProbeRunner = NoProbeRunner()
    ) {
        self.runtime = runtime
        self.probes = probes
        self.clock = clock
        self.logger = logger
        self.events = events
        self.serverURL = configuration.serverURL
        self.identifier = configuration.supervisord.identifier
        var groups: [GroupRecord] = []
        var processes: [ProcessKey: ProcessRecord] = [:]
        var available: [AvailableGroup] = []
        var router = EventRouter(lastSerial: lastEventSerial)
        // Supervisor creates each group (a pool subscribes then) and announces it, in start order.
        for (sequence, group) in configuration.groups.enumerated() {
            Self.insert(group, sequence: sequence, runtime: runtime, into: &groups, &processes)
            available.append(AvailableGroup(config: group, resolvedLogfiles: Self.logfiles(of: group, in: processes)))
            if case .eventListenerPool(let options) = group.kind { router.addPool(name: group.name, options: options) }
            Self.publish(.processGroupAdded(group.name), sink: events, router: &router, logger: logger)
        }
        Self.publish(.supervisorRunning, sink: events, router: &router, logger: logger)
        self.groups = groups
        self.processes = processes
        self.available = available
        self.nextGroupSequence = configuration.groups.count
        self.router = router
        (usesChecks, usesDependencies) = Self.checkUsage(processes)
    }

    /// Recomputes `usesChecks` and `usesDependencies` after the active groups changed.
    func noteCheckUsage() {
        (usesChecks, usesDependencies) = Self.checkUsage(processes)
    }

    private static func checkUsage(_ processes: [ProcessKey: ProcessRecord]) -> (checks: Bool, dependencies: Bool) {
        (processes.values.contains { $0.checks != nil },
         processes.values.contains { !($0.checks?.options.dependencies.isEmpty ?? true) })
    }

    // MARK: - Groups

    /// Adds a group's records, keeping `groups` sorted by (priority, name); AUTO log files are created here,
    /// when the group is created, as in Supervisor.
    private static func insert(
        _ config: ProcessGroupConfig, sequence: Int, runtime: any ProcessRuntime, into groups: inout [GroupRecord],
        _ processes: inout [ProcessKey: ProcessRecord]
    ) {
        var names: [String] = []
        let isPool = if case .eventListenerPool = config.kind { true } else { false }
        var fastCGISocket: FastCGISocket?
        if case .fastCGI(let socket) = config.kind {
            fastCGISocket = socket
            runtime.checkFastCGISocket(socket, group: config.name)
        }
        for p in config.processes {
            let key = ProcessKey(group: config.name, name: p.name)
            processes[key] = ProcessRecord(
                config: p, machine: ProcessStateMachine(settings: .init(p)),
                stdoutLogfile: runtime.resolveLogfile(p.stdout.logfile, processName: p.name, channel: .stdout),
                stderrLogfile: runtime.resolveLogfile(p.stderr.logfile, processName: p.name, channel: .stderr),
                listener: isPool ? ListenerProtocol(processName: p.name) : nil, fastCGISocket: fastCGISocket,
                checks: p.checks.map(ProcessCheckState.init))
            names.append(p.name)
        }
        let index = groups.firstIndex {
            $0.config.priority > config.priority
                || ($0.config.priority == config.priority
                    && config.name.unicodeScalars.lexicographicallyPrecedes($0.config.name.unicodeScalars))
        } ?? groups.endIndex
        groups.insert(GroupRecord(config: config, processNames: names, sequence: sequence), at: index)
    }

    static func logfiles(
        of config: ProcessGroupConfig, in processes: [ProcessKey: ProcessRecord]
    ) -> [String: ResolvedLogfiles] {
        var result: [String: ResolvedLogfiles] = [:]
        for p in config.processes {
            let record = processes[ProcessKey(group: config.name, name: p.name)]
            result[p.name] = ResolvedLogfiles(stdout: record?.stdoutLogfile, stderr: record?.stderrLogfile)
        }
        return result
    }

    private func addGroupRecord(_ config: ProcessGroupConfig) {
        Self.insert(config, sequence: nextGroupSequence, runtime: runtime, into: &groups, &processes)
        nextGroupSequence += 1
        if case .eventListenerPool(let options) = config.kind { router.addPool(name: config.name, options: options) }
        noteCheckUsage()
        emit(.processGroupAdded(config.name))
    }

    /// Adds a group at run time (`addProcessGroup`, `update`).
    public func addGroup(_ config: ProcessGroupConfig) throws(EngineError) {
        guard state == .running else { throw .shutdownState }
        guard !groups.contains(where: { $0.config.name == config.name }) else { throw .alreadyAdded(config.name) }
        addGroupRecord(config)
        poke()
    }

    /// `addProcessGroup`: activates the group of this name from the last configuration read.
    /// - Throws: `.badName` when the configuration has no such group, `.alreadyAdded` when it is active.
    public func addGroup(named name: String) throws(EngineError) {
        guard state == .running else { throw .shutdownState }
        guard let index = available.firstIndex(where: { $0.config.name == name }) else { throw .badName(name) }
        try addGroup(available[index].config)
        available[index].resolvedLogfiles = Self.logfiles(of: available[index].config, in: processes)
    }

    /// Removes a group whose processes are all stopped (`removeProcessGroup`).
    public func removeGroup(_ name: String) throws(EngineError) {
        guard state == .running else { throw .shutdownState }
        guard let index = groups.firstIndex(where: { $0.config.name == name }) else { throw .badName(name) }
        for p in groups[index].processNames where !(processes[ProcessKey(group: name, name: p)]?.machine.state.isStopped ?? true) {
            throw .stillRunning(name)
        }
        for p in groups[index].processNames { processes[ProcessKey(group: name, name: p)] = nil }
        groups.remove(at: index)
        noteCheckUsage()
        router.removePool(name: name)
        emit(.processGroupRemoved(name))
    }

    /// The group configs in start order.
    public var groupConfigs: [ProcessGroupConfig] { groups.map(\.config) }

    // MARK: - Lookups

    /// Supervisor's `split_namespec` + lookup: `group:name`, `group:*` (nil process: the whole group), or `name`
    /// (meaning `name:name`).
    public func resolve(_ namespec: String) throws(EngineError) -> (group: String, process: String?) {
        let groupName: String
        var processName: String?
        if let colon = namespec.firstIndex(of: ":") {
            groupName = String(namespec[..<colon])
            let rest = String(namespec[namespec.index(after: colon)...])
            processName = rest.isEmpty || rest == "*" ? nil : rest
        } else {
            groupName = namespec
            processName = namespec
        }
        guard let group = groups.first(where: { $0.config.name == groupName }) else { throw .badName(namespec) }
        if let processName {
            guard group.processNames.contains(processName) else { throw .badName(namespec) }
        }
        return (groupName, processName)
    }

    /// Snapshots of every process, groups in start order and processes in config order.
    public func allProcessInfo() -> [ProcessSnapshot] {
        let now = clock.now()
        return groups.flatMap { g in
            g.processNames.compactMap { name in
                processes[ProcessKey(group: g.config.name, name: name)].map { snapshot($0, group: g.config.name, now: now) }
            }
        }
    }

    /// The snapshot of one process by namespec.
    public func processInfo(_ namespec: String) throws(EngineError) -> ProcessSnapshot {
        let (group, name) = try resolve(namespec)
        guard let name, let record = processes[ProcessKey(group: group, name: name)] else { throw .badName(namespec) }
        return snapshot(record, group: group, now: clock.now())
    }

    func snapshot(_ r: ProcessRecord, group: String, now: Moment) -> ProcessSnapshot {
        let m = r.machine
        return ProcessSnapshot(
            name: r.config.name, group: group, state: m.state, pid: m.pid, start: m.lastStart?.wall ?? 0,
            stop: m.lastStop?.wall ?? 0, now: now.wall, spawnError: m.spawnError, exitStatus: m.exitStatus,
            stdoutLogfile: r.stdoutLogfile, stderrLogfile: r.stderrLogfile,
            note: note(r, key: ProcessKey(group: group, name: r.config.name), now: now))
    }

    // MARK: - Requests

    /// Starts one process; with `wait`, returns once it is RUNNING.
    ///
    /// - Parameter name: the name as the client gave it, for the errors' texts (Supervisor's faults carry it).
    /// - Throws: `.noFile`/`.notExecutable` when the command cannot run (nothing changes), `.alreadyStarted`,
    ///   `.spawnError` when it failed to spawn or ended before RUNNING, `.abnormalTermination` when it left
    ///   STARTING any other way, `.shutdownState` while stopping.
    public func startProcess(_ key: ProcessKey, name: String? = nil, wait: Bool) async throws(EngineError) {
        let name = name ?? key.namespec
        if hasDependencies(key) {
            try requestStartWithDependencies(key, name: name)
            guard wait else { return }
            if let error = await waitForPendingStart(key) { throw error }
            if processes[key]?.machine.state == .running { return }
            try await finishStart(key, name: name)
            return
        }
        let done = try beginStart(key, name: name)
        guard wait, !done else { return }
        try await finishStart(key, name: name)
    }

    /// The checks of `startProcess` before anything changes, in Supervisor's order.
    /// - Returns: the record of the process that may be started.
    func startable(_ key: ProcessKey, name: String) throws(EngineError) -> ProcessRecord {
        guard state == .running else { throw .shutdownState }
        guard let record = processes[key] else { throw .badName(name) }
        if let failure = runtime.checkCommand(record.config) {
            throw failure.kind == .notFound ? .noFile(failure.message) : .notExecutable(failure.message)
        }
        if record.machine.state.isRunning { throw .alreadyStarted(name) }
        if record.machine.state == .unknown { throw .failed("\(name) is in an unknown process state") }
        return record
    }

    /// Phase one of `startProcess` (Supervisor's part before it defers): checks, spawns, and runs one transition.
    /// - Returns: true when the process is already RUNNING (nothing to wait for).
    func beginStart(_ key: ProcessKey, name: String) throws(EngineError) -> Bool {
        let record = try startable(key, name: name)
        if record.checks != nil { cancelFailureRestart(key) }
        apply(.start, to: key)
        guard let after = processes[key]?.machine else { return true }
        if after.spawnError != nil { throw .spawnError(name) }
        apply(.tick(autoStartAllowed: state == .running), to: key)
        return processes[key]?.machine.state == .running
    }

    /// Phase two of `startProcess`: waits for the process to leave STARTING, without polling.
    func finishStart(_ key: ProcessKey, name: String) async throws(EngineError) {
        let final = await waitForMachine(key) { $0 != .starting }
        if final?.spawnError != nil { throw .spawnError(name) }
        if final?.state != .running { throw .abnormalTermination(name) }
    }

    /// Stops one process; with `wait`, returns once it is in a stopped state.
    /// - Throws: `.notRunning` unless RUNNING, STARTING or BACKOFF; `.failed` when the stop signal could not be
    ///   sent.
    public func stopProcess(_ key: ProcessKey, name: String? = nil, wait: Bool) async throws(EngineError) {
        let name = name ?? key.namespec
        let done = try beginStop(key, name: name)
        guard wait, !done else { return }
        await finishStop(key)
    }

    /// Phase one of `stopProcess`: sends the stop signal (BACKOFF goes straight to STOPPED).
    /// - Returns: true when the process is already stopped.
    func beginStop(_ key: ProcessKey, name: String) throws(EngineError) -> Bool {
        guard state == .running else { throw .shutdownState }
        guard let record = processes[key] else { throw .badName(name) }
        guard record.machine.state.isRunning else { throw .notRunning(name) }
        if record.checks != nil { cancelFailureRestart(key) }
        signalFailures[key] = nil
        apply(.stop, to: key)
        if let message = signalFailures.removeValue(forKey: key) { throw .failed(message) }
        return processes[key]?.machine.state.isStopped ?? true
    }

    /// Phase two of `stopProcess`: waits for a stopped state, logging "waiting for NAME to stop" at once and then
    /// every 2 seconds while the process is STOPPING (Supervisor's `stop_report`, called by the waiting RPC).
    func finishStop(_ key: ProcessKey) async {
        var report = stopReports[key] ?? (last: -Double.infinity, waiting: 0)
        report.waiting += 1
        stopReports[key] = report
        reportStopping(key, at: clock.now().monotonic)
        _ = await waitFor(key) { $0.isStopped }
        if let r = stopReports[key] { stopReports[key] = r.waiting > 1 ? (r.last, r.waiting - 1) : nil }
    }

    /// Logs that a waited-for stop is still pending, at most every 2 seconds per process.
    private func reportStopping(_ key: ProcessKey, at now: Double) {
        guard let report = stopReports[key], now >= report.last + 2, let record = processes[key],
            record.machine.state == .stopping
        else { return }
        logger.log(.info, "waiting for \(record.config.name) to stop")
        stopReports[key]?.last = now
    }

    /// Sends a signal to a running process (not its group), without changing its state.
    public func signalProcess(_ key: ProcessKey, name: String? = nil, signal: Int32) throws(EngineError) {
        guard state == .running else { throw .shutdownState }
        let name = name ?? key.namespec
        guard let record = processes[key] else { throw .badName(name) }
        guard record.machine.state.isSignallable, record.machine.pid != 0 else { throw .notRunning(name) }
        switch runtime.sendSignal(signal, to: record.machine.pid, toGroup: false) {
        case .sent, .noSuchProcess:
            logger.log(.debug, "sending \(key.name) (pid \(record.machine.pid)) sig \(SignalTable.name(of: signal) ?? "signal \(signal)")")
        case .failed(let message):
            apply(.signalFailed("unknown problem sending sig \(key.name) (\(record.machine.pid)):\(message)"), to: key)
            throw .failed(message)
        }
    }

    /// Waits until `isDone` holds for the process's state (checked now and after every change).
    public func waitFor(_ key: ProcessKey, _ isDone: @escaping @Sendable (ProcessState) -> Bool) async -> ProcessState {
        await waitForMachine(key, isDone)?.state ?? .unknown
    }

    /// Like `waitFor`, returning the whole machine at the moment the condition held (nil for no such process).
    func waitForMachine(
        _ key: ProcessKey, _ isDone: @escaping @Sendable (ProcessState) -> Bool
    ) async -> ProcessStateMachine? {
        guard let machine = processes[key]?.machine else { return nil }
        if isDone(machine.state) { return machine }
        let id = nextWaiterID
        nextWaiterID += 1
        return await withCheckedContinuation { c in
            waiters[id] = Waiter(key: key, isDone: isDone, resume: { c.resume(returning: $0) })
        }
    }

    /// Registers a wait for each process at once (no suspension in between, so no change can slip by) and
    /// returns the stream of `(key, machine)` as each condition holds; exactly one element per key.
    func waitForMachines(
        _ keys: [ProcessKey], _ isDone: @escaping @Sendable (ProcessState) -> Bool
    ) -> AsyncStream<(ProcessKey, ProcessStateMachine?)> {
        let (stream, continuation) = AsyncStream.makeStream(of: (ProcessKey, ProcessStateMachine?).self)
        for key in keys {
            guard let machine = processes[key]?.machine, !isDone(machine.state) else {
                continuation.yield((key, processes[key]?.machine))
                continue
            }
            let id = nextWaiterID
            nextWaiterID += 1
            waiters[id] = Waiter(key: key, isDone: isDone, resume: { continuation.yield((key, $0)) })
        }
        return stream
    }

    // MARK: - Daemon state

    /// SIGTERM/INT/QUIT or `shutdown`: stop everything and finish.
    public func requestShutdown() {
        if state != .shutdown { state = .shutdown }
        cancelPendingStarts()
        poke()
    }

    /// A program ends the daemon (`health_action = shutdown`): stop everything and exit with `exitStatus`.
    func requestShutdown(exitStatus: Int32, reason: String) {
        guard state != .shutdown else { return }
        requestedExitStatus = exitStatus
        logger.log(.warn, "shutting down: \(reason); supervisord will exit with status \(exitStatus)")
        requestShutdown()
    }

    /// SIGHUP or `restart`: stop everything and finish, so the daemon can start again; ignored while shutting down.
    /// - Returns: false when ignored.
    @discardableResult
    public func requestRestart() -> Bool {
        guard state != .shutdown else { return false }
        state = .restarting
        cancelPendingStarts()
        poke()
        return true
    }

    /// True once shutdown or restart has stopped every process.
    public private(set) var isFinished = false

    /// Returns when the engine has finished (every process stopped after a shutdown or restart request).
    public func waitUntilFinished() async {
        if isFinished { return }
        await withCheckedContinuation { finishedWaiters.append($0) }
    }

    // MARK: - Events from outside

    /// The runtime reaped a child (after draining its output).
    public func childExited(pid: Int32, status: ExitStatus) {
        guard let key = pidTable.removeValue(forKey: pid) else {
            logger.log(.info, "reaped unknown pid \(pid) (\(status.message))")
            return
        }
        apply(.exited(status), to: key)
        runtime.finished(pid: pid)
        rejectInFlightEvent(of: key)
        // Supervisor reaps at the end of a pass and then checks whether the group being stopped is done, so the
        // next pass already stops the next group (a listener pool last) before any dispatch.
        if state < .running { finishShutdownPass(clock.now()) }
        poke()
    }

    /// One pass of the main loop (see the type's documentation).
    public func tick() {
        let now = clock.now()
        poolsTookEventsThisPass = false
        if state < .running {
            if stopGroups == nil {
                stopGroups = groups.map(\.config.name)
                emit(.supervisorStopping)
            }
            if usesDependencies {
                stopForShutdownInDependencyOrder()
            } else if let last = stopGroups?.last, let group = groups.first(where: { $0.config.name == last }) {
                // Supervisor's stop_all: descending process priority.
                let keys = group.processNames.map { ProcessKey(group: last, name: $0) }
                let ordered = keys.sorted { (processes[$0]?.config.priority ?? 0) > (processes[$1]?.config.priority ?? 0) }
                for key in ordered { apply(.stopForShutdown, to: key) }
            }
        }
        let autoStart = state == .running
        checksChangedThisPass = false
        if usesDependencies, autoStart { advancePendingStarts(at: now) }
        for group in groups {
            for name in group.processNames {
                let key = ProcessKey(group: group.config.name, name: name)
                guard let record = processes[key] else { continue }
                // A process that no time or start can move (RUNNING, FATAL, stopped by hand) is not copied
                // through a transition it would ignore: a pass over many quiet processes stays cheap.
                if Self.mayMoveInAPass(record.machine) {
                    let allowed = autoStart && (!usesDependencies || mayAutoStart(key))
                    apply(.tick(autoStartAllowed: allowed), to: key, at: now)
                }
                if record.checks != nil { advanceChecks(key, at: now) }
            }
            if case .eventListenerPool = group.config.kind { dispatch(pool: group.config.name) }
        }
        for key in stopReports.keys { reportStopping(key, at: now.monotonic) }
        if state < .running { finishShutdownPass(now) }
        emitTicks(at: now)
    }

    private func finishShutdownPass(_ now: Moment) {
        if var remaining = stopGroups, let last = remaining.last {
            let stillUp = groups.first { $0.config.name == last }?.processNames.contains {
                !(processes[ProcessKey(group: last, name: $0)]?.machine.state.isStopped ?? true)
            } ?? false
            if !stillUp {
                remaining.removeLast()
                stopGroups = remaining
            }
        }
        let unstopped = groups.flatMap { g in
            g.processNames.filter { !(processes[ProcessKey(group: g.config.name, name: $0)]?.machine.state.isStopped ?? true) }
        }
        if unstopped.isEmpty {
            isFinished = true
            for c in finishedWaiters { c.resume() }
            finishedWaiters.removeAll()
            poke()
        } else if now.monotonic > lastShutdownReport + 3 {
            logger.log(.info, "waiting for \(unstopped.joined(separator: ", ")) to die")
            lastShutdownReport = now.monotonic
        }
    }

    // MARK: - Applying state machine effects

    func apply(_ input: ProcessStateMachine.Input, to key: ProcessKey, at moment: Moment? = nil) {
        guard var record = processes[key] else { return }
        let now = moment ?? clock.now()
        var queue = [input]
        var changedState = false
        while !queue.isEmpty {
            let next = queue.removeFirst()
            let effects = record.machine.handle(next, at: now)
            processes[key] = record
            for effect in effects {
                switch effect {
                case .spawn:
                    queue.append(spawn(record, key: key))
                case .sendSignal(let signal, let pid, let toGroup):
                    switch runtime.sendSignal(signal, to: pid, toGroup: toGroup) {
                    case .sent:
                        break
                    case .noSuchProcess:
                        logger.log(.debug, "unable to signal \(key.name) (pid \(pid)), it probably just exited on its own")
                    case .failed(let message):
                        let text = "unknown problem killing \(key.name) (\(pid)):\(message)"
                        signalFailures[key] = text
                        queue.append(.signalFailed(text))
                    }
                case .stateChanged(let change):
                    emit(.processState(processName: key.name, groupName: key.group, change: change))
                    changedState = true
                    if let trigger = record.config.shutdownOn {
                        shutdownIfTriggered(key, trigger, change, machine: processes[key]?.machine ?? record.machine)
                    }
                case .log(let level, let message):
                    logger.log(level, message)
                }
            }
            record = processes[key] ?? record
        }
        if let pid = processes[key]?.machine.pid, pid != 0 { pidTable[pid] = key }
        // A dependent may wait for this change, or a check starts or stops with it: another pass at once.
        if changedState, usesDependencies || record.checks != nil {
            checksChangedThisPass = true
            poke()
        }
        resumeWaiters(for: key)
    }

    private func spawn(_ record: ProcessRecord, key: ProcessKey) -> ProcessStateMachine.Input {
        let request = SpawnRequest(
            config: record.config, groupName: key.group, serverURL: serverURL, stdoutLogfile: record.stdoutLogfile,
            stderrLogfile: record.stderrLogfile, isEventListener: record.listener != nil,
            fastCGISocket: record.fastCGISocket)
        switch runtime.spawn(request) {
        case .spawned(let pid, let execFailed):
            pidTable[pid] = key
            // New pipes: Supervisor's listener dispatcher starts in ACKNOWLEDGED with no event.
            processes[key]?.listener?.reset()
            processes[key]?.inFlight = nil
            return .spawned(pid: pid, execFailed: execFailed)
        case .failed(let failure):
            return .spawnFailed(failure.message)
        }
    }

    private func resumeWaiters(for key: ProcessKey) {
        guard let machine = processes[key]?.machine else { return }
        for (id, w) in waiters where w.key == key && w.isDone(machine.state) {
            waiters[id] = nil
            w.resume(machine)
        }
    }

    // MARK: - Running

    /// Runs passes until finished: each pass at the next deadline of any process, at least once a second, and
    /// at once after anything changes.
    public func run() async {
        while !isFinished {
            tick()
            if isFinished { break }
            await sleepUntilNextDeadline()
        }
    }

    /// The earliest moment (monotonic) a pass is needed, at most a second away.
    public func nextDeadline() -> Double {
        let now = clock.now().monotonic
        if poolsTookEventsThisPass || checksChangedThisPass { return now }
        var deadline = now + 1
        for record in processes.values {
            if let d = record.machine.nextDeadline { deadline = min(deadline, d) }
            if let checks = record.checks, let d = checksDeadline(checks, machine: record.machine) {
                deadline = min(deadline, d)
            }
        }
        for report in stopReports.values where report.last.isFinite { deadline = min(deadline, report.last + 2) }
        return deadline
    }

    /// Whether a `.tick` can do anything to this machine (see `ProcessStateMachine.transition`).
    static func mayMoveInAPass(_ m: ProcessStateMachine) -> Bool {
        switch m.state {
        case .running, .fatal, .unknown: false
        case .stopped: m.lastStart == nil
        default: true
        }
    }

    /// Wakes the run loop when `moment` (monotonic) comes before the end of its current sleep.
    func wake(by moment: Double?) {
        if let moment, moment < scheduledWake { poke() }
    }

    private func sleepUntilNextDeadline() async {
        let deadline = nextDeadline()
        scheduledWake = deadline
        defer { scheduledWake = .infinity }
        let delay = max(0, deadline - clock.now().monotonic)
        sleepGeneration += 1
        let generation = sleepGeneration
        await withCheckedContinuation { (c: CheckedContinuation<Void, Never>) in
            sleeper = c
            Task {
                try? await Task.sleep(for: .seconds(delay))
                self.wake(generation: generation)
            }
        }
    }

    private func wake(generation: Int) {
        guard generation == sleepGeneration else { return }
        poke()
    }

    /// Ends the current sleep so the run loop makes a pass now.
    func poke() {
        if let c = sleeper {
            sleeper = nil
            c.resume()
        }
    }
}
