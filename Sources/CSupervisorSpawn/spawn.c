// The fork/exec shim. See include/supervisor_spawn.h for the contract.
//
// Rule for everything reachable from svd_child_main(): syscalls, the
// async-signal-safe libc calls POSIX lists (sigemptyset, memset, ...) and our
// own helpers. No malloc, no stdio, no locks, no strerror.

#define _GNU_SOURCE
#include "supervisor_spawn.h"

#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <sys/mman.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef CLOSE_RANGE_CLOEXEC
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

// MARK: - errno names

// Python 3.11's errno.errorcode on Linux, generated with
//   python3 -c 'import errno; [print(k, v) for k, v in sorted(errno.errorcode.items())]'
// Where two names share a value (EAGAIN/EWOULDBLOCK, EDEADLK/EDEADLOCK,
// ENOTSUP/EOPNOTSUPP) this is the one Python reports.
static const char *const svd_errno_names[] = {
    [1] = "EPERM",
    [2] = "ENOENT",
    [3] = "ESRCH",
    [4] = "EINTR",
    [5] = "EIO",
    [6] = "ENXIO",
    [7] = "E2BIG",
    [8] = "ENOEXEC",
    [9] = "EBADF",
    [10] = "ECHILD",
    [11] = "EAGAIN",
    [12] = "ENOMEM",
    [13] = "EACCES",
    [14] = "EFAULT",
    [15] = "ENOTBLK",
    [16] = "EBUSY",
    [17] = "EEXIST",
    [18] = "EXDEV",
    [19] = "ENODEV",
    [20] = "ENOTDIR",
    [21] = "EISDIR",
    [22] = "EINVAL",
    [23] = "ENFILE",
    [24] = "EMFILE",
    [25] = "ENOTTY",
    [26] = "ETXTBSY",
    [27] = "EFBIG",
    [28] = "ENOSPC",
    [29] = "ESPIPE",
    [30] = "EROFS",
    [31] = "EMLINK",
    [32] = "EPIPE",
    [33] = "EDOM",
    [34] = "ERANGE",
    [35] = "EDEADLOCK",
    [36] = "ENAMETOOLONG",
    [37] = "ENOLCK",
    [38] = "ENOSYS",
    [39] = "ENOTEMPTY",
    [40] = "ELOOP",
    [42] = "ENOMSG",
    [43] = "EIDRM",
    [44] = "ECHRNG",
    [45] = "EL2NSYNC",
    [46] = "EL3HLT",
    [47] = "EL3RST",
    [48] = "ELNRNG",
    [49] = "EUNATCH",
    [50] = "ENOCSI",
    [51] = "EL2HLT",
    [52] = "EBADE",
    [53] = "EBADR",
    [54] = "EXFULL",
    [55] = "ENOANO",
    [56] = "EBADRQC",
    [57] = "EBADSLT",
    [59] = "EBFONT",
    [60] = "ENOSTR",
    [61] = "ENODATA",
    [62] = "ETIME",
    [63] = "ENOSR",
    [64] = "ENONET",
    [65] = "ENOPKG",
    [66] = "EREMOTE",
    [67] = "ENOLINK",
    [68] = "EADV",
    [69] = "ESRMNT",
    [70] = "ECOMM",
    [71] = "EPROTO",
    [72] = "EMULTIHOP",
    [73] = "EDOTDOT",
    [74] = "EBADMSG",
    [75] = "EOVERFLOW",
    [76] = "ENOTUNIQ",
    [77] = "EBADFD",
    [78] = "EREMCHG",
    [79] = "ELIBACC",
    [80] = "ELIBBAD",
    [81] = "ELIBSCN",
    [82] = "ELIBMAX",
    [83] = "ELIBEXEC",
    [84] = "EILSEQ",
    [85] = "ERESTART",
    [86] = "ESTRPIPE",
    [87] = "EUSERS",
    [88] = "ENOTSOCK",
    [89] = "EDESTADDRREQ",
    [90] = "EMSGSIZE",
    [91] = "EPROTOTYPE",
    [92] = "ENOPROTOOPT",
    [93] = "EPROTONOSUPPORT",
    [94] = "ESOCKTNOSUPPORT",
    [95] = "ENOTSUP",
    [96] = "EPFNOSUPPORT",
    [97] = "EAFNOSUPPORT",
    [98] = "EADDRINUSE",
    [99] = "EADDRNOTAVAIL",
    [100] = "ENETDOWN",
    [101] = "ENETUNREACH",
    [102] = "ENETRESET",
    [103] = "ECONNABORTED",
    [104] = "ECONNRESET",
    [105] = "ENOBUFS",
    [106] = "EISCONN",
    [107] = "ENOTCONN",
    [108] = "ESHUTDOWN",
    [109] = "ETOOMANYREFS",
    [110] = "ETIMEDOUT",
    [111] = "ECONNREFUSED",
    [112] = "EHOSTDOWN",
    [113] = "EHOSTUNREACH",
    [114] = "EALREADY",
    [115] = "EINPROGRESS",
    [116] = "ESTALE",
    [117] = "EUCLEAN",
    [118] = "ENOTNAM",
    [119] = "ENAVAIL",
    [120] = "EISNAM",
    [121] = "EREMOTEIO",
    [122] = "EDQUOT",
    [123] = "ENOMEDIUM",
    [124] = "EMEDIUMTYPE",
    [125] = "ECANCELED",
    [126] = "ENOKEY",
    [127] = "EKEYEXPIRED",
    [128] = "EKEYREVOKED",
    [129] = "EKEYREJECTED",
    [130] = "EOWNERDEAD",
    [131] = "ENOTRECOVERABLE",
    [132] = "ERFKILL",
};

