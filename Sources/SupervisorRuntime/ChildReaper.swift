import Dispatch
import Glibc

/// The one place that calls `waitpid` in the daemon.
///
/// A SIGCHLD Dispatch source wakes it, and each wake-up loops
/// `waitpid(-1, &status, WNOHANG)` until nothing is left (0 or ECHILD),
/// handing every `(pid, rawStatus)` to `handler` on `queue`. Because it waits
/// for any pid it also reaps orphans re-parented to us (supervisord as PID 1)
/// and children the engine does not know; the handler decides what to log
/// (`reaped unknown pid <pid> (<status msg>)`, spec/states.md §6).
///
/// SIGCHLD wake-ups coalesce and can be lost around start-up, so the engine
/// should also call `reapNow()` about once a second, as Supervisor's main
/// loop reaps on every pass.
///
/// - Important: Only one reaper may exist in a process, and nothing else
///   may wait for children (no Foundation `Process`, no swift-subprocess in
///   the daemon): `waitpid(-1)` takes whichever child exits first.
public final class ChildReaper: @unchecked Sendable {
    // @unchecked: `source` is only touched on `queue` (start/stop hop onto it);
    // `queue` and `handler` are immutable.
    private let queue: DispatchQueue
    private let handler: @Sendable (_ pid: pid_t, _ rawStatus: Int32) -> Void
    private let onSignal: (@Sendable () -> Void)?
    private var source: (any DispatchSourceSignal)?

    /// - Parameters:
    ///   - queue: a serial queue; `handler` runs on it. Spawn on the same
    ///     queue so a fast exit cannot be handled before its pid is recorded.
    ///   - handler: receives each reaped pid and its raw status (decode with
    ///     `WaitStatus`). Nonisolated by design: a `@MainActor` closure here
    ///     would trap with SIGILL when Dispatch runs it (STACK.md §1).
    ///   - onSignal: called on `queue` each time SIGCHLD wakes the reaper, before it reaps (the daemon logs
    ///     Supervisor's `received SIGCHLD indicating a child quit` at debug level).
    public init(
        queue: DispatchQueue, onSignal: (@Sendable () -> Void)? = nil,
        handler: @escaping @Sendable (_ pid: pid_t, _ rawStatus: Int32) -> Void
    ) {
        self.queue = queue
        self.onSignal = onSignal
        self.handler = handler
    }

    /// Resets SIGCHLD to SIG_DFL, starts the SIGCHLD source and reaps once.
    ///
    /// The reset matters: a parent may have started us with SIGCHLD ignored,
    /// and then the kernel reaps children itself and their statuses are lost.
    /// It must come before the source exists, because Dispatch installs its
    /// own SIGCHLD handler when the source is registered.
    ///
    /// Call once, not on `queue` (it waits on `queue`). The reaper then stays
    /// alive until `stop()`.
    public func start() {
        queue.sync {
            guard source == nil else {
                return
            }
            signal(SIGCHLD, SIG_DFL)
            let source = DispatchSource.makeSignalSource(signal: SIGCHLD, queue: queue)
            // Strong on purpose: the reaper lives until `stop()`.
            source.setEventHandler { [self] in
                onSignal?()
                drain()
            }
            source.resume()
            self.source = source
        }
        reapNow()
    }

    /// Reaps every child that has exited, now, on `queue` (asynchronously).
    /// Safe from any thread.
    public func reapNow() {
        queue.async { [self] in
            drain()
        }
    }

    /// Stops listening for SIGCHLD. Children exiting afterwards stay zombies
    /// until another reaper or `reapNow()` collects them. Not on `queue`.
    public func stop() {
        queue.sync {
            source?.cancel()
            source = nil
        }
    }

    /// Runs on `queue`.
    private func drain() {
        while true {
            var status: Int32 = 0
            let pid = waitpid(-1, &status, WNOHANG)
            if pid > 0 {
                handler(pid, status)
                continue
            }
            if pid < 0 && errno == EINTR {
                continue
            }
            return  // 0: children remain but none has exited; ECHILD: none at all
        }
    }
}
