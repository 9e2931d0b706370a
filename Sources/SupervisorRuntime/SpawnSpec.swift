import Glibc

/// The identity a child switches to before exec (program `user=`).
///
/// Computed in the parent (see `UserLookup`): the child must not read
/// /etc/group, so it never calls `initgroups()`.
public struct SpawnUser: Sendable, Hashable {
    public var uid: uid_t
    public var gid: gid_t
    /// Supplementary groups, primary gid first, as Supervisor's
    /// `drop_privileges` builds them (`[gid] + groups listing the user`).
    public var groups: [gid_t]

    public init(uid: uid_t, gid: gid_t, groups: [gid_t]) {
        self.uid = uid
        self.gid = gid
        self.groups = groups
    }
}

/// One resource limit for the child to set with `setrlimit` between fork and exec.
public struct SpawnResourceLimit: Sendable, Hashable {
    /// `RLIMIT_NOFILE`, `RLIMIT_NPROC`, ... as a number.
    public var resource: Int32
    /// The limits; nil is unlimited (`RLIM_INFINITY`).
    public var soft: UInt64?
    public var hard: UInt64?
    /// What a failure names, e.g. `rlimit_nofile to 4096:8192` (the child writes `couldn't set <label>: EPERM`).
    public var label: String

    public init(resource: Int32, soft: UInt64?, hard: UInt64?, label: String) {
        self.resource = resource
        self.soft = soft
        self.hard = hard
        self.label = label
    }
}

/// Everything needed to start one child, already resolved.
///
/// Building it is the engine's job: `CommandResolver` gives `executablePath`
/// and `arguments`, and the environment is composed as in spec/states.md §2
/// "Child side" step 5. Nothing here is looked up again after the fork.
public struct SpawnSpec: Sendable, Hashable {
    /// The process name, used only in `SpawnError` messages.
    public var name: String
    /// The resolved path handed to execve.
    public var executablePath: String
    /// argv, with argv[0] as the user wrote it (not the resolved path).
    public var arguments: [String]
    /// The complete environment as `KEY=value` strings; the child sees exactly this.
    public var environment: [String]
    /// Program `directory`; nil leaves the daemon's working directory.
    public var workingDirectory: String?
    /// Program `umask`; nil leaves the daemon's.
    public var umask: mode_t?
    /// Program `user`; nil keeps the daemon's identity.
    public var user: SpawnUser?
    /// Program `redirect_stderr`: the child's fd 2 is the stdout pipe and no
    /// stderr pipe is made.
    public var redirectStderr: Bool
    /// `setsid()` instead of Supervisor's `setpgrp()`. Supervisor never does
    /// this; it is here for callers that want a session leader.
    public var newSession: Bool
    /// A descriptor to become the child's fd 0 instead of a stdin pipe (the
    /// listening socket of a `[fcgi-program:x]` group). The caller keeps it.
    public var stdinDescriptor: Int32?
    /// `rlimit_*`: set in the child, in order, before the user switch.
    public var resourceLimits: [SpawnResourceLimit]

    public init(
        name: String,
        executablePath: String,
        arguments: [String],
        environment: [String],
        workingDirectory: String? = nil,
        umask: mode_t? = nil,
        user: SpawnUser? = nil,
        redirectStderr: Bool = false,
        newSession: Bool = false,
        stdinDescriptor: Int32? = nil,
        resourceLimits: [SpawnResourceLimit] = []
    ) {
        self.resourceLimits = resourceLimits
        self.name = name
        self.executablePath = executablePath
        self.arguments = arguments
        self.environment = environment
        self.workingDirectory = workingDirectory
        self.umask = umask
        self.user = user
        self.redirectStderr = redirectStderr
        self.newSession = newSession
        self.stdinDescriptor = stdinDescriptor
    }
}

/// The child-side step that failed after the fork (the child then wrote
/// Supervisor's text to its stderr and exits 127).
public struct ChildSetupFailure: Sendable, Hashable, CustomStringConvertible {
    /// Which step, in Supervisor's order.
    public enum Step: Int32, Sendable, Hashable {
        /// setpgid(0, 0) or setsid().
        case processGroup = 1
        /// dup2 of the pipes onto 0, 1, 2.
        case redirectDescriptors = 2
        /// A user switch was asked for by a daemon that is not root.
        case userNotRoot = 3
        case setgroups = 4
        case setgid = 5
        case setuid = 6
        case chdir = 7
        case exec = 8
        /// An `rlimit_*` limit could not be set (not in Supervisor).
        case resourceLimit = 9
    }

    public let step: Step
    /// The errno of the failing call (EPERM for `userNotRoot`).
    public let code: Int32

    public init(step: Step, code: Int32) {
        self.step = step
        self.code = code
    }

    public var description: String { "\(step) failed: \(SyscallError.errnoName(code))" }
}

/// A started child and the parent's ends of its pipes.
///
/// The caller owns every descriptor here. `stdout` and `stderr` are
/// non-blocking read ends (hand them to `PipeReader`), `stdin` a non-blocking
/// write end (hand it to `StdinWriter`). All are close-on-exec.
public struct SpawnedChild: Sendable, Hashable {
    public let pid: pid_t
    /// A pidfd for this exact process, or nil when the kernel gave none.
    /// Use it with `Signals.send(pidfd:signal:)`; close it when done.
    public let pidfd: Int32?
    /// nil when the spec gave a `stdinDescriptor` (no pipe was made).
    public let stdin: Int32?
    public let stdout: Int32
    /// nil when `redirectStderr` was set.
    public let stderr: Int32?
    /// Set when the child failed before exec. Supervisor counts this as a
    /// spawned process that exits quickly with 127 (→ BACKOFF), so the pid is
    /// real and the reaper will see it exit; this is extra detail for the log.
    public let childFailure: ChildSetupFailure?

    public init(pid: pid_t, pidfd: Int32?, stdin: Int32?, stdout: Int32, stderr: Int32?, childFailure: ChildSetupFailure?) {
        self.pid = pid
        self.pidfd = pidfd
        self.stdin = stdin
        self.stdout = stdout
        self.stderr = stderr
        self.childFailure = childFailure
    }
}
