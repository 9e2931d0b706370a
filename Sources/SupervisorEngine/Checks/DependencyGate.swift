import SupervisorConfig

/// What one dependency process looks like to the gate: its state and what decides whether it can still get there.
public struct DependencyView: Equatable, Sendable {
    public var state: ProcessState
    public var pid: Int32
    /// It was ever started (a STOPPED process that was started before was stopped by hand).
    public var wasStarted: Bool
    /// Its last exit code is one of its `exitcodes`.
    public var exitedExpected: Bool
    /// Its last exit code, for messages.
    public var exitStatus: Int?
    /// EXITED and its `autorestart` will start it again.
    public var willRestart: Bool

    public init(state: ProcessState, pid: Int32 = 0, wasStarted: Bool = false, exitedExpected: Bool = false,
                exitStatus: Int? = nil, willRestart: Bool = false) {
        self.state = state
        self.pid = pid
        self.wasStarted = wasStarted
        self.exitedExpected = exitedExpected
        self.exitStatus = exitStatus
        self.willRestart = willRestart
    }
}

/// "May this process start now?" for `depends_on`, as a pure function of its dependencies' states.
public enum DependencyGate {
    /// Where one dependency process stands against its condition.
    public enum Standing: Equatable, Sendable {
        case met
        /// Not yet; it may still get there (the text names its state).
        case waiting(String)
        /// It can no longer get there without someone acting (FATAL, stopped by hand, completed with a wrong code).
        case blocked(String)
    }

    /// The verdict for a process with dependencies.
    public enum Verdict: Equatable, Sendable {
        case open
        /// `waiting for db (STARTING), cache (BACKOFF)`.
        case waiting(String)
        /// `dependency db is FATAL`.
        case blocked(String)

        public var isOpen: Bool { self == .open }
    }

    /// The standing of one process (nil: not loaded, e.g. its group was removed) against `condition`.
    public static func standing(of view: DependencyView?, for condition: DependencyCondition) -> Standing {
        guard let view else { return .waiting("not loaded") }
        let name = view.state.name
        switch (condition, view.state) {
        case (.ready, .running):
            return .met
        case (.started, .running), (.started, .stopping), (.started, .exited):
            return .met
        case (.started, .starting) where view.pid != 0:
            return .met
        case (.completed, .exited) where view.exitedExpected:
            return .met
        case (_, .fatal), (_, .unknown):
            return .blocked("is \(name)")
        case (_, .stopped) where view.wasStarted:
            return .blocked("was stopped")
        case (.completed, .exited) where !view.willRestart:
            return .blocked("exited with status \(view.exitStatus ?? -1)")
        case (.ready, .exited) where !view.willRestart:
            return .blocked("exited")
        default:
            return .waiting(name)
        }
    }

    /// The verdict over every dependency: blocked if any is blocked, else waiting if any waits, else open.
    public static func verdict(
        _ dependencies: [Dependency], view: (ProcessReference) -> DependencyView?
    ) -> Verdict {
        var waiting: [String] = []
        for dependency in dependencies {
            for reference in dependency.processes {
                switch standing(of: view(reference), for: dependency.condition) {
                case .met:
                    continue
                case .blocked(let why):
                    return .blocked("dependency \(reference) \(why)")
                case .waiting(let state):
                    let text = "\(reference) (\(state))"
                    if !waiting.contains(text) { waiting.append(text) }
                }
            }
        }
        return waiting.isEmpty ? .open : .waiting("waiting for " + waiting.joined(separator: ", "))
    }
}
