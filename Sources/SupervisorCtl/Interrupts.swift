import Glibc
import SupervisorClient
import Synchronization

/// Ctrl-C (SIGINT) handling, matching what Python's `KeyboardInterrupt` does in each situation:
///
/// | situation | Supervisor | here |
/// | --- | --- | --- |
/// | a command-line action | traceback, killed by SIGINT | killed by SIGINT, no traceback |
/// | `tail -f`, `maintail -f`, `fg` | the stream ends, an empty line | same |
/// | at the shell prompt | an empty line, exit 0 | same |
/// | while the shell runs a command | an empty line, exit 0 | same |
///
/// The handler is installed without `SA_RESTART`, so a blocking `read` of the terminal returns `EINTR` and the
/// reader can report ``ConsoleInput/interrupted``.
public enum Interrupts {
    /// What the handler does.
    enum Mode: Int32 {
        /// Restore the default action and re-raise: the process dies by SIGINT.
        case terminate = 0
        /// Remember it; the interrupted read reports it.
        case remember = 1
        /// Remember it and cancel the running stream.
        case cancelStream = 2
        /// Print a newline and exit 0 (the shell's command was interrupted).
        case exitShell = 3
    }

    /// The state the signal handler reads; atomics only, so the handler stays async-signal-safe.
    final class State: Sendable {
        let mode = Atomic<Int32>(Mode.terminate.rawValue)
        let pending = Atomic<Bool>(false)
        let cancelDescriptor = Atomic<Int32>(-1)
    }

    static let state = State()

    /// Installs the handler. Until a mode is set, SIGINT still terminates the process.
    public static func install() {
        _ = state.mode.load(ordering: .relaxed)
        var action = sigaction()
        action.__sigaction_handler.sa_handler = interruptHandler
        sigemptyset(&action.sa_mask)
        action.sa_flags = 0
        sigaction(SIGINT, &action, nil)
    }

    static var mode: Mode {
        get { Mode(rawValue: state.mode.load(ordering: .sequentiallyConsistent)) ?? .terminate }
        set { state.mode.store(newValue.rawValue, ordering: .sequentiallyConsistent) }
    }

    /// Takes (and clears) a remembered Ctrl-C.
    static func takePending() -> Bool {
        state.pending.exchange(false, ordering: .sequentiallyConsistent)
    }

    /// Runs `body` with Ctrl-C remembered instead of acting on it, then restores the previous mode.
    /// - Returns: whether Ctrl-C was pressed meanwhile (a leftover from before is cleared first).
    static func remembering<T>(_ body: () -> T) -> (T, interrupted: Bool) {
        let previous = mode
        _ = takePending()
        mode = .remember
        let value = body()
        mode = previous
        return (value, takePending())
    }

    /// Runs `body` with Ctrl-C cancelling `cancellation`, then restores the previous mode.
    /// - Returns: whether Ctrl-C was pressed meanwhile.
    static func streaming(_ cancellation: StreamCancellation, _ body: () -> Void) -> Bool {
        let previous = mode
        _ = takePending()
        state.cancelDescriptor.store(cancellation.signalSafeDescriptor, ordering: .sequentiallyConsistent)
        mode = .cancelStream
        body()
        mode = previous
        state.cancelDescriptor.store(-1, ordering: .sequentiallyConsistent)
        return takePending()
    }
}

/// The SIGINT handler; see ``Interrupts``. Only async-signal-safe calls.
private func interruptHandler(_ signalNumber: Int32) {
    let state = Interrupts.state
    switch Interrupts.Mode(rawValue: state.mode.load(ordering: .sequentiallyConsistent)) {
    case .remember?:
        state.pending.store(true, ordering: .sequentiallyConsistent)
    case .cancelStream?:
        state.pending.store(true, ordering: .sequentiallyConsistent)
        let fd = state.cancelDescriptor.load(ordering: .sequentiallyConsistent)
        if fd >= 0 {
            var byte: UInt8 = 1
            _ = write(fd, &byte, 1)
        }
    case .exitShell?:
        var newline: UInt8 = 10
        _ = write(STDOUT_FILENO, &newline, 1)
        _exit(0)
    case .terminate?, nil:
        signal(SIGINT, SIG_DFL)
        raise(SIGINT)
    }
}