const char *svd_errno_name(int err) {
    if (err <= 0 || (size_t)err >= sizeof(svd_errno_names) / sizeof(svd_errno_names[0])) {
        return NULL;
    }
    return svd_errno_names[err];
}

// MARK: - Async-signal-safe message building (child side)

struct svd_msg {
    char buf[1024];
    size_t len;
};

static void svd_write_all(int fd, const char *p, size_t n) {
    while (n > 0) {
        ssize_t w = write(fd, p, n);
        if (w < 0) {
            if (errno == EINTR) continue;
            return;
        }
        p += w;
        n -= (size_t)w;
    }
}

static void svd_msg_flush(struct svd_msg *m) {
    svd_write_all(2, m->buf, m->len);
    m->len = 0;
}

static void svd_msg_str(struct svd_msg *m, const char *s) {
    if (s == NULL) return;
    for (; *s != '\0'; s++) {
        if (m->len == sizeof(m->buf)) svd_msg_flush(m);
        m->buf[m->len++] = *s;
    }
}

static void svd_msg_ulong(struct svd_msg *m, unsigned long v) {
    char digits[24];
    size_t i = sizeof(digits);
    digits[--i] = '\0';
    do {
        digits[--i] = (char)('0' + v % 10);
        v /= 10;
    } while (v != 0);
    svd_msg_str(m, &digits[i]);
}

// Python: errno.errorcode.get(code, code), formatted with %s.
static void svd_msg_errno(struct svd_msg *m, int err) {
    const char *name = svd_errno_name(err);
    if (name != NULL) {
        svd_msg_str(m, name);
    } else if (err < 0) {
        svd_msg_str(m, "-");
        svd_msg_ulong(m, (unsigned long)(-(long)err));
    } else {
        svd_msg_ulong(m, (unsigned long)err);
    }
}

// MARK: - Child

// The kernel's struct sigaction (asm-generic layout; x86_64 and arm64 both
// have sa_restorer). With everything but the handler zero, a layout
// difference elsewhere could not matter anyway.
struct svd_kernel_sigaction {
    void (*handler)(int);
    unsigned long flags;
    void (*restorer)(void);
    unsigned long mask[2];
};

struct svd_child_report {
    int step;
    int err;
};

// Supervisor's `finally:` clause: the last line, then exit 127.
__attribute__((noreturn))
static void svd_child_fail(int report_fd, int step, int err) {
    struct svd_msg m = { .len = 0 };
    svd_msg_str(&m, "supervisor: child process was not spawned\n");
    svd_msg_flush(&m);
    struct svd_child_report r = { .step = step, .err = err };
    svd_write_all(report_fd, (const char *)&r, sizeof(r));
    _exit(127);
}

