import Dispatch
import Foundation
import Testing

/// How many scenarios run at once (one). Each starts a daemon, its programs and many `supervisorctl` processes; more at
/// once on a 2-core machine slows the timing-sensitive tests of the other targets running beside them.
private let scenarioSlots = DispatchSemaphore(value: 1)

/// Runs a scenario on a thread of its own, then stops its daemon and records every problem it noted as an issue.
///
/// Scenarios wait on processes and sockets with blocking calls. On the Swift concurrency pool (as wide as the
/// machine has cores, 2 here) they would hold its threads for the whole run and starve the async unit tests of the
/// same test process; on their own threads they cost nothing. Issues cannot be recorded from such a thread, so
/// `CompatDaemon.expect` collects them and they are recorded here, back in the test's task.
func scenario(
    sourceLocation: SourceLocation = #_sourceLocation, _ body: @escaping @Sendable () throws -> CompatDaemon
) async throws {
    let problems = try await onOwnThread { () throws -> [String] in
        let daemon = try body()
        let noted = daemon.problems
        return noted + daemon.stop()
    }
    for problem in problems {
        Issue.record(Comment(rawValue: problem), sourceLocation: sourceLocation)
    }
}

/// Runs blocking work (starting programs, waiting for them) on a thread of its own, one at a time with the
/// scenarios, and returns its result to the test's task.
func onOwnThread<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            scenarioSlots.wait()
            defer { scenarioSlots.signal() }
            continuation.resume(with: Result { try body() })
        }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
