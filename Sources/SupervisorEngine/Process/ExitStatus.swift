import SupervisorConfig

/// How a child ended, decoded from its wait status as Supervisor's `decode_wait_status` does.
public enum ExitStatus: Equatable, Sendable {
    /// `exit(code)`.
    case exited(code: Int)
    /// Killed by a signal.
    case signaled(signal: Int32, coreDumped: Bool)

    /// Decodes a raw `waitpid` status.
    public init(waitStatus status: Int32) {
        let low = status & 0x7F
        if low == 0 {
            self = .exited(code: Int((status >> 8) & 0xFF))
        } else {
            self = .signaled(signal: low, coreDumped: status & 0x80 != 0)
        }
    }

    /// The number Supervisor stores as `exitstatus`: the exit code, or -1 for a signal.
    public var code: Int {
        switch self {
        case .exited(let code): code
        case .signaled: -1
        }
    }

    /// `exit status 3`, `terminated by SIGTERM`, `terminated by SIGSEGV (core dumped)`, `terminated by signal 40`.
    public var message: String {
        switch self {
        case .exited(let code):
            return "exit status \(code)"
        case .signaled(let signal, let core):
            let name = SignalTable.name(of: signal).map { $0 } ?? "signal \(signal)"
            return "terminated by \(name)" + (core ? " (core dumped)" : "")
        }
    }
}
