import Glibc
import SupervisorConfig
import SupervisorEngine
import SupervisorLogs

/// The listening sockets of the `[fcgi-program:x]` groups, shared by the processes of each group and counted by
/// reference, as Supervisor's `SocketManager` does: created (`Creating socket URL`) when the first process of the
/// group needs it, kept while any process that got it has not been reaped, closed (`Closing socket URL`) when the
/// last one is. A unix socket's file stays after the close, as in Supervisor; the next creation replaces it.
///
/// Not thread-safe: the runtime touches it only on its I/O queue.
final class FastCGISocketPool {
    private struct Entry {
        var socket: FastCGISocket
        var descriptor: Int32
        var references: Int
    }

    private var entries: [String: Entry] = [:]
    private let log: (LogLevel, String) -> Void

    /// - Parameter log: where the creation and closing lines go (the daemon's main log).
    init(log: @escaping (LogLevel, String) -> Void) {
        self.log = log
    }

    /// A descriptor of the group's listening socket for one more process; the socket is created when the group
    /// has none open. Every successful call is matched by one `release(group:)`.
    /// - Throws: Supervisor's text for a socket that cannot be made: `Could not create FastCGI socket URL: ...`.
    func acquire(group: String, socket: FastCGISocket) throws(SpawnFailure) -> Int32 {
        if var entry = entries[group] {
            entry.references += 1
            entries[group] = entry
            return entry.descriptor
        }
        log(.info, "Creating socket \(socket.url)")
        do throws(ListeningSocket.Failure) {
            let descriptor = try ListeningSocket.open(socket)
            entries[group] = Entry(socket: socket, descriptor: descriptor, references: 1)
            return descriptor
        } catch {
            throw SpawnFailure(.other, "Could not create FastCGI socket \(socket.url): \(error)")
        }
    }

    /// Gives back one process's reference; the last one closes the socket.
    func release(group: String) {
        guard var entry = entries[group] else { return }
        entry.references -= 1
        guard entry.references == 0 else {
            entries[group] = entry
            return
        }
        entries[group] = nil
        log(.info, "Closing socket \(entry.socket.url)")
        close(entry.descriptor)
    }

    /// Creates the group's socket and drops it at once, as Supervisor's `FastCGIProcessGroup` does when the group
    /// is created so that a bad address shows early. Where Supervisor then exits with a traceback, the failure is
    /// logged and the daemon goes on; each start of the group's processes then fails with the same text.
    func check(group: String, socket: FastCGISocket) {
        do throws(SpawnFailure) {
            _ = try acquire(group: group, socket: socket)
            release(group: group)
        } catch {
            log(.error, error.message)
        }
    }
}
