import SupervisorConfig

/// Readiness, health and watchdog checks of the processes that have them (`ProcessRecord.checks`); processes
/// without them never reach this code.
extension Engine {
    /// Which polled check a try belongs to.
    enum ProbePurpose: Sendable {
        case readiness
        case health
    }

    // MARK: - Inputs

    /// An sd_notify message arrived from the tree of the process `key` (its current child is `pid`).
    func notifyReceived(_ message: NotifyMessage, from key: ProcessKey, pid: Int32) {
        guard let record = processes[key], record.machine.pid == pid, var checks = record.checks else { return }
        let name = key.name
        if checks.notifyPid != pid {
            checks.notifyPid = pid
            checks.notifyStatus = nil
        }
        if let status = message.status {
            checks.notifyStatus = status.isEmpty ? nil : status
            logger.log(.debug, "\(name) status: \(status)")
        }
        if let mainPID = message.mainPID, mainPID != pid {
            logger.log(.info, "\(name) sent MAINPID=\(mainPID); ignored, supervisord follows pid \(pid)")
        }
        if message.watchdog { checks.lastWatchdog = clock.now().monotonic }
        if message.stopping { logger.log(.info, "\(name) says it is stopping (STOPPING=1)") }
        if message.reloading { logger.log(.info, "\(name) says it is reloading (RELOADING=1)") }
        processes[key]?.checks = checks
        if message.ready, checks.options.readiness?.check == .notify {
            readinessPassed(key, pid: pid, reason: "READY=1")
        }
    }

    /// The readiness check of `key`'s current child `pid` passed.
    func readinessPassed(_ key: ProcessKey, pid: Int32, reason: String) {
        guard let record = processes[key], record.machine.pid == pid, record.machine.state == .starting else { return }
        apply(.ready, to: key)
        // Ready before `startsecs` passed: RUNNING comes at the machine's deadline.
        wake(by: processes[key]?.machine.nextDeadline)
    }

    /// A try of a polled check finished.
    func probeFinished(_ purpose: ProbePurpose, key: ProcessKey, pid: Int32, generation: Int, result: ProbeResult) {
        guard var checks = processes[key]?.checks, let machine = processes[key]?.machine, machine.pid == pid else {
            return
        }
        let now = clock.now().monotonic
        switch purpose {
        case .readiness:
            guard checks.readyProbe.generation == generation, checks.readyProbe.inFlight else { return }
            checks.readyProbe.inFlight = false
            checks.readyProbe.due = now + (checks.options.readiness?.interval ?? 0.5)
            processes[key]?.checks = checks
            switch result {
            case .passed:
                readinessPassed(key, pid: pid, reason: checks.options.readiness?.check.description ?? "")
            case .failed(let why):
                logger.log(.debug, "\(key.name) not ready yet: \(why)")
                apply(.notReady(why), to: key)
            }
        case .health:
            guard checks.healthProbe.generation == generation, checks.healthProbe.inFlight,
                  let options = checks.options.health, machine.state == .running
            else { return }
            checks.healthProbe.inFlight = false
            checks.healthProbe.due = now + options.interval
            let transition = checks.health.record(result)
            if transition != nil, checks.health.status == .healthy,
               let last = checks.lastFailureRestart, now - last > Self.failureRestartReset {
                checks.failureRestarts = 0
            }
            processes[key]?.checks = checks
            healthChanged(key, transition, checks: checks, options: options)
        }
        // No pass for a result that changes nothing now: 1,000 checks a second must not cost 1,000 passes.
        if let record = processes[key] {
            wake(by: [record.machine.nextDeadline, record.checks.flatMap { checksDeadline($0, machine: record.machine) }]
                .compactMap { $0 }.min())
        }
    }

    /// How early a due try is launched so that the tries due within it share one pass.
    static func probeSlack(_ interval: Double) -> Double { min(0.05, interval / 10) }

    /// Seconds a process must stay up after a failure restart before the next one starts the delays again.
    static var failureRestartReset: Double { 60 }

