import SupervisorConfig

/// `shutdown_on` and the restart policy's words; processes without those keys never reach this code.
extension Engine {
    /// `shutdown_on`: a program that reached FATAL, or exited from RUNNING (unexpectedly, or at all), ends the
    /// daemon: every program is stopped in order, and the daemon exits with the program's last exit status.
    func shutdownIfTriggered(
        _ key: ProcessKey, _ trigger: ShutdownTrigger, _ change: ProcessStateMachine.StateChange,
        machine: ProcessStateMachine
    ) {
        guard state == .running else { return }
        let how = machine.lastExit.map { "(\($0.message))" } ?? "(it never ran)"
        let reason: String
        switch trigger {
        case .fatal where change.to == .fatal:
            reason = "\(key.name) reached FATAL \(how) and has shutdown_on = fatal"
        case .unexpected where change.from == .running && change.to == .exited && !change.expected:
            reason = "\(key.name) exited unexpectedly \(how) and has shutdown_on = unexpected"
        case .exit where change.from == .running && change.to == .exited:
            reason = "\(key.name) exited \(how) and has shutdown_on = exit"
        default:
            return
        }
        requestShutdown(exitStatus: Self.shellStatus(machine.lastExit), reason: reason)
    }

    /// A shell's `$?` for how a child ended: its code, 128 + the signal, or 1 when it never exited.
    static func shellStatus(_ exit: ExitStatus?) -> Int32 {
        switch exit {
        case .exited(let code)?: Int32(truncatingIfNeeded: code)
        case .signaled(let signal, _)?: 128 + signal
        case nil: 1
        }
    }

    /// The extra description words of a process (readiness, health, dependencies, restart policy); nil for a
    /// process that uses none of those keys.
    func note(_ record: ProcessRecord, key: ProcessKey, now: Moment) -> String? {
        if record.config.restartPolicy != nil, record.machine.state == .backoff, let at = record.machine.delay {
            let left = Int(max(0, at - now.monotonic).rounded(.up))
            let restart = record.machine.crashBackoff ? " (restart \(record.machine.crashRestarts))" : ""
            return "next start in \(left) s\(restart)"
        }
        return checkNote(record, key: key)
    }
}