// `couldn't setuid to <uid>: <msg>` (process.py, _spawn_as_child).
__attribute__((noreturn))
static void svd_child_fail_user(int report_fd, int step, int err, uid_t uid, const char *why) {
    struct svd_msg m = { .len = 0 };
    svd_msg_str(&m, "supervisor: couldn't setuid to ");
    svd_msg_ulong(&m, (unsigned long)uid);
    svd_msg_str(&m, ": ");
    svd_msg_str(&m, why);
    svd_msg_str(&m, "\n");
    svd_msg_flush(&m);
    svd_child_fail(report_fd, step, err);
}

// Moves an fd that sits on 0..2 above 2 so that the dup2 onto 0..2 cannot
// clobber a pipe end still to be used, and so dup2(fd, fd) (which would
// keep O_CLOEXEC) never happens.
static int svd_lift(int fd, int report_fd) {
    if (fd >= 0 && fd <= 2) {
        int lifted = fcntl(fd, F_DUPFD_CLOEXEC, 3);
        if (lifted < 0) svd_child_fail(report_fd, SVD_STEP_DUP, errno);
        return lifted;
    }
    return fd;
}

__attribute__((noreturn))
static void svd_child_main(const struct svd_spawn_request *r, int report_fd) {
    // 1. Default dispositions, so a pending or early signal acts as it will
    //    after exec, and nothing the parent ignored (SIGPIPE; glibc's
    //    internal signal 32 is SIG_IGN in a Swift test process) stays
    //    ignored. The raw syscall, because glibc's sigaction refuses 32 and
    //    33. Only the handler field matters; everything else is zero.
    struct svd_kernel_sigaction dfl;
    memset(&dfl, 0, sizeof(dfl));
    dfl.handler = SIG_DFL;
    for (int s = 1; s < _NSIG; s++) {
        if (s == SIGKILL || s == SIGSTOP) continue;
        (void)syscall(SYS_rt_sigaction, s, &dfl, NULL, (size_t)(_NSIG / 8));
    }

    // 2. Own process group (Supervisor: os.setpgrp()), or a new session.
    if (r->new_session ? setsid() < 0 : setpgid(0, 0) < 0) {
        svd_child_fail(report_fd, SVD_STEP_PROCESS_GROUP, errno);
    }

    // 3. Pipes onto 0, 1, 2 (stderr may be the stdout pipe).
    int in = svd_lift(r->stdin_fd, report_fd);
    int out = svd_lift(r->stdout_fd, report_fd);
    int err = (r->stderr_fd == r->stdout_fd) ? out : svd_lift(r->stderr_fd, report_fd);
    if (dup2(in, 0) < 0 || dup2(out, 1) < 0 || dup2(err, 2) < 0) {
        svd_child_fail(report_fd, SVD_STEP_DUP, errno);
    }

    // 4. Everything from 3 up closes at exec. Close-on-exec rather than
    //    close: the report pipe must stay open until execve succeeds.
    if (syscall(SYS_close_range, 3U, ~0U, CLOSE_RANGE_CLOEXEC) != 0) {
        for (int fd = 3; fd < r->max_fd; fd++) {
            int flags = fcntl(fd, F_GETFD);
            if (flags >= 0 && !(flags & FD_CLOEXEC)) (void)fcntl(fd, F_SETFD, flags | FD_CLOEXEC);
        }
    }

    // 4b. Resource limits (`rlimit_*`, not in Supervisor), before the user
    //     switch: raising a hard limit needs the daemon's privilege.
    for (size_t k = 0; k < r->nrlimits; k++) {
        const struct svd_rlimit *l = &r->rlimits[k];
        struct { uint64_t cur, max; } value = { l->soft, l->hard };
        if (syscall(SYS_prlimit64, 0, l->resource, &value, NULL) != 0) {
            int e = errno;
            struct svd_msg m = { .len = 0 };
            svd_msg_str(&m, "supervisor: couldn't set ");
            svd_msg_str(&m, l->label);
            svd_msg_str(&m, ": ");
            svd_msg_errno(&m, e);
            svd_msg_str(&m, "\n");
            svd_msg_flush(&m);
            svd_child_fail(report_fd, SVD_STEP_RLIMIT, e);
        }
    }

    // 5. User switch, options.py drop_privileges(): same uid is a no-op,
    //    else only root may switch; groups first, then gid, then uid.
    if (r->set_user) {
        uid_t current = getuid();
        if (current != r->uid) {
            if (current != 0) {
                svd_child_fail_user(report_fd, SVD_STEP_USER_NOT_ROOT, EPERM, r->uid,
                                    "Can't drop privilege as nonroot user");
            }
            if (syscall(SYS_setgroups, r->ngroups, r->groups) != 0) {
                svd_child_fail_user(report_fd, SVD_STEP_SETGROUPS, errno, r->uid,
                                    "Could not set groups of effective user");
            }
            if (syscall(SYS_setgid, r->gid) != 0) {
                svd_child_fail_user(report_fd, SVD_STEP_SETGID, errno, r->uid,
                                    "Could not set group id of effective user");
            }
            if (syscall(SYS_setuid, r->uid) != 0) {
                svd_child_fail(report_fd, SVD_STEP_SETUID, errno);
            }
        }
    }

    // 6. Working directory.
    if (r->cwd != NULL && chdir(r->cwd) != 0) {
        int e = errno;
        struct svd_msg m = { .len = 0 };
        svd_msg_str(&m, "supervisor: couldn't chdir to ");
        svd_msg_str(&m, r->cwd);
        svd_msg_str(&m, ": ");
        svd_msg_errno(&m, e);
        svd_msg_str(&m, "\n");
        svd_msg_flush(&m);
        svd_child_fail(report_fd, SVD_STEP_CHDIR, e);
    }

    // 7. umask.
    if (r->umask >= 0) umask((mode_t)r->umask);

    // 8. An empty mask, as a Python supervisord's children get, then exec.
    sigset_t none;
    sigemptyset(&none);
    sigprocmask(SIG_SETMASK, &none, NULL);
    execve(r->path, r->argv, r->envp);
    int e = errno;

    sigset_t all;
    sigfillset(&all);
    sigprocmask(SIG_SETMASK, &all, NULL);
    struct svd_msg m = { .len = 0 };
    svd_msg_str(&m, "supervisor: couldn't exec ");
    svd_msg_str(&m, r->argv != NULL ? r->argv[0] : r->path);
    svd_msg_str(&m, ": ");
    svd_msg_errno(&m, e);
    svd_msg_str(&m, "\n");
    svd_msg_flush(&m);
    svd_child_fail(report_fd, SVD_STEP_EXEC, e);
}

