//===----------------------------------------------------------------------===//
//
// CSupervisorSpawn: the one place where code runs between fork() and exec().
//
// Everything the child does must be async-signal-safe (the daemon is
// multithreaded: Dispatch, Swift concurrency), so the parent prepares every
// string, array and group list before forking, and the child only makes
// syscalls. The order of the child's steps and the texts it writes to its
// stderr are Supervisor 4.3's (`Subprocess._spawn_as_child` in
// supervisor/process.py); see spec/states.md §2 "Child side".
//
// This header is imported by Swift without _GNU_SOURCE, so it uses only
// plain types. The implementation defines _GNU_SOURCE itself.
//
//===----------------------------------------------------------------------===//

#ifndef SUPERVISOR_SPAWN_H
#define SUPERVISOR_SPAWN_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#ifdef __cplusplus
extern "C" {
#endif

/// The child-side step that failed, reported to the parent over a
/// close-on-exec pipe. `SVD_STEP_NONE` means the child reached execve and
/// the exec succeeded.
enum svd_spawn_step {
    SVD_STEP_NONE = 0,
    /// setpgid(0, 0), or setsid() when `new_session` is set. Supervisor
    /// writes no specific text for this one.
    SVD_STEP_PROCESS_GROUP = 1,
    /// Moving the pipe ends onto fds 0, 1 and 2. No specific text either.
    SVD_STEP_DUP = 2,
    /// A user switch was requested, the target uid is not ours and we are
    /// not root: `couldn't setuid to <uid>: Can't drop privilege as nonroot
    /// user`. Reported with errno EPERM.
    SVD_STEP_USER_NOT_ROOT = 3,
    /// setgroups failed: `couldn't setuid to <uid>: Could not set groups of
    /// effective user`.
    SVD_STEP_SETGROUPS = 4,
    /// setgid failed: `couldn't setuid to <uid>: Could not set group id of
    /// effective user`.
    SVD_STEP_SETGID = 5,
    /// setuid failed. Python's `os.setuid` raises out of `drop_privileges`
    /// uncaught, so Supervisor writes only the final "not spawned" line.
    SVD_STEP_SETUID = 6,
    /// chdir failed: `couldn't chdir to <dir>: <ERRNO>`.
    SVD_STEP_CHDIR = 7,
    /// execve failed: `couldn't exec <argv0>: <ERRNO>`.
    SVD_STEP_EXEC = 8,
    /// prlimit64 of an `rlimit_*` key failed (not in Supervisor):
    /// `couldn't set <label>: <ERRNO>`.
    SVD_STEP_RLIMIT = 9,
};

/// One resource limit the child sets before the user switch (`rlimit_*`).
struct svd_rlimit {
    /// RLIMIT_NOFILE, RLIMIT_NPROC, ...
    int resource;
    /// The limits; UINT64_MAX is RLIM64_INFINITY.
    uint64_t soft;
    uint64_t hard;
    /// What the failure text names, e.g. "rlimit_nofile to 4096:8192".
    const char *label;
};

/// Which parent-side call made `svd_spawn` fail (no child exists then).
enum svd_spawn_call {
    SVD_CALL_NONE = 0,
    /// pipe2() for the internal error-report pipe (treat like a failure to
    /// make the stdio pipes: EMFILE -> "too many open files to spawn").
    SVD_CALL_PIPE = 1,
    /// fork() itself (EAGAIN -> "Too many processes in process table").
    SVD_CALL_FORK = 2,
};

/// Everything the child needs, prepared by the parent.
struct svd_spawn_request {
    /// Resolved executable path passed to execve.
    const char *path;
    /// NULL-terminated argv; argv[0] is as the user wrote it and is the name
    /// used in the "couldn't exec" message, as in Supervisor.
    char *const *argv;
    /// NULL-terminated "KEY=value" environment, used as is.
    char *const *envp;
    /// Child ends of the pipes. stderr_fd may equal stdout_fd
    /// (redirect_stderr). They may be any numbers, including 0..2.
    int stdin_fd;
    int stdout_fd;
    int stderr_fd;
    /// Non-zero: setsid() instead of Supervisor's setpgid(0, 0).
    int new_session;
    /// Non-zero: switch to uid/gid/groups like Supervisor's
    /// `drop_privileges` (a no-op when the uid is already ours).
    int set_user;
    uid_t uid;
    gid_t gid;
    /// Supplementary groups, computed by the parent with getgrouplist().
    const gid_t *groups;
    size_t ngroups;
    /// Directory to chdir into, or NULL.
    const char *cwd;
    /// umask to set, or -1 to leave it alone.
    int umask;
    /// Resource limits to set, in order, before the user switch (so a
    /// root daemon may raise hard limits for an unprivileged program).
    const struct svd_rlimit *rlimits;
    size_t nrlimits;
    /// Upper bound (exclusive) for the FD_CLOEXEC loop used only when
    /// close_range(CLOSE_RANGE_CLOEXEC) is unavailable (kernels < 5.11).
    int max_fd;
};

struct svd_spawn_result {
    /// The child's pid, or -1 when no child was created.
    pid_t pid;
    /// A pidfd for the child from pidfd_open(2), or -1 when the kernel has
    /// none (ENOSYS before 5.3, EPERM in some sandboxes) or the child was
    /// already reaped by someone else. Close-on-exec. The caller owns it.
    int pidfd;
    /// When `svd_spawn` returns -1: which call failed and its errno.
    int failed_call;
    int failed_errno;
    /// When a child exists but its setup failed before exec: the step
    /// (`enum svd_spawn_step`) and errno. The child has then written
    /// Supervisor's text to its fd 2 and is exiting with status 127; it is
    /// NOT reaped here (the caller's single reaper sees it exit).
    int child_step;
    int child_errno;
};

/// Forks and execs a child the way Supervisor's `_spawn_as_child` does.
///
/// Why it exists: between fork and exec only async-signal-safe calls are
/// allowed in a multithreaded process, and posix_spawn / swift-subprocess
/// offer no umask and no setpgid together with a uid switch.
///
/// Parent: blocks every signal around fork() so no Swift or Dispatch handler
/// can run in the child, then waits on a close-on-exec pipe until the child
/// has exec'd (EOF) or reported the failing step, so on return the child
/// already runs the new program with default signal handling. It does not
/// wait for the child to exit.
///
/// Child, in Supervisor's order: every signal disposition back to SIG_DFL
/// (raw rt_sigaction, so glibc's internal 32 and 33 too);
/// setpgid(0, 0) (or setsid()); dup2 of the three pipe ends onto 0, 1, 2;
/// close_range(3, ~0U, CLOSE_RANGE_CLOEXEC) (fallback: set FD_CLOEXEC on
/// each fd below `max_fd`); each of `rlimits` with raw prlimit64; when `set_user`: setgroups, setgid, setuid as raw
/// syscalls (glibc's wrappers would try to broadcast to threads that do not
/// exist in the child); chdir; umask; an empty signal mask (not the parent
/// thread's: Dispatch worker threads block most signals and a child must not
/// inherit that); execve. A failing step writes Supervisor's text to fd 2
/// with write(2) only, then `supervisor: child process was not spawned`,
/// reports {step, errno} to the parent and calls _exit(127).
///
/// - Returns: 0 when a child exists (`result->pid` > 0, maybe with a
///   child-side failure in `child_step`), -1 when none was created
///   (`failed_call`, `failed_errno`).
int svd_spawn(const struct svd_spawn_request *request,
              struct svd_spawn_result *result);

/// The symbolic name Python's `errno.errorcode` gives `err` on Linux
/// ("ENOENT", "EDEADLOCK" for 35, "ENOTSUP" for 95), or NULL when Python has
/// none (Supervisor then prints the number).
///
/// A static table so the forked child can use it; the Swift side uses the
/// same table for parent-side messages.
const char *svd_errno_name(int err);

/// pipe2(fds, O_CLOEXEC). pipe2 needs _GNU_SOURCE, which Swift's Glibc
/// module does not define. Close-on-exec from birth, so a fork on another
/// thread can never inherit the pipe.
///
/// - Returns: 0, or -1 with errno (EMFILE, ENFILE).
int svd_pipe_cloexec(int fds[2]);

/// pidfd_open(2) for `pid`. glibc 2.36 has no wrapper, hence the raw
/// syscall.
///
/// - Returns: a close-on-exec pidfd, or -1 with errno (ENOSYS on kernels
///   before 5.3, ESRCH when the pid is gone).
int svd_pidfd_open(pid_t pid);

/// pidfd_send_signal(2): signals exactly the process behind `pidfd`, never a
/// recycled pid. glibc 2.36 has no wrapper, hence the raw syscall.
///
/// - Returns: 0, or -1 with errno (ENOSYS before 5.1: fall back to kill(2);
///   ESRCH when the process has exited).
int svd_pidfd_send_signal(int pidfd, int sig);

/// prctl(PR_SET_CHILD_SUBREAPER, on). prctl is variadic and so not callable
/// from Swift. Orphans of our children are then reparented to us, as they
/// are to a supervisord running as PID 1. Supervisor itself does not do
/// this; tests use it to exercise reaping of unknown pids.
///
/// - Returns: 0, or -1 with errno.
int svd_set_child_subreaper(int on);

/// A wait status split with the libc W* macros, which Swift cannot import.
struct svd_wait_status {
    int exited;        ///< WIFEXITED
    int exit_status;   ///< WEXITSTATUS when exited
    int signaled;      ///< WIFSIGNALED
    int term_signal;   ///< WTERMSIG when signaled
    int core_dumped;   ///< WCOREDUMP when signaled
};

/// Splits a raw status from waitpid(2) with the libc macros, because Swift
/// cannot import function-like macros and re-deriving the bit layout by hand
/// is how ports get WCOREDUMP wrong. No fallback needed.
struct svd_wait_status svd_decode_wait_status(int status);

/// epoll for the runtime's pipe poller, because Swift's Glibc module does not export <sys/epoll.h>. Pipes are
/// watched one-shot for input (hang-ups and errors are always reported); `id` comes back from the wait.
/// Each returns what the syscall returns (-1 with errno on failure); no fallback: Linux only.
int svd_epoll_create(void);
int svd_epoll_watch_oneshot(int epfd, int fd, uint64_t id, int modify);
int svd_epoll_unwatch(int epfd, int fd);
/// The same for output (writable), for the probes' connects.
int svd_epoll_watch_oneshot_out(int epfd, int fd, uint64_t id, int modify);
/// Waits up to `timeout_ms` (-1: forever); writes up to `max` ids and returns their count, or -1 (EINTR included).
int svd_epoll_wait_ids(int epfd, uint64_t *ids, int max, int timeout_ms);

/// splice(2) from a (non-blocking) pipe into a file at `offset`, moving at most `length` bytes without copying them
/// through user space (Swift's Glibc module does not export it). Returns what splice returns: bytes moved, 0 when
/// the pipe's writers are gone and it is empty, or -1 with errno (EAGAIN: nothing to move now; EINVAL: this file or
/// file system cannot be spliced into).
ssize_t svd_splice_to_file(int pipe_fd, int file_fd, int64_t offset, size_t length);
/// fcntl(F_SETPIPE_SZ): the pipe's capacity becomes at least `size` bytes; returns the new capacity or -1.
int svd_set_pipe_size(int pipe_fd, int size);
/// fcntl(F_GETPIPE_SZ): the pipe's capacity in bytes, or -1.
int svd_pipe_size(int pipe_fd);

/// mallopt(M_MMAP_THRESHOLD, bytes), because Swift's Glibc module does not export <malloc.h>: allocations of at
/// least `bytes` are mapped, and unmapped when freed. A fixed threshold also stops glibc from raising it after each
/// large free, which is what would keep a large request's buffers in the arenas of the threads that handled it.
///
/// - Returns: 1 on success, 0 on error.
int svd_set_mmap_threshold(int bytes);

/// Call right before a call that never returns on this thread (dispatchMain). In an AddressSanitizer build it
/// clears the poison of the calling thread's stack frames (__asan_handle_no_return, which Swift does not emit):
/// dispatchMain's pthread_exit unwinds them without it, and the stale redzones were then reported against the
/// signal handling libdispatch later runs on that stack. Does nothing in other builds.
void svd_sanitizer_before_no_return(void);

#ifdef __cplusplus
}
#endif

#endif // SUPERVISOR_SPAWN_H
