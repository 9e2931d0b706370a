import SupervisorConfig

/// An event as listeners receive it: its concrete type and its payload text (`spec/events.md` §2). Values such as
/// pid and tries are captured when the event is created, not when it is delivered.
public struct ListenerEvent: Equatable, Sendable {
    public var type: EventTypeName
    public var payload: String

    public init(type: EventTypeName, payload: String) {
        self.type = type
        self.payload = payload
    }

    /// PROCESS_STATE_*: `processname:<p> groupname:<g> from_state:<STATE>` plus the state's extra fields.
    public static func processState(process: String, group: String, change: ProcessStateMachine.StateChange) -> ListenerEvent {
        var payload = "processname:\(process) groupname:\(group) from_state:\(change.from.name)"
        let type: EventTypeName
        switch change.to {
        case .starting:
            type = .processStateStarting
            payload += " tries:\(change.tries)"
        case .backoff:
            type = .processStateBackoff
            payload += " tries:\(change.tries)"
        case .running:
            type = .processStateRunning
            payload += " pid:\(change.pid)"
        case .stopping:
            type = .processStateStopping
            payload += " pid:\(change.pid)"
        case .exited:
            type = .processStateExited
            payload += " expected:\(change.expected ? 1 : 0) pid:\(change.pid)"
        case .stopped:
            type = .processStateStopped
            payload += " pid:\(change.pid)"
        case .fatal:
            type = .processStateFatal
        case .unknown:
            type = .processStateUnknown
        }
        return ListenerEvent(type: type, payload: payload)
    }

    /// PROCESS_LOG_STDOUT/STDERR: a chunk of output as logged.
    public static func processLog(process: String, group: String, pid: Int32, stderr: Bool, data: [UInt8]) -> ListenerEvent {
        ListenerEvent(
            type: stderr ? .processLogStderr : .processLogStdout,
            payload: "processname:\(process) groupname:\(group) pid:\(pid) channel:\(stderr ? "stderr" : "stdout")\n"
                + decode(data))
    }

    /// PROCESS_COMMUNICATION_STDOUT/STDERR: the bytes captured between the capture tokens.
    public static func processCommunication(process: String, group: String, pid: Int32, stderr: Bool, data: [UInt8])
        -> ListenerEvent
    {
        ListenerEvent(
            type: stderr ? .processCommunicationStderr : .processCommunicationStdout,
            payload: "processname:\(process) groupname:\(group) pid:\(pid)\n" + decode(data))
    }

    /// REMOTE_COMMUNICATION from `sendRemoteCommEvent`.
    public static func remoteCommunication(type: String, data: String) -> ListenerEvent {
        ListenerEvent(type: .remoteCommunication, payload: "type:\(type)\n\(data)")
    }

    /// TICK_5/60/3600: `when` rounded down to a multiple of the period.
    public static func tick(period: Int, when: Int) -> ListenerEvent? {
        let type: EventTypeName
        switch period {
        case 5: type = .tick5
        case 60: type = .tick60
        case 3600: type = .tick3600
        default: return nil
        }
        return ListenerEvent(type: type, payload: "when:\(when)")
    }

    public static let supervisorRunning = ListenerEvent(type: .supervisorStateChangeRunning, payload: "")
    public static let supervisorStopping = ListenerEvent(type: .supervisorStateChangeStopping, payload: "")

    public static func processGroupAdded(_ group: String) -> ListenerEvent {
        ListenerEvent(type: .processGroupAdded, payload: "groupname:\(group)\n")
    }

    public static func processGroupRemoved(_ group: String) -> ListenerEvent {
        ListenerEvent(type: .processGroupRemoved, payload: "groupname:\(group)\n")
    }

    /// Output as text: UTF-8, or Supervisor's `Undecodable: b'...'` (a Python bytes repr) when it is not.
    public static func decode(_ data: [UInt8]) -> String {
        if let text = String(validating: data, as: UTF8.self) { return text }
        return "Undecodable: " + pythonBytesRepr(data)
    }

    /// Python's `repr(bytes)`.
    public static func pythonBytesRepr(_ data: [UInt8]) -> String {
        let quote: UInt8 = data.contains(UInt8(ascii: "'")) && !data.contains(UInt8(ascii: "\"")) ? UInt8(ascii: "\"") : UInt8(ascii: "'")
        var out = "b" + String(UnicodeScalar(quote))
        for b in data {
            switch b {
            case UInt8(ascii: "\\"): out += "\\\\"
            case UInt8(ascii: "\n"): out += "\\n"
            case UInt8(ascii: "\r"): out += "\\r"
            case UInt8(ascii: "\t"): out += "\\t"
            case quote: out += "\\" + String(UnicodeScalar(quote))
            case 0x20..<0x7F: out.unicodeScalars.append(UnicodeScalar(b))
            default:
                let hex = String(b, radix: 16)
                out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
            }
        }
        return out + String(UnicodeScalar(quote))
    }

    /// The envelope written to a listener's stdin: header line plus payload. `len` counts characters (code
    /// points), as Python's `len(str)` does, while the payload goes out as UTF-8.
    public func envelope(server: String, serial: Int, pool: String, poolSerial: Int) -> [UInt8] {
        let header = "ver:3.0 server:\(server) serial:\(serial) pool:\(pool) poolserial:\(poolSerial) "
            + "eventname:\(type.rawValue) len:\(payload.unicodeScalars.count)\n"
        return Array(header.utf8) + Array(payload.utf8)
    }
}

extension ListenerEvent {
    /// The listener event for one of the engine's events.
    public init(_ event: EngineEvent) {
        switch event {
        case .processState(let process, let group, let change):
            self = .processState(process: process, group: group, change: change)
        case .supervisorRunning:
            self = .supervisorRunning
        case .supervisorStopping:
            self = .supervisorStopping
        case .processGroupAdded(let group):
            self = .processGroupAdded(group)
        case .processGroupRemoved(let group):
            self = .processGroupRemoved(group)
        case .remoteCommunication(let type, let data):
            self = .remoteCommunication(type: type, data: data)
        }
    }
}
