import XMLRPC

/// The fields of a `getProcessInfo` / `getAllProcessInfo` struct that `supervisorctl` uses.
struct ProcessInfo: Equatable {
    var name: String
    var group: String
    /// The numeric state (spec `states.md`).
    var state: Int
    var stateName: String
    var description: String
    var pid: Int

    /// Process states that make `status` exit 3: STOPPED, EXITED, FATAL, UNKNOWN (`states.STOPPED_STATES`).
    static let stoppedStates: Set<Int> = [0, 100, 200, 1000]
    /// RUNNING.
    static let running = 20

    /// Reads a struct; missing members read as empty (Supervisor always sends them all).
    init(_ value: XMLRPCValue) {
        name = value["name"]?.stringValue ?? ""
        group = value["group"]?.stringValue ?? ""
        state = value["state"]?.intValue ?? 1000
        stateName = value["statename"]?.stringValue ?? ""
        description = value["description"]?.stringValue ?? ""
        pid = value["pid"]?.intValue ?? 0
    }

    init(name: String, group: String, state: Int, stateName: String, description: String, pid: Int = 0) {
        self.name = name
        self.group = group
        self.state = state
        self.stateName = stateName
        self.description = description
        self.pid = pid
    }

    var namespec: String { Namespec.make(group: group, process: name) }
}

/// A per-process result of the `*All*` and `*Group*` calls: `{name, group, status, description}`.
struct ProcessResult: Equatable {
    var name: String?
    var group: String
    /// A fault code (spec `rpc.md` §3); 80 is SUCCESS.
    var status: Int
    var description: String

    init(_ value: XMLRPCValue) {
        name = value["name"]?.stringValue ?? ""
        group = value["group"]?.stringValue ?? ""
        status = value["status"]?.intValue ?? 0
        description = value["description"]?.stringValue ?? ""
    }

    init(name: String?, group: String, status: Int, description: String) {
        self.name = name
        self.group = group
        self.status = status
        self.description = description
    }

    var namespec: String { Namespec.make(group: group, process: name) }
}

/// Supervisor's fault codes (`supervisor/xmlrpc.py` `Faults`) that `supervisorctl` tells apart.
enum Fault {
    static let unknownMethod = 1
    static let badName = 10
    static let badSignal = 11
    static let noFile = 20
    static let notExecutable = 21
    static let failed = 30
    static let abnormalTermination = 40
    static let spawnError = 50
    static let alreadyStarted = 60
    static let notRunning = 70
    static let success = 80
    static let alreadyAdded = 90
    static let stillRunning = 91
    static let cantReread = 92
    static let shutdownState = 6
}
