import Dispatch
import Glibc

/// A signal `supervisord` acts on.
public enum DaemonSignal: Sendable, Equatable {
    /// SIGTERM, SIGINT or SIGQUIT (the number is kept for the log line).
    case shutdown(Int32)
    case restart
    case reopenLogs
}

/// Turns TERM/INT/QUIT/HUP/USR2 into `DaemonSignal`s delivered on a queue (STACK.md §5): each signal is ignored
/// by disposition and watched by a Dispatch source, so no handler code runs inside a signal context. SIGPIPE is
/// ignored process-wide; SIGCHLD is left alone (the reaper owns it).
public final class SignalSources: @unchecked Sendable {
    // @unchecked: `sources` is written once in `start` before any handler can run, and only read afterwards.
    private var sources: [any DispatchSourceSignal] = []
    private let queue = DispatchQueue(label: "supervisord.signals")

    public init() {}

    public func start(_ handler: @escaping @Sendable (DaemonSignal) -> Void) {
        signal(SIGPIPE, SIG_IGN)
        let mapping: [(Int32, DaemonSignal)] = [
            (SIGTERM, .shutdown(SIGTERM)), (SIGINT, .shutdown(SIGINT)), (SIGQUIT, .shutdown(SIGQUIT)),
            (SIGHUP, .restart), (SIGUSR2, .reopenLogs),
        ]
        for (number, meaning) in mapping {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: queue)
            source.setEventHandler { handler(meaning) }
            source.resume()
            sources.append(source)
        }
    }
}
