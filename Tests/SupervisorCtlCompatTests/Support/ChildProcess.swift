import Foundation
import Glibc

// The same helper exists in SupervisorClientTests and LineEditorTests (test targets cannot share sources without
// a support target); this copy adds a separate stderr file and extra environment.

/// A child process started with `posix_spawn`, with an empty signal mask, default signal dispositions and a
/// process group of its own.
///
/// Foundation's `Process` is not used: it passes the spawning thread's blocked signals on (a supervisorctl child
/// could then not be interrupted by SIGINT), and it waits for daemonized grandchildren.
final class ChildProcess {
    let pid: pid_t
    /// The raw wait status once the child has been reaped.
    private(set) var waitStatus: Int32?

    /// Starts `arguments[0]` (an absolute path) with `arguments`.
    init(
        _ arguments: [String], stdinPath: String = "/dev/null", stdoutPath: String = "/dev/null",
        stderrPath: String? = nil, environment: [String: String] = [:]
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, stderrPath ?? stdoutPath,
                                         O_WRONLY | O_CREAT | (stderrPath == nil ? O_APPEND : O_TRUNC), 0o644)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setpgroup(&attributes, 0)
        let flags = POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP
        posix_spawnattr_setflags(&attributes, Int16(flags))

        var env = ProcessInfo.processInfo.environment
        for (key, value) in environment { env[key] = value }
        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        guard rc == 0 else { throw HarnessError("posix_spawn \(arguments[0]): \(String(cString: strerror(rc)))") }
        pid = child
    }

    /// True until the child has exited (it is reaped then).
    var isRunning: Bool {
        if waitStatus != nil { return false }
        var status: Int32 = 0
        let rc = waitpid(pid, &status, WNOHANG)
        if rc == pid {
            waitStatus = status
            return false
        }
        if rc < 0 && errno == ECHILD {
            waitStatus = -1
            return false
        }
        return true
    }

    /// Waits up to `timeout` for the child to exit; returns its exit code (128 + signal when killed), or nil when
    /// it is still running.
    func wait(timeout: Duration) -> Int32? {
        let clock = ContinuousClock()
        let deadline = clock.now.advanced(by: timeout)
        while isRunning {
            if clock.now >= deadline { return nil }
            usleep(2000)
        }
        let status = waitStatus ?? -1
        if status & 0x7F == 0 { return (status >> 8) & 0xFF }
        return 128 + (status & 0x7F)
    }

    /// Sends `signal` to the child's process group (which may outlive the child itself).
    func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }
}
