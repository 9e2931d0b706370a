/// A process group: what `[program:x]`, `[group:x]`, `[eventlistener:x]` or `[fcgi-program:x]` defines.
public struct ProcessGroupConfig: Equatable, Sendable {
    /// What kind of section made the group, with the options only that kind has.
    public enum Kind: Equatable, Sendable {
        /// `[program:x]`: the processes of one program.
        case program
        /// `[group:x]`: processes of several programs.
        case heterogeneous
        /// `[eventlistener:x]`: a pool of event listeners.
        case eventListenerPool(EventListenerPoolOptions)
        /// `[fcgi-program:x]`: processes sharing one listening socket.
        case fastCGI(FastCGISocket)
    }

    public var name: String
    public var priority: Int
    public var kind: Kind
    /// The processes, sorted by (priority, name).
    public var processes: [ProcessConfig]

    public init(name: String, priority: Int, kind: Kind, processes: [ProcessConfig]) {
        self.name = name
        self.priority = priority
        self.kind = kind
        self.processes = processes
    }

    /// How a person or `supervisorctl` names a process of this group: `name` when the group holds one process of
    /// the group's own name, else `group:name` (Supervisor's `make_namespec`).
    public func namespec(of process: ProcessConfig) -> String {
        process.name == name ? name : "\(name):\(process.name)"
    }
}

/// Options of `[eventlistener:x]` that apply to the pool.
public struct EventListenerPoolOptions: Equatable, Sendable {
    public var bufferSize: Int
    /// The subscribed event types, de-duplicated, in Supervisor's order.
    public var events: [EventTypeName]
    public var resultHandler: String

    public init(bufferSize: Int, events: [EventTypeName], resultHandler: String) {
        self.bufferSize = bufferSize
        self.events = events
        self.resultHandler = resultHandler
    }
}

/// The listening socket of a `[fcgi-program:x]` group.
public struct FastCGISocket: Equatable, Sendable {
    public enum Address: Equatable, Sendable {
        /// `unix:///path`: the file gets `socket_mode` and, when set, `socket_owner` (or the program's `user`).
        case unix(path: String, mode: Int, owner: Ownership?)
        /// `tcp://host:port`: `host` as written and lower-cased; `*` or empty means every IPv4 interface, and an
        /// IPv6 literal keeps its brackets (`[::1]`).
        case tcp(host: String, port: Int)
    }

    public var address: Address
    /// `socket_backlog=`; nil means the OS default.
    public var backlog: Int?

    public init(address: Address, backlog: Int? = nil) {
        self.address = address
        self.backlog = backlog
    }

    /// The URL Supervisor shows for the socket: `unix:///path` or `tcp://host:port`.
    public var url: String {
        switch address {
        case .unix(let path, _, _): "unix://\(path)"
        case .tcp(let host, let port): "tcp://\(host):\(port)"
        }
    }
}

/// The event type names a listener may subscribe to (`events=`), abstract ones included.
public enum EventTypeName: String, CaseIterable, Equatable, Sendable {
    case event = "EVENT"
    case processState = "PROCESS_STATE"
    case processStateStopped = "PROCESS_STATE_STOPPED"
    case processStateExited = "PROCESS_STATE_EXITED"
    case processStateStarting = "PROCESS_STATE_STARTING"
    case processStateStopping = "PROCESS_STATE_STOPPING"
    case processStateBackoff = "PROCESS_STATE_BACKOFF"
    case processStateFatal = "PROCESS_STATE_FATAL"
    case processStateRunning = "PROCESS_STATE_RUNNING"
    case processStateUnknown = "PROCESS_STATE_UNKNOWN"
    case processCommunication = "PROCESS_COMMUNICATION"
    case processCommunicationStdout = "PROCESS_COMMUNICATION_STDOUT"
    case processCommunicationStderr = "PROCESS_COMMUNICATION_STDERR"
    case processLog = "PROCESS_LOG"
    case processLogStdout = "PROCESS_LOG_STDOUT"
    case processLogStderr = "PROCESS_LOG_STDERR"
    case remoteCommunication = "REMOTE_COMMUNICATION"
    case supervisorStateChange = "SUPERVISOR_STATE_CHANGE"
    case supervisorStateChangeRunning = "SUPERVISOR_STATE_CHANGE_RUNNING"
    case supervisorStateChangeStopping = "SUPERVISOR_STATE_CHANGE_STOPPING"
    case tick = "TICK"
    case tick5 = "TICK_5"
    case tick60 = "TICK_60"
    case tick3600 = "TICK_3600"
    case processGroup = "PROCESS_GROUP"
    case processGroupAdded = "PROCESS_GROUP_ADDED"
    case processGroupRemoved = "PROCESS_GROUP_REMOVED"

    /// The parent type (nil for `EVENT`): subscribing to a type delivers its subtypes too.
    public var parent: EventTypeName? {
        switch self {
        case .event: nil
        case .processState, .processCommunication, .processLog, .remoteCommunication, .supervisorStateChange,
            .tick, .processGroup:
            .event
        case .processStateStopped, .processStateExited, .processStateStarting, .processStateStopping,
            .processStateBackoff, .processStateFatal, .processStateRunning, .processStateUnknown:
            .processState
        case .processCommunicationStdout, .processCommunicationStderr: .processCommunication
        case .processLogStdout, .processLogStderr: .processLog
        case .supervisorStateChangeRunning, .supervisorStateChangeStopping: .supervisorStateChange
        case .tick5, .tick60, .tick3600: .tick
        case .processGroupAdded, .processGroupRemoved: .processGroup
        }
    }

    /// Whether an event of this type reaches a listener subscribed to `subscription`.
    public func isDelivered(to subscription: EventTypeName) -> Bool {
        var t: EventTypeName? = self
        while let current = t {
            if current == subscription { return true }
            t = current.parent
        }
        return false
    }
}
