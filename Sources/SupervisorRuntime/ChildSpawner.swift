import CSupervisorSpawn
import Glibc

/// Starts children the way Supervisor's `Subprocess.spawn` does, from the
/// pipes on (command resolution happens before, in `CommandResolver`).
///
/// - Important: Spawn on the same serial queue the `ChildReaper` delivers
///   exits on, and record the pid before leaving that queue. A child that
///   fails before exec exits at once, and its exit must not be handled before
///   the engine knows its pid.
public struct ChildSpawner: Sendable {
    public init() {}

    /// Makes the pipes, forks and execs, and returns the child.
    ///
    /// On return the child has either exec'd (with default signal handling,
    /// its own process group, only fds 0, 1, 2) or is exiting with status 127
    /// after writing Supervisor's failure text to its stderr
    /// (`childFailure` says which step). Either way there is a pid to reap.
    ///
    /// - Throws: `SpawnError` when no child was created; its `message` is
    ///   Supervisor's spawnerr. No descriptor is left open then.
    public func spawn(_ spec: SpawnSpec) throws(SpawnError) -> SpawnedChild {
        // Same order as options.py make_pipes: stdin, stdout, stderr.
        var pipes = PipeSet()
        do throws(SyscallError) {
            if spec.stdinDescriptor == nil {
                let stdinPipe = try Self.makePipe()
                pipes.childStdin = stdinPipe.read
                pipes.parentStdin = stdinPipe.write
            }
            let stdoutPipe = try Self.makePipe()
            pipes.parentStdout = stdoutPipe.read
            pipes.childStdout = stdoutPipe.write
            if !spec.redirectStderr {
                let stderrPipe = try Self.makePipe()
                pipes.parentStderr = stderrPipe.read
                pipes.childStderr = stderrPipe.write
            }
            for fd in [pipes.parentStdin, pipes.parentStdout, pipes.parentStderr] where fd >= 0 {
                _ = try retryingSyscall("fcntl") { fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
            }
        } catch {
            pipes.closeAll()
            throw SpawnError.pipe(spec.name, error.code)
        }

        var result = svd_spawn_result()
        let rc = Self.withRequest(spec, pipes) { request in svd_spawn(request, &result) }
        pipes.closeChildEnds()

        if rc != 0 {
            pipes.closeAll()
            if result.failed_call == Int32(SVD_CALL_PIPE.rawValue) {
                throw SpawnError.pipe(spec.name, result.failed_errno)
            }
            throw SpawnError.fork(spec.name, result.failed_errno)
        }

        let failure = ChildSetupFailure.Step(rawValue: result.child_step).map {
            ChildSetupFailure(step: $0, code: result.child_errno)
        }
        return SpawnedChild(
            pid: result.pid,
            pidfd: result.pidfd >= 0 ? result.pidfd : nil,
            stdin: pipes.parentStdin >= 0 ? pipes.parentStdin : nil,
            stdout: pipes.parentStdout,
            stderr: pipes.parentStderr >= 0 ? pipes.parentStderr : nil,
            childFailure: failure
        )
    }

    // MARK: - Helpers

    private struct PipeSet {
        var childStdin: Int32 = -1
        var parentStdin: Int32 = -1
        var parentStdout: Int32 = -1
        var childStdout: Int32 = -1
        var parentStderr: Int32 = -1
        var childStderr: Int32 = -1

        mutating func closeChildEnds() {
            for fd in [childStdin, childStdout, childStderr] where fd >= 0 {
                close(fd)
            }
            childStdin = -1
            childStdout = -1
            childStderr = -1
        }

        mutating func closeAll() {
            closeChildEnds()
            for fd in [parentStdin, parentStdout, parentStderr] where fd >= 0 {
                close(fd)
            }
            parentStdin = -1
            parentStdout = -1
            parentStderr = -1
        }
    }

    /// A close-on-exec pipe, so no other thread's fork can inherit it.
    private static func makePipe() throws(SyscallError) -> (read: Int32, write: Int32) {
        var fds: [Int32] = [-1, -1]
        _ = try retryingSyscall("pipe2") { svd_pipe_cloexec(&fds) }
        return (fds[0], fds[1])
    }

    /// The soft RLIMIT_NOFILE, bounding the FD_CLOEXEC loop the shim falls
    /// back to on kernels without close_range(CLOSE_RANGE_CLOEXEC).
    private static func descriptorLimit() -> Int32 {
        var limit = rlimit()
        guard getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit) == 0 else {
            return 1024
        }
        return Int32(clamping: min(limit.rlim_cur, 1 << 20))
    }

    private static func withRequest<R>(
        _ spec: SpawnSpec,
        _ pipes: PipeSet,
        _ body: (UnsafePointer<svd_spawn_request>) -> R
    ) -> R {
        withCStringArray(spec.arguments) { argv in
            withCStringArray(spec.environment) { envp in
                spec.executablePath.withCString { path in
                    withOptionalCString(spec.workingDirectory) { cwd in
                        let groups = spec.user?.groups ?? []
                        return withResourceLimits(spec.resourceLimits) { limits in
                        groups.withUnsafeBufferPointer { groupBuffer in
                            var request = svd_spawn_request()
                            request.path = path
                            request.argv = argv
                            request.envp = envp
                            request.stdin_fd = spec.stdinDescriptor ?? pipes.childStdin
                            request.stdout_fd = pipes.childStdout
                            request.stderr_fd = spec.redirectStderr ? pipes.childStdout : pipes.childStderr
                            request.new_session = spec.newSession ? 1 : 0
                            if let user = spec.user {
                                request.set_user = 1
                                request.uid = user.uid
                                request.gid = user.gid
                                request.groups = groupBuffer.baseAddress
                                request.ngroups = groupBuffer.count
                            }
                            request.cwd = cwd
                            request.umask = spec.umask.map { Int32($0 & 0o7777) } ?? -1
                            request.max_fd = descriptorLimit()
                            request.rlimits = limits.baseAddress
                            request.nrlimits = limits.count
                            return withUnsafePointer(to: &request) { body($0) }
                        }
                        }
                    }
                }
            }
        }
    }
}

/// The C form of `limits` (labels copied), valid inside `body`.
func withResourceLimits<R>(_ limits: [SpawnResourceLimit], _ body: (UnsafeBufferPointer<svd_rlimit>) -> R) -> R {
    let labels = limits.map { strdup($0.label) }
    defer {
        for label in labels { free(label) }
    }
    let c = zip(limits, labels).map { limit, label in
        svd_rlimit(resource: limit.resource, soft: limit.soft ?? .max, hard: limit.hard ?? .max,
                   label: UnsafePointer(label))
    }
    return c.withUnsafeBufferPointer { body($0) }
}

/// A NULL-terminated `char *[]` copy of `strings`, valid inside `body`.
func withCStringArray<R>(
    _ strings: [String],
    _ body: (UnsafePointer<UnsafeMutablePointer<CChar>?>) -> R
) -> R {
    var pointers: [UnsafeMutablePointer<CChar>?] = strings.map { strdup($0) }
    pointers.append(nil)
    defer {
        for pointer in pointers {
            free(pointer)
        }
    }
    return pointers.withUnsafeBufferPointer { body($0.baseAddress!) }
}

func withOptionalCString<R>(_ string: String?, _ body: (UnsafePointer<CChar>?) -> R) -> R {
    guard let string else {
        return body(nil)
    }
    return string.withCString { body($0) }
}