// MARK: - Parent

struct svd_child_args {
    const struct svd_spawn_request *request;
    int report_fd;
    int parent_end;
};

static int svd_child_entry(void *raw) {
    const struct svd_child_args *a = raw;
    close(a->parent_end);
    svd_child_main(a->request, a->report_fd);
}

// A sanitized build (scripts/sanitize) forks instead: the sanitizer runtimes keep per-thread state that a CLONE_VM
// child would share with the cloning thread (ThreadSanitizer's clone interceptor fails a CHECK in the child;
// AddressSanitizer cannot tell the child's stack from the thread's and warns of false positives at its _exit).
#if defined(__has_feature)
#if __has_feature(thread_sanitizer) || __has_feature(address_sanitizer)
#define SVD_CLONE_VM 0
#endif
#endif
#ifndef SVD_CLONE_VM
#define SVD_CLONE_VM 1
#endif

// The child shares the parent's memory until it execs (CLONE_VM | CLONE_VFORK, as posix_spawn does): no page
// tables to copy and no copy-on-write faults afterwards, which made fork() most of the daemon's cost per spawn
// with a large address space. It runs on its own stack and only makes syscalls (see the rule at the top); its
// file table, signal handlers, credentials, cwd and umask are its own (no CLONE_FILES, CLONE_SIGHAND, CLONE_FS),
// and this thread waits until the exec (or the child's exit) before it touches anything again.
static pid_t svd_clone_child(const struct svd_spawn_request *request, int report_fd, int parent_end) {
    const size_t stack_size = 256 * 1024;
    void *stack = SVD_CLONE_VM
        ? mmap(NULL, stack_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_STACK, -1, 0)
        : MAP_FAILED;
    if (stack == MAP_FAILED) {
        pid_t pid = fork();
        if (pid == 0) {
            close(parent_end);
            svd_child_main(request, report_fd);
        }
        return pid;
    }
    struct svd_child_args args = { .request = request, .report_fd = report_fd, .parent_end = parent_end };
    pid_t pid = clone(svd_child_entry, (char *)stack + stack_size, CLONE_VM | CLONE_VFORK | SIGCHLD, &args);
    int e = errno;
    munmap(stack, stack_size);
    errno = e;
    return pid;
}

