import SupervisorConfig
import SupervisorEngine
import XMLRPC

/// The `getAllConfigInfo` struct of one process, keys in Supervisor 4.3.0's order (spec rpc.md §6). None becomes
/// `none`, an unresolved AUTO log file `auto`; integers are clamped to 32 bits (Supervisor fails the whole call
/// with HTTP 500 instead).
enum ConfigInfoEncoding {
    static func encode(
        _ p: ProcessConfig, group: AvailableGroupInfo, resolved: ResolvedLogfiles?
    ) -> XMLRPCValue {
        func int(_ value: Int) -> XMLRPCValue { .clampedInt(value) }
        func logfile(_ target: LogfileTarget, _ resolvedPath: String??) -> XMLRPCValue {
            switch target {
            case .none: return "none"
            case .path(let path): return .string(path)
            case .auto:
                guard let resolvedPath else { return "auto" }
                return resolvedPath.map { .string($0) } ?? "none"
            }
        }
        let stdoutResolved: String?? = resolved.map { $0.stdout }
        let stderrResolved: String?? = resolved.map { $0.stderr }
        return .struct([
            ("autostart", .bool(p.autostart)),
            ("directory", p.directory.map { .string($0) } ?? "none"),
            ("uid", p.uid.map { int(Int($0)) } ?? "none"),
            ("command", .string(p.command)),
            ("exitcodes", .array(p.exitCodes.map { int($0) })),
            ("group", .string(group.config.name)),
            ("group_prio", int(group.config.priority)),
            ("inuse", .bool(group.inUse)),
            ("killasgroup", .bool(p.killAsGroup)),
            ("name", .string(p.name)),
            ("process_prio", int(p.priority)),
            ("redirect_stderr", .bool(p.redirectStderr)),
            ("startretries", int(p.startRetries)),
            ("startsecs", int(p.startSecs)),
            ("stdout_capture_maxbytes", int(p.stdout.captureMaxBytes)),
            ("stdout_events_enabled", .bool(p.stdout.eventsEnabled)),
            ("stdout_logfile", logfile(p.stdout.logfile, stdoutResolved)),
            ("stdout_logfile_backups", int(p.stdout.backups)),
            ("stdout_logfile_maxbytes", int(p.stdout.maxBytes)),
            ("stdout_syslog", .bool(p.stdout.syslog)),
            ("stopsignal", int(Int(p.stopSignal))),
            ("stopwaitsecs", int(p.stopWaitSecs)),
            ("stderr_capture_maxbytes", int(p.stderr.captureMaxBytes)),
            ("stderr_events_enabled", .bool(p.stderr.eventsEnabled)),
            ("stderr_logfile", logfile(p.stderr.logfile, stderrResolved)),
            ("stderr_logfile_backups", int(p.stderr.backups)),
            ("stderr_logfile_maxbytes", int(p.stderr.maxBytes)),
            ("stderr_syslog", .bool(p.stderr.syslog)),
            ("serverurl", p.serverURL.map { .string($0) } ?? "none"),
        ])
    }
}
