import SupervisorConfig

/// The engine's bookkeeping for one process that uses readiness, health or dependency keys (processes without
/// them have none, and take Supervisor's code paths only).
struct ProcessCheckState: Sendable {
    /// One kind of polled check of one process: at most one try in flight, for one child.
    struct ProbeSlot: Sendable {
        /// The child the schedule belongs to (0: none yet).
        var pid: Int32 = 0
        /// When the next try is due (monotonic); nil when none is scheduled.
        var due: Double?
        /// A try is running; its result comes back with `generation`.
        var inFlight = false
        var generation = 0

        /// Starts a new schedule for `pid`, first try at `due`; a try still in flight is disowned.
        mutating func restart(for pid: Int32, due: Double?) {
            self.pid = pid
            self.due = due
            inFlight = false
            generation += 1
        }
    }

    var options: ProcessChecks
    var readyProbe = ProbeSlot()
    var healthProbe = ProbeSlot()
    var health: HealthMonitor
    /// The last `STATUS=` the current child sent.
    var notifyStatus: String?
    /// The child whose notify state this is.
    var notifyPid: Int32 = 0
    /// When the last `WATCHDOG=1` (or RUNNING) was seen, for `watchdog_sec`.
    var lastWatchdog: Double?
    /// The dependency verdict of the last pass, and the text last logged for it.
    var gate: DependencyGate.Verdict = .open
    var loggedGate: String?
    /// Restarts caused by health or watchdog failures in a row, and when the last one began.
    var failureRestarts = 0
    var lastFailureRestart: Double?
    /// Stopped by a health or watchdog failure: start again at this moment (monotonic).
    var restartAt: Double?
    /// Why the pending failure restart happens, for the description.
    var failureReason: String?
    /// Stopped by a failure and waiting for the stop to finish before `restartAt` is set.
    var restartAfterStop: String?

    init(options: ProcessChecks) {
        self.options = options
        health = HealthMonitor(retries: options.health?.retries ?? 3)
    }
}