    private func healthChanged(
        _ key: ProcessKey, _ transition: HealthMonitor.Transition?, checks: ProcessCheckState, options: HealthOptions
    ) {
        let name = key.name
        switch transition {
        case nil:
            if checks.health.consecutiveFailures > 0 {
                logger.log(.debug, "\(name) health check failed: \(checks.health.lastFailure ?? "") "
                    + "(\(checks.health.consecutiveFailures) of \(options.retries))")
            }
        case .healthy:
            logger.log(.info, "healthy: \(name) passed its health check (\(options.check))")
        case .recovered:
            logger.log(.info, "healthy again: \(name) passed its health check (\(options.check))")
        case .becameUnhealthy:
            let what = "unhealthy: \(name) failed its health check (\(options.check)) "
                + "\(checks.health.consecutiveFailures) times in a row, last: \(checks.health.lastFailure ?? "failed")"
            switch options.action {
            case .restart:
                logger.log(.warn, what + "; restarting it")
                restartAfterFailure(key, reason: "unhealthy: \(checks.health.lastFailure ?? "failed")")
            case .stop:
                logger.log(.warn, what + "; stopping it (health_action = stop)")
                apply(.stop, to: key)
            case .shutdown:
                logger.log(.warn, what + "; shutting down (health_action = shutdown)")
                requestShutdown(exitStatus: 1, reason: "\(name) is unhealthy")
            case .none:
                logger.log(.warn, what + " (health_action = none)")
            }
        }
    }

    /// Stops a process that failed its health check or watchdog and starts it again once stopped, after a
    /// delay that grows with each such restart in a row (1, 2, 3 ... seconds, as Supervisor's start retries).
    func restartAfterFailure(_ key: ProcessKey, reason: String) {
        guard var checks = processes[key]?.checks else { return }
        let now = clock.now().monotonic
        if let last = checks.lastFailureRestart, now - last > Self.failureRestartReset { checks.failureRestarts = 0 }
        checks.failureRestarts += 1
        checks.lastFailureRestart = now
        checks.restartAfterStop = reason
        processes[key]?.checks = checks
        apply(.stop, to: key)
    }

    // MARK: - The pass

    /// After the machine's own transitions in a pass: schedules and launches polled checks, watches the
    /// watchdog, and carries out failure restarts.
    func advanceChecks(_ key: ProcessKey, at now: Moment) {
        guard var checks = processes[key]?.checks, let machine = processes[key]?.machine else { return }
        let t = now.monotonic
        // Readiness: poll while STARTING and not ready.
        if let readiness = checks.options.readiness, case .probe(let probe) = readiness.check {
            if machine.state == .starting, machine.pid != 0, !machine.isReady, !machine.readyTimedOut,
               !machine.execFailed, let start = machine.lastStart {
                if checks.readyProbe.pid != machine.pid { checks.readyProbe.restart(for: machine.pid, due: t) }
                let left = start.monotonic + readiness.timeout - t
                if !checks.readyProbe.inFlight, let due = checks.readyProbe.due,
                   due <= t + Self.probeSlack(readiness.interval), left > 0 {
                    launch(.readiness, probe, key: key, pid: machine.pid, timeout: left, slot: &checks.readyProbe)
                }
            } else if checks.readyProbe.pid != 0 {
                checks.readyProbe.restart(for: 0, due: nil)
            }
        }
        // Health: poll while RUNNING, from `health_start_period` on.
        if let health = checks.options.health {
            if machine.state == .running {
                if checks.healthProbe.pid != machine.pid {
                    checks.health.reset()
                    checks.healthProbe.restart(for: machine.pid, due: t + health.startPeriod)
                }
                if !checks.healthProbe.inFlight, let due = checks.healthProbe.due,
                   due <= t + Self.probeSlack(health.interval) {
                    launch(.health, health.check, key: key, pid: machine.pid, timeout: health.timeout,
                           slot: &checks.healthProbe)
                }
            } else if checks.healthProbe.pid != 0 {
                checks.healthProbe.restart(for: 0, due: nil)
            }
        }
        // Watchdog: a RUNNING notify process must send WATCHDOG=1 every `watchdog_sec`.
        if let seconds = checks.options.readiness?.watchdogSeconds, machine.state == .running {
            if checks.notifyPid != machine.pid {
                checks.notifyPid = machine.pid
                checks.notifyStatus = nil
                checks.lastWatchdog = nil
            }
            let last = checks.lastWatchdog ?? t
            if checks.lastWatchdog == nil { checks.lastWatchdog = t }
            if t - last > seconds, checks.restartAfterStop == nil {
                processes[key]?.checks = checks
                logger.log(.warn, "watchdog: \(key.name) sent no WATCHDOG=1 for \(ProcessStateMachine.secondsText(seconds)); restarting it")
                restartAfterFailure(key, reason: "watchdog timeout")
                return
            }
        }
        // A failure restart: once stopped, wait the delay, then start.
        if let reason = checks.restartAfterStop, machine.state.isStopped {
            checks.restartAfterStop = nil
            checks.restartAt = t + Double(max(0, checks.failureRestarts - 1))
            logger.log(.info, "\(key.name) stopped after a failure (\(reason)); starting it again in "
                + ProcessStateMachine.secondsText(Double(max(0, checks.failureRestarts - 1))))
            checks.failureReason = reason
        }
        processes[key]?.checks = checks
        if let at = checks.restartAt, at <= t, state == .running {
            processes[key]?.checks?.restartAt = nil
            processes[key]?.checks?.failureReason = nil
            if machine.canStart { apply(.start, to: key, at: now) }
        }
    }

