/// Everything `supervisord` reads from its configuration: the `[supervisord]` options, the HTTP servers, the
/// process groups in start order, and the notes to log at startup. Built by `SupervisordConfigParser`.
public struct SupervisorConfiguration: Equatable, Sendable {
    /// The main configuration file, as given (or as found by the search path).
    public var configFile: String
    /// `%(here)s` of the main file: its directory, absolute.
    public var here: String
    public var supervisord: SupervisordOptions
    /// `[inet_http_server]` sections first, then `[unix_http_server]` sections, as Supervisor orders them.
    public var httpServers: [HTTPServerConfig]
    /// Process groups sorted by (priority, name): the order they are started in.
    public var groups: [ProcessGroupConfig]
    /// `[rpcinterface:x]` sections that were accepted (the `supervisor` namespace is always served).
    public var rpcInterfaces: [RPCInterfaceConfig]
    /// Files read through `[include]`, in reading order.
    public var includedFiles: [String]
    /// Criticals, warnings and infos to log once the logger exists, in Supervisor's order.
    public var messages: [ConfigMessage]

    public init(
        configFile: String, here: String, supervisord: SupervisordOptions, httpServers: [HTTPServerConfig],
        groups: [ProcessGroupConfig], rpcInterfaces: [RPCInterfaceConfig], includedFiles: [String],
        messages: [ConfigMessage]
    ) {
        self.configFile = configFile
        self.here = here
        self.supervisord = supervisord
        self.httpServers = httpServers
        self.groups = groups
        self.rpcInterfaces = rpcInterfaces
        self.includedFiles = includedFiles
        self.messages = messages
    }

    /// The URL children get as `SUPERVISOR_SERVER_URL` when their `serverurl` is AUTO: the first unix server
    /// (`unix:///abs/path`), else the first inet server (`http://host:port`, `localhost` for all interfaces).
    public var serverURL: String? {
        for server in httpServers {
            if case .unix(let path, _, _) = server.transport { return "unix://\(path)" }
        }
        for server in httpServers {
            if case .inet(let host, let port) = server.transport {
                return "http://\(host.isEmpty ? "localhost" : host):\(port)"
            }
        }
        return nil
    }

    /// The group with this name, if any.
    public func group(named name: String) -> ProcessGroupConfig? { groups.first { $0.name == name } }
}

/// The `[supervisord]` section, with command-line overrides applied by the caller.
public struct SupervisordOptions: Equatable, Sendable {
    /// Absolute path of the main log, or `syslog`.
    public var logfile: String = "supervisord.log"
    public var logfileMaxBytes: Int = 50 * 1024 * 1024
    public var logfileBackups: Int = 10
    public var logLevel: LogLevelName = .info
    /// Absolute path of the pid file.
    public var pidfile: String = "supervisord.pid"
    /// Applied only when daemonizing, as in Supervisor.
    public var umask: Int = 0o022
    public var nodaemon = false
    public var silent = false
    public var minfds = 1024
    public var minprocs = 200
    public var nocleanup = false
    public var childlogdir: String = "/tmp"
    /// `user=` as written; resolved to `uid`/`gid` when the section is parsed.
    public var user: String?
    public var uid: UInt32?
    public var gid: UInt32?
    /// `directory=`: chdir target when daemonizing.
    public var directory: String?
    public var stripAnsi = false
    /// `environment=`: merged under every program's environment.
    public var environment: [String: String] = [:]
    /// `environment_file=`: read at every spawn under each program's own files (not used for `%(ENV_X)s`).
    public var environmentFiles: [EnvironmentFileRef] = []
    public var identifier = "supervisor"

    public init() {}
}

/// The log level names of `loglevel=` and `-e`.
public enum LogLevelName: String, CaseIterable, Equatable, Sendable {
    case critical, error, warn, info, debug, trace, blather

    /// Supervisor's numeric level (CRIT 50 ... BLAT 3); lower is more verbose.
    public var number: Int {
        switch self {
        case .critical: 50
        case .error: 40
        case .warn: 30
        case .info: 20
        case .debug: 10
        case .trace: 5
        case .blather: 3
        }
    }
}

/// `autorestart=`: whether a process that exited on its own is started again.
public enum AutorestartPolicy: Equatable, Sendable {
    /// `false`: never.
    case never
    /// `unexpected`: only when the exit status is not in `exitcodes`.
    case unexpected
    /// `true`: always.
    case always
}

/// An owner for a socket file: a uid and optionally a gid (nil keeps the group).
public struct Ownership: Equatable, Hashable, Sendable {
    public var uid: UInt32
    public var gid: UInt32?
    public init(uid: UInt32, gid: UInt32?) {
        self.uid = uid
        self.gid = gid
    }
}

/// An accepted `[rpcinterface:x]` section: one naming the main factory, which serves the whole `supervisor.*`
/// API again under `x.*` (the section takes no other option).
public struct RPCInterfaceConfig: Equatable, Sendable {
    /// The namespace: the section name after `rpcinterface:`.
    public var name: String
    public var factory: String

    public init(name: String, factory: String) {
        self.name = name
        self.factory = factory
    }
}
