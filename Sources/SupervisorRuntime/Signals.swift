import CSupervisorSpawn
import Glibc

/// Sending signals to children.
public enum Signals {
    /// `kill(pid, signal)`, or `kill(-pid, signal)` for the whole process
    /// group (stopasgroup / killasgroup; every child leads its own group).
    ///
    /// - Throws: `SyscallError` naming `kill` (EINVAL for a pid <= 0, which is
    ///   refused without a syscall). Supervisor ignores ESRCH (the
    ///   child is already gone) and moves to UNKNOWN on anything else; that
    ///   decision is the caller's.
    public static func send(pid: pid_t, signal: Int32, toGroup: Bool = false) throws(SyscallError) {
        // kill(0) or kill(-1) would hit the daemon's own group or every process.
        guard pid > 0 else {
            throw SyscallError(call: "kill", code: EINVAL)
        }
        _ = try retryingSyscall("kill") { kill(toGroup ? -pid : pid, signal) }
    }

    /// `pidfd_send_signal(pidfd, signal)`: cannot hit a recycled pid.
    ///
    /// - Throws: `SyscallError` naming `pidfd_send_signal`; ENOSYS on kernels
    ///   before 5.1, where `send(pid:signal:toGroup:)` is the fallback.
    public static func send(pidfd: Int32, signal: Int32) throws(SyscallError) {
        _ = try retryingSyscall("pidfd_send_signal") { svd_pidfd_send_signal(pidfd, signal) }
    }
}