    private func launch(
        _ purpose: ProbePurpose, _ check: ProbeCheck, key: ProcessKey, pid: Int32, timeout: Double,
        slot: inout ProcessCheckState.ProbeSlot
    ) {
        guard let config = processes[key]?.config else { return }
        slot.inFlight = true
        slot.generation += 1
        slot.due = nil
        let generation = slot.generation
        let probes = self.probes
        Task {
            let result = await probes.run(check, for: config, group: key.group, timeout: timeout)
            self.probeFinished(purpose, key: key, pid: pid, generation: generation, result: result)
        }
    }

    /// The earliest moment a check of `checks` needs a pass (monotonic), if any.
    func checksDeadline(_ checks: ProcessCheckState, machine: ProcessStateMachine) -> Double? {
        var deadline: Double?
        func consider(_ d: Double?) {
            if let d { deadline = min(deadline ?? d, d) }
        }
        if !checks.readyProbe.inFlight, machine.state == .starting { consider(checks.readyProbe.due) }
        if !checks.healthProbe.inFlight, machine.state == .running { consider(checks.healthProbe.due) }
        if let seconds = checks.options.readiness?.watchdogSeconds, machine.state == .running,
           let last = checks.lastWatchdog {
            consider(last + seconds + 0.001)
        }
        consider(checks.restartAt)
        return deadline
    }

    // MARK: - Description

    /// The words `getProcessInfo`'s description shows for a process with checks (nil: Supervisor's text alone).
    func checkNote(_ record: ProcessRecord, key: ProcessKey) -> String? {
        guard let checks = record.checks else { return nil }
        let m = record.machine
        switch m.state {
        case .starting:
            guard let readiness = checks.options.readiness, m.pid != 0 else { return nil }
            if m.readyTimedOut { return (m.spawnError ?? "not ready") + ", stopping" }
            if m.isReady { return "ready, waiting for startsecs" }
            switch readiness.check {
            case .notify:
                return "waiting for READY=1" + (checks.notifyStatus.map { ": \($0)" } ?? "")
            case .log(let pattern):
                return "waiting for a log line matching \(pattern)"
            case .probe(let probe):
                return m.lastNotReady.map { "not ready: \($0)" } ?? "checking \(probe)"
            }
        case .running:
            var parts: [String] = []
            if checks.options.health != nil { parts.append(checks.health.summary) }
            if let status = checks.notifyStatus, checks.notifyPid == m.pid { parts.append(status) }
            return parts.isEmpty ? nil : parts.joined(separator: ", ")
        case .stopped, .exited:
            if let at = checks.restartAt {
                let left = max(0, at - clock.now().monotonic)
                return "restarting in \(Int(left.rounded(.up))) s (\(checks.failureReason ?? "failed"))"
            }
            if let reason = checks.restartAfterStop { return "restarting (\(reason))" }
            guard checks.gate != .open else { return nil }
            // As it is now, not as the last pass saw it.
            switch dependencyVerdict(key) {
            case .open: return nil
            case .waiting(let text), .blocked(let text): return text
            }
        default:
            return nil
        }
    }
}
