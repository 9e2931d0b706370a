/// One process to supervise, with every option of its program section expanded for its `process_num`.
/// Property names are the config options in lowerCamelCase.
public struct ProcessConfig: Equatable, Sendable {
    /// The section it came from, e.g. `program:web`.
    public var section: String
    public var name: String
    /// The command line as written (after `%`-expansion); split and resolved at spawn time.
    public var command: String
    public var directory: String?
    public var umask: Int?
    public var priority: Int
    public var autostart: Bool
    public var autorestart: AutorestartPolicy
    public var startSecs: Int
    public var startRetries: Int
    /// The uid from `user=`, resolved when the config was read; nil runs as the daemon's user.
    public var uid: UInt32?
    public var stdout: LogChannelConfig
    public var stderr: LogChannelConfig
    public var stopSignal: Int32
    public var stopWaitSecs: Int
    public var stopAsGroup: Bool
    public var killAsGroup: Bool
    public var exitCodes: [Int]
    public var redirectStderr: Bool
    /// The program's `environment=` on top of `[supervisord] environment=`.
    public var environment: [String: String]
    /// `serverurl=`; nil means AUTO (the daemon's own URL).
    public var serverURL: String?
    /// Readiness, health and dependency keys (`ready_check`, `health_check`, `depends_on`, ...); nil when the
    /// section uses none of them.
    public var checks: ProcessChecks?
    /// `backoff_strategy`, `backoff_max`, `restart_backoff`, `backoff_reset_after`; nil when the section uses none.
    public var restartPolicy: RestartPolicy?
    /// `shutdown_on`; nil when unset.
    public var shutdownOn: ShutdownTrigger?
    /// `rlimit_nofile`, `rlimit_nproc`, ... set in the child before exec; nil when the section sets none.
    public var limits: ProcessLimits?
    /// `environment_file=`: `[supervisord]`'s files, then the program's own, read at every spawn (later files win;
    /// `environment` wins over all of them). Empty when neither section has the key.
    public var environmentFiles: [EnvironmentFileRef]

    /// `startretries = infinite`.
    public static let infiniteStartRetries = Int(Int32.max)

    public init(
        section: String, name: String, command: String, directory: String? = nil, umask: Int? = nil,
        priority: Int = 999, autostart: Bool = true, autorestart: AutorestartPolicy = .unexpected, startSecs: Int = 1,
        startRetries: Int = 3, uid: UInt32? = nil, stdout: LogChannelConfig = LogChannelConfig(),
        stderr: LogChannelConfig = LogChannelConfig(), stopSignal: Int32 = 15, stopWaitSecs: Int = 10,
        stopAsGroup: Bool = false, killAsGroup: Bool = false, exitCodes: [Int] = [0], redirectStderr: Bool = false,
        environment: [String: String] = [:], serverURL: String? = nil, checks: ProcessChecks? = nil,
        limits: ProcessLimits? = nil, environmentFiles: [EnvironmentFileRef] = []
    ) {
        self.checks = checks
        self.limits = limits
        self.environmentFiles = environmentFiles
        self.section = section
        self.name = name
        self.command = command
        self.directory = directory
        self.umask = umask
        self.priority = priority
        self.autostart = autostart
        self.autorestart = autorestart
        self.startSecs = startSecs
        self.startRetries = startRetries
        self.uid = uid
        self.stdout = stdout
        self.stderr = stderr
        self.stopSignal = stopSignal
        self.stopWaitSecs = stopWaitSecs
        self.stopAsGroup = stopAsGroup
        self.killAsGroup = killAsGroup
        self.exitCodes = exitCodes
        self.redirectStderr = redirectStderr
        self.environment = environment
        self.serverURL = serverURL
    }
}

/// The log options of one output channel (`stdout_*` or `stderr_*`).
public struct LogChannelConfig: Equatable, Sendable {
    /// `*_logfile=`.
    public var logfile: LogfileTarget
    /// `*_logfile_maxbytes=`: rotate past this size; 0 never rotates.
    public var maxBytes: Int
    /// `*_logfile_backups=`: how many rotated files to keep.
    public var backups: Int
    /// `*_capture_maxbytes=`: capture mode buffer; 0 disables capture mode.
    public var captureMaxBytes: Int
    /// `*_events_enabled=`: emit PROCESS_LOG events.
    public var eventsEnabled: Bool
    /// `*_syslog=`: copy lines to syslog.
    public var syslog: Bool

    public init(
        logfile: LogfileTarget = .auto, maxBytes: Int = 50 * 1024 * 1024, backups: Int = 10, captureMaxBytes: Int = 0,
        eventsEnabled: Bool = false, syslog: Bool = false
    ) {
        self.logfile = logfile
        self.maxBytes = maxBytes
        self.backups = backups
        self.captureMaxBytes = captureMaxBytes
        self.eventsEnabled = eventsEnabled
        self.syslog = syslog
    }
}

/// Where a channel's output goes.
public enum LogfileTarget: Equatable, Sendable {
    /// `NONE`/`OFF`: read and discarded.
    case none
    /// `AUTO` (the default): a generated file in `childlogdir`.
    case auto
    /// A file path (absolute, or relative to the daemon's working directory), `/dev/stdout` included.
    case path(String)
}
