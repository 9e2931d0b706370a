/// An event the engine emits for event listeners (`spec/events.md`); payloads are built from these values.
public enum EngineEvent: Equatable, Sendable {
    /// A process changed state; values captured at the change.
    case processState(processName: String, groupName: String, change: ProcessStateMachine.StateChange)
    /// SUPERVISOR_STATE_CHANGE_RUNNING: the main loop started (startup, after a reload).
    case supervisorRunning
    /// SUPERVISOR_STATE_CHANGE_STOPPING: the first pass after shutdown or restart was requested.
    case supervisorStopping
    case processGroupAdded(String)
    case processGroupRemoved(String)
    /// REMOTE_COMMUNICATION from `sendRemoteCommEvent`: the client's type and data, as sent.
    case remoteCommunication(type: String, data: String)
}

/// Receives the engine's events in order; must return quickly.
public protocol EventSink: Sendable {
    func emit(_ event: EngineEvent)
}

/// An event sink that drops everything (no event listeners configured).
public struct DiscardingEventSink: EventSink {
    public init() {}
    public func emit(_ event: EngineEvent) {}
}
