import Foundation

/// A process started with `posix_spawn`, with an empty signal mask and default dispositions, stdin from
/// /dev/null and stdout+stderr into a file. Foundation's `Process` is not used: its children inherit the test
/// thread's blocked signals and a descriptor that makes it wait for a daemonized grandchild.
final class ChildProcess: @unchecked Sendable {
    // @unchecked: `exitStatus` is only set from the thread that calls `wait`, one test at a time.
    let pid: pid_t
    private(set) var exitStatus: Int32?

    init(_ argv: [String], output: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        var newPid: pid_t = 0
        let rc = posix_spawn(&newPid, argv[0], &actions, &attributes, &cArgs, environ)
        guard rc == 0 else { throw POSIXError(POSIXErrorCode(rawValue: rc) ?? .EINVAL) }
        pid = newPid
    }

    /// Waits up to `timeout` seconds for the exit; returns the exit code (128+signal when killed), nil on timeout.
    func wait(timeout: Double) -> Int32? {
        if let exitStatus { return exitStatus }
        let deadline = Date().addingTimeInterval(timeout)
        var status: Int32 = 0
        while Date() < deadline {
            let r = waitpid(pid, &status, WNOHANG)
            if r == pid {
                let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
                exitStatus = code
                return code
            }
            if r < 0 { return nil }
            usleep(5_000)
        }
        return nil
    }
}
