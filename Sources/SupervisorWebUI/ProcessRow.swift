import XMLRPC

/// One row of the status table: a process as `supervisor.getAllProcessInfo` describes it, with what the page shows
/// derived from it (Supervisor's `StatusView`: state class, action links).
struct ProcessRow: Sendable, Equatable {
    var group: String
    var name: String
    /// Supervisor's state code (`RUNNING` = 20 …) and its name.
    var state: Int
    var stateName: String
    var description: String
    var pid: Int
    var start: Int
    var stop: Int
    var now: Int
    var exitStatus: Int
    var spawnError: String

    /// `group:name`, or `name` alone when the process is its group's only one of the same name (`make_namespec`).
    var namespec: String { group == name ? name : "\(group):\(name)" }

    /// Supervisor's `css_class_for_state`.
    var cssClass: String {
        switch state {
        case ProcessStateCode.running: "statusrunning"
        case ProcessStateCode.fatal, ProcessStateCode.backoff: "statuserror"
        default: "statusnominal"
        }
    }

    /// Seconds since the process started, for RUNNING; nil otherwise.
    var uptime: Int? {
        state == ProcessStateCode.running ? max(0, now - start) : nil
    }

    /// The exit status worth showing: after the process ended on its own (EXITED, BACKOFF, FATAL after a run).
    var shownExitStatus: Int? {
        switch state {
        case ProcessStateCode.exited: exitStatus
        case ProcessStateCode.backoff, ProcessStateCode.fatal: start != 0 ? exitStatus : nil
        default: nil
        }
    }

    /// Supervisor's `actions_for_process`: which of its state-changing links apply.
    var actions: [ProcessAction] {
        switch state {
        case ProcessStateCode.running: [.restart, .stop]
        case ProcessStateCode.stopped, ProcessStateCode.exited, ProcessStateCode.fatal: [.start]
        default: []
        }
    }

    /// Reads one `getProcessInfo` struct; nil when a field is missing or of the wrong type.
    init?(_ value: XMLRPCValue) {
        guard let group = value["group"]?.stringValue, let name = value["name"]?.stringValue,
            let state = value["state"]?.intValue, let stateName = value["statename"]?.stringValue
        else { return nil }
        self.group = group
        self.name = name
        self.state = state
        self.stateName = stateName
        self.description = value["description"]?.stringValue ?? ""
        self.pid = value["pid"]?.intValue ?? 0
        self.start = value["start"]?.intValue ?? 0
        self.stop = value["stop"]?.intValue ?? 0
        self.now = value["now"]?.intValue ?? 0
        self.exitStatus = value["exitstatus"]?.intValue ?? 0
        self.spawnError = value["spawnerr"]?.stringValue ?? ""
    }

    init(
        group: String,
        name: String,
        state: Int,
        stateName: String,
        description: String = "",
        pid: Int = 0,
        start: Int = 0,
        stop: Int = 0,
        now: Int = 0,
        exitStatus: Int = 0,
        spawnError: String = ""
    ) {
        self.group = group
        self.name = name
        self.state = state
        self.stateName = stateName
        self.description = description
        self.pid = pid
        self.start = start
        self.stop = stop
        self.now = now
        self.exitStatus = exitStatus
        self.spawnError = spawnError
    }
}

/// Supervisor's process state codes (spec states.md), as the web UI needs them. The engine's enum is not imported
/// here: the page knows processes only through the API's structs.
enum ProcessStateCode {
    static let stopped = 0
    static let starting = 10
    static let running = 20
    static let backoff = 30
    static let stopping = 40
    static let exited = 100
    static let fatal = 200
    static let unknown = 1000
}

/// The per-process actions of the status page, with Supervisor's query-string names and link texts.
enum ProcessAction: String, CaseIterable, Sendable {
    case start, restart, stop, clearlog

    var title: String {
        switch self {
        case .start: "Start"
        case .restart: "Restart"
        case .stop: "Stop"
        case .clearlog: "Clear Log"
        }
    }
}
