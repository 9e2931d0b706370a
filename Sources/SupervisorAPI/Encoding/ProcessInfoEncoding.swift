import SupervisorEngine
import XMLRPC

#if canImport(Glibc)
import Glibc
#endif

/// The `getProcessInfo` struct (spec rpc.md §5) and its `description` text, as Supervisor's
/// `getProcessInfo` and `_interpretProcessInfo` build them.
enum ProcessInfoEncoding {
    static func encode(_ s: ProcessSnapshot) -> XMLRPCValue {
        // Supervisor's capped_int: int() truncates toward zero, then the 32-bit clamp.
        let start = clamp(s.start)
        let stop = clamp(s.stop)
        let now = clamp(s.now)
        let stdoutLogfile = s.stdoutLogfile ?? ""
        return .struct([
            ("name", .string(s.name)),
            ("group", .string(s.group)),
            ("start", .int(start)),
            ("stop", .int(stop)),
            ("now", .int(now)),
            ("state", .int(s.state.rawValue)),
            ("statename", .string(s.state.name)),
            ("spawnerr", .string(s.spawnError ?? "")),
            ("exitstatus", .clampedInt(s.exitStatus ?? 0)),
            ("logfile", .string(stdoutLogfile)),
            ("stdout_logfile", .string(stdoutLogfile)),
            ("stderr_logfile", .string(s.stderrLogfile ?? "")),
            ("pid", .int(Int(s.pid))),
            ("description", .string(description(s, start: start, stop: stop, now: now))),
        ])
    }

    static func clamp(_ seconds: Double) -> Int {
        guard seconds.isFinite else { return seconds > 0 ? Int(Int32.max) : Int(Int32.min) }
        let truncated = seconds.rounded(.towardZero)
        if truncated >= Double(Int32.max) { return Int(Int32.max) }
        if truncated <= Double(Int32.min) { return Int(Int32.min) }
        return Int(truncated)
    }

    /// RUNNING: `pid N, uptime H:MM:SS`; FATAL/BACKOFF: the spawn error or `unknown error (try "tail name")`;
    /// STOPPED/EXITED: the stop time (local) as `Nov 24 05:07 PM`, or `Not started`; others: empty.
    ///
    /// A process with readiness, health or dependency keys adds its `note` (docs/readiness.md): after the uptime,
    /// as the STARTING text, instead of `Not started`, or after the stop time.
    static func description(_ s: ProcessSnapshot, start: Int, stop: Int, now: Int) -> String {
        switch s.state {
        case .running:
            let text = "pid \(s.pid), uptime \(timedelta(max(0, now - start)))"
            return s.note.map { "\(text), \($0)" } ?? text
        case .fatal, .backoff:
            let error = s.spawnError.flatMap { $0.isEmpty ? nil : $0 } ?? "unknown error (try \"tail \(s.name)\")"
            guard s.state == .backoff, let note = s.note else { return error }
            return "\(error); \(note)"
        case .stopped, .exited:
            guard start != 0 else { return s.note ?? "Not started" }
            return s.note.map { "\(localStopTime(stop)), \($0)" } ?? localStopTime(stop)
        case .starting:
            return s.note ?? ""
        case .stopping, .unknown:
            return ""
        }
    }

    /// Python's `str(timedelta(seconds=n))` for whole non-negative seconds: `0:00:05`, `1 day, 2:03:04`,
    /// `3 days, 0:00:01`.
    static func timedelta(_ seconds: Int) -> String {
        let days = seconds / 86_400
        let rest = seconds % 86_400
        let clock = "\(rest / 3600):\(twoDigits(rest % 3600 / 60)):\(twoDigits(rest % 60))"
        guard days > 0 else { return clock }
        return "\(days) day\(days == 1 ? "" : "s"), \(clock)"
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }

    /// `datetime(*time.localtime(stop)[:7]).strftime('%b %d %I:%M %p')` in the C locale, as supervisord runs.
    static func localStopTime(_ stop: Int) -> String {
        var time = time_t(stop)
        var parts = tm()
        guard localtime_r(&time, &parts) != nil else { return "" }
        let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]
        let month = months[Int(parts.tm_mon) % 12]
        let hour12 = Int(parts.tm_hour) % 12 == 0 ? 12 : Int(parts.tm_hour) % 12
        let meridian = parts.tm_hour < 12 ? "AM" : "PM"
        return "\(month) \(twoDigits(Int(parts.tm_mday))) \(twoDigits(hour12)):\(twoDigits(Int(parts.tm_min))) \(meridian)"
    }

    /// A group or "all" result entry: `{name, group, status, description}`.
    static func result(_ outcome: ProcessOutcome) -> XMLRPCValue {
        let (status, description) = Fault.resultStatus(outcome.error)
        return [
            "name": .string(outcome.key.name), "group": .string(outcome.key.group), "status": .int(status),
            "description": .string(description),
        ]
    }
}
