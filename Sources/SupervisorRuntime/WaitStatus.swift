import CSupervisorSpawn

/// A raw status from `waitpid`, decoded like Supervisor's
/// `decode_wait_status` (supervisor/options.py).
///
/// - normal exit: `exitStatus` N, `message` `exit status N`;
/// - killed: `exitStatus` -1, `message` `terminated by SIGTERM`, plus
///   ` (core dumped)`; a signal without a name reads `signal N`;
/// - anything else (never seen from waitpid without WUNTRACED):
///   `unknown termination cause 0xNNNN`.
public struct WaitStatus: Sendable, Hashable, CustomStringConvertible {
    /// The status word exactly as waitpid stored it.
    public let rawValue: Int32

    public init(rawValue: Int32) {
        self.rawValue = rawValue
    }

    private var parts: svd_wait_status { svd_decode_wait_status(rawValue) }

    /// The exit code when the process exited normally.
    public var exitCode: Int32? {
        let parts = parts
        return parts.exited != 0 ? parts.exit_status : nil
    }

    /// The signal that killed the process, if one did.
    public var terminationSignal: Int32? {
        let parts = parts
        return parts.signaled != 0 ? parts.term_signal : nil
    }

    /// Whether the kernel wrote a core dump when the signal killed it.
    public var coreDumped: Bool { parts.core_dumped != 0 }

    /// Supervisor's `exitstatus`: the exit code, or -1 when not a normal exit
    /// (so it is never in `exitcodes`).
    public var exitStatus: Int {
        exitCode.map(Int.init) ?? -1
    }

    /// Supervisor's message, e.g. `exit status 3` or `terminated by SIGKILL`.
    public var message: String {
        if let exitCode {
            return "exit status \(exitCode)"
        }
        if let signal = terminationSignal {
            var text = "terminated by \(SignalNames.signame(signal))"
            if coreDumped {
                text += " (core dumped)"
            }
            return text
        }
        let hex = String(UInt32(bitPattern: rawValue), radix: 16)
        return "unknown termination cause 0x" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    public var description: String { message }
}