// Keeps the report pipe off 0..2, where the child's dup2 would replace it.
static int svd_above_stdio(int fd) {
    if (fd > 2) return fd;
    int moved = fcntl(fd, F_DUPFD_CLOEXEC, 3);
    int e = errno;
    close(fd);
    errno = e;
    return moved;
}

int svd_spawn(const struct svd_spawn_request *request, struct svd_spawn_result *result) {
    result->pid = -1;
    result->pidfd = -1;
    result->failed_call = SVD_CALL_NONE;
    result->failed_errno = 0;
    result->child_step = SVD_STEP_NONE;
    result->child_errno = 0;

    int report[2];
    if (pipe2(report, O_CLOEXEC) != 0) {
        result->failed_call = SVD_CALL_PIPE;
        result->failed_errno = errno;
        return -1;
    }
    report[0] = svd_above_stdio(report[0]);
    report[1] = svd_above_stdio(report[1]);
    if (report[0] < 0 || report[1] < 0) {
        result->failed_call = SVD_CALL_PIPE;
        result->failed_errno = errno;
        if (report[0] >= 0) close(report[0]);
        if (report[1] >= 0) close(report[1]);
        return -1;
    }

    sigset_t all, old;
    sigfillset(&all);
    pthread_sigmask(SIG_SETMASK, &all, &old);
    pid_t pid = svd_clone_child(request, report[1], report[0]);
    int fork_errno = errno;
    pthread_sigmask(SIG_SETMASK, &old, NULL);
    close(report[1]);

    if (pid < 0) {
        close(report[0]);
        result->failed_call = SVD_CALL_FORK;
        result->failed_errno = fork_errno;
        return -1;
    }
    result->pid = pid;
    // Open the pidfd first: once the child may have exited, a reaper on
    // another thread could reap it and the pid could be reused.
    result->pidfd = svd_pidfd_open(pid);

    struct svd_child_report r;
    size_t got = 0;
    while (got < sizeof(r)) {
        ssize_t n = read(report[0], (char *)&r + got, sizeof(r) - got);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        got += (size_t)n;
    }
    close(report[0]);
    if (got == sizeof(r)) {
        result->child_step = r.step;
        result->child_errno = r.err;
    }
    return 0;
}

// MARK: - Small wrappers Swift cannot express

int svd_pipe_cloexec(int fds[2]) {
    return pipe2(fds, O_CLOEXEC);
}

int svd_pidfd_open(pid_t pid) {
#ifdef SYS_pidfd_open
    return (int)syscall(SYS_pidfd_open, pid, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int svd_pidfd_send_signal(int pidfd, int sig) {
#ifdef SYS_pidfd_send_signal
    return (int)syscall(SYS_pidfd_send_signal, pidfd, sig, NULL, 0);
#else
    errno = ENOSYS;
    return -1;
#endif
}

int svd_set_child_subreaper(int on) {
    return prctl(PR_SET_CHILD_SUBREAPER, on ? 1UL : 0UL, 0UL, 0UL, 0UL);
}

struct svd_wait_status svd_decode_wait_status(int status) {
    struct svd_wait_status s = { 0, 0, 0, 0, 0 };
    if (WIFEXITED(status)) {
        s.exited = 1;
        s.exit_status = WEXITSTATUS(status);
    } else if (WIFSIGNALED(status)) {
        s.signaled = 1;
        s.term_signal = WTERMSIG(status);
        s.core_dumped = WCOREDUMP(status) ? 1 : 0;
    }
    return s;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define SVD_ASAN 1
void __asan_handle_no_return(void);
#endif
#endif

void svd_sanitizer_before_no_return(void) {
#ifdef SVD_ASAN
    __asan_handle_no_return();
#endif
}
