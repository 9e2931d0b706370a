import Foundation
import Glibc

// Shared by the test targets that start real programs (CompatTests, SupervisorCtlCompatTests, SupervisorClientTests,
// LineEditorTests). Never imported by a library or an executable.

/// A child process started with `posix_spawn`, with an empty signal mask, default signal dispositions and a
/// process group of its own.
///
/// Foundation's `Process` is not used for children that matter: it passes the spawning thread's signal mask on
/// (test threads block SIGTERM, SIGHUP, …, so supervisord's programs could not be stopped by SIGTERM), and it
/// detects exit through a socket the child inherits, so a command that leaves a daemon behind (the first `tmux`
/// client starts the tmux server) never looks finished.
public final class ChildProcess {
    public let pid: pid_t
    /// The raw wait status once the child has been reaped.
    public private(set) var waitStatus: Int32?

    /// Starts `arguments[0]` (an absolute path) with `arguments`.
    /// - Parameters:
    ///   - stdinPath, stdoutPath: files opened for fd 0 and fd 1; stdout is created or truncated.
    ///   - stderrPath: file for fd 2 (appended to; may be `stdoutPath`), or nil to share the test's stderr.
    ///   - environment: set on top of the test's own environment.
    public init(
        _ arguments: [String], stdinPath: String = "/dev/null", stdoutPath: String = "/dev/null",
        stderrPath: String? = nil, environment: [String: String] = [:]
    ) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, stdinPath, O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, stdoutPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if let stderrPath {
            posix_spawn_file_actions_addopen(&actions, 2, stderrPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        }
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

        let argv: [UnsafeMutablePointer<CChar>?] = arguments.map { strdup($0) } + [nil]
        let merged = ProcessInfo.processInfo.environment.merging(environment) { _, new in new }
        let envp: [UnsafeMutablePointer<CChar>?] = merged.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            for pointer in argv { free(pointer) }
            for pointer in envp { free(pointer) }
        }
        var child: pid_t = 0
        let rc = posix_spawn(&child, arguments[0], &actions, &attributes, argv, envp)
        guard rc == 0 else { throw SpawnError("posix_spawn \(arguments[0]): \(String(cString: strerror(rc)))") }
        pid = child
    }

    /// True until the child has exited (it is reaped then).
    public var isRunning: Bool {
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
    public func wait(timeout: Duration) -> Int32? {
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
    public func signalGroup(_ signal: Int32) {
        kill(-pid, signal)
    }
}

/// A test helper could not start or finish a program.
public struct SpawnError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Runs `arguments` to completion and returns its exit code and standard output.
/// - Parameter input: written to a temporary file that becomes standard input; nil gives `/dev/null`.
public func runToCompletion(
    _ arguments: [String], input: String? = nil, timeout: Duration = .seconds(300)
) throws -> (status: Int32, output: String) {
    let base = NSTemporaryDirectory() + "run-\(getpid())-\(UInt64.random(in: 0...UInt64.max))"
    let inputPath = base + ".in"
    let outputPath = base + ".out"
    defer {
        unlink(inputPath)
        unlink(outputPath)
    }
    if let input {
        try input.write(toFile: inputPath, atomically: false, encoding: .utf8)
    }
    let child = try ChildProcess(arguments, stdinPath: input == nil ? "/dev/null" : inputPath, stdoutPath: outputPath)
    guard let status = child.wait(timeout: timeout) else {
        child.signalGroup(SIGKILL)
        _ = child.wait(timeout: .seconds(5))
        throw SpawnError("\(arguments) did not finish within \(timeout)")
    }
    let output = (try? String(contentsOfFile: outputPath, encoding: .utf8)) ?? ""
    return (status, output)
}
