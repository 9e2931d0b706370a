import Dispatch
import Glibc
import Synchronization
import Testing

@testable import SupervisorRuntime

/// Real children, reaped by pid (see `waitForExit`), so these tests can run
/// in parallel with each other and with other suites.
@Suite struct ChildSpawnerTests {
    @Test func outputArrivesOnBothPipesAndTheExitDecodes() throws {
        let outcome = try runToCompletion(shell("echo hi; echo err >&2; exit 3"))
        #expect(outcome.stdout == "hi\n")
        #expect(outcome.stderr == "err\n")
        #expect(outcome.status?.exitStatus == 3)
        #expect(outcome.status?.message == "exit status 3")
        #expect(outcome.child.childFailure == nil)
        #expect(outcome.child.pidfd != nil)
    }

    @Test func redirectStderrPutsBothOnStdout() throws {
        var spec = shell("echo hi; echo err >&2")
        spec.redirectStderr = true
        let outcome = try runToCompletion(spec)
        #expect(outcome.child.stderr == nil)
        #expect(outcome.stdout == "hi\nerr\n")
        #expect(outcome.status?.exitStatus == 0)
    }

    @Test func theChildSeesTheUmask() throws {
        var spec = shell("umask")
        spec.umask = 0o027
        #expect(try runToCompletion(spec).stdout == "0027\n")
    }

    @Test func theChildRunsInTheWorkingDirectory() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        var spec = SpawnSpec(name: "pwd", executablePath: "/bin/pwd", arguments: ["pwd", "-P"], environment: [])
        spec.workingDirectory = dir.path
        #expect(try runToCompletion(spec).stdout == dir.path + "\n")
    }

    @Test func theChildSeesExactlyTheGivenEnvironment() throws {
        let spec = SpawnSpec(
            name: "env",
            executablePath: "/usr/bin/env",
            arguments: ["env"],
            environment: ["A=1", "B=two words", "SUPERVISOR_ENABLED=1"]
        )
        #expect(try runToCompletion(spec).stdout == "A=1\nB=two words\nSUPERVISOR_ENABLED=1\n")
    }

    @Test func argv0IsPassedAsWritten() throws {
        let spec = SpawnSpec(name: "a0", executablePath: "/bin/sh", arguments: ["my-name", "-c", "echo $0"], environment: [])
        #expect(try runToCompletion(spec).stdout == "my-name\n")
    }

    /// A descriptor the daemon leaked without O_CLOEXEC still does not reach
    /// the child: only 0, 1 and 2 are open after exec.
    @Test func onlyStandardDescriptorsAreOpenInTheChild() throws {
        let leaked = open("/dev/null", O_RDONLY)  // deliberately not O_CLOEXEC
        defer { close(leaked) }
        let child = try ChildSpawner().spawn(shell("read line"))
        // Polled: right after exec the dynamic loader briefly has fd 3 open
        // on the libraries it maps. A leaked descriptor would never go away.
        #expect(eventually { directoryEntries("/proc/\(child.pid)/fd") == ["0", "1", "2"] })
        close(child.stdin!)  // `read` sees EOF and the shell exits
        #expect(waitForExit(pid: child.pid, pidfd: child.pidfd)?.exitStatus == 1)
        closeParentEnds(child)
    }

    @Test func theChildLeadsItsOwnProcessGroupInOurSession() throws {
        let child = try ChildSpawner().spawn(shell("read line"))
        #expect(getpgid(child.pid) == child.pid)
        #expect(getsid(child.pid) == getsid(0))
        close(child.stdin!)
        _ = waitForExit(pid: child.pid, pidfd: child.pidfd)
        closeParentEnds(child)
    }

    @Test func newSessionMakesASessionLeader() throws {
        var spec = shell("read line")
        spec.newSession = true
        let child = try ChildSpawner().spawn(spec)
        #expect(getsid(child.pid) == child.pid)
        #expect(getpgid(child.pid) == child.pid)
        close(child.stdin!)
        _ = waitForExit(pid: child.pid, pidfd: child.pidfd)
        closeParentEnds(child)
    }

    /// spawn() returns after exec, so the child already has default
    /// dispositions and an empty mask, whatever the spawning thread had
    /// (Dispatch and Swift concurrency threads block most signals).
    @Test func theChildStartsWithDefaultSignalState() throws {
        let child = try ChildSpawner().spawn(shell("read line"))
        #expect(procStatusField(pid: child.pid, "SigBlk") == "0000000000000000")
        #expect(procStatusField(pid: child.pid, "SigIgn") == "0000000000000000")
        close(child.stdin!)
        _ = waitForExit(pid: child.pid, pidfd: child.pidfd)
        closeParentEnds(child)
    }

    @Test func aStopSignalSentRightAfterSpawnTakesEffect() throws {
        let child = try ChildSpawner().spawn(SpawnSpec(name: "sleep", executablePath: "/bin/sleep", arguments: ["sleep", "30"], environment: []))
        try Signals.send(pid: child.pid, signal: SIGTERM)
        let status = waitForExit(pid: child.pid, pidfd: child.pidfd, timeout: .seconds(2))
        #expect(status?.message == "terminated by SIGTERM")
        #expect(status?.exitStatus == -1)
        closeParentEnds(child)
    }

    /// killasgroup: the background grandchild holds the stdout pipe, so EOF
    /// only arrives when the whole group is gone.
    @Test func signallingTheGroupReachesGrandchildren() throws {
        let child = try ChildSpawner().spawn(shell("sleep 30 & wait"))
        let collector = OutputCollector()
        collector.attach(child)
        #expect(eventually { childrenOf(child.pid).count == 1 })
        try Signals.send(pid: child.pid, signal: SIGKILL, toGroup: true)
        #expect(waitForExit(pid: child.pid, pidfd: child.pidfd)?.message == "terminated by SIGKILL")
        #expect(eventually { collector.isDrained })
        close(child.stdin!)
        if let pidfd = child.pidfd { close(pidfd) }
    }

    @Test func aPidfdSignalReachesTheChild() throws {
        let child = try ChildSpawner().spawn(shell("read line"))
        let pidfd = try #require(child.pidfd)
        try Signals.send(pidfd: pidfd, signal: SIGKILL)
        #expect(waitForExit(pid: child.pid, pidfd: pidfd)?.message == "terminated by SIGKILL")
        #expect(throws: SyscallError(call: "pidfd_send_signal", code: ESRCH)) {
            try Signals.send(pidfd: pidfd, signal: SIGKILL)
        }
        #expect(throws: SyscallError(call: "kill", code: EINVAL)) {
            try Signals.send(pid: 0, signal: SIGKILL)
        }
        closeParentEnds(child)
    }

    @Test func killedBySignalDecodes() throws {
        #expect(try runToCompletion(shell("kill -KILL $$")).status?.message == "terminated by SIGKILL")
        #expect(try runToCompletion(shell("kill -USR1 $$")).status?.message == "terminated by SIGUSR1")
    }

    // MARK: - Child-side failures (Supervisor's texts, exit 127)

    @Test func aChdirFailureWritesSupervisorsTextAndExits127() throws {
        var spec = shell("echo never")
        spec.workingDirectory = "/nonexistent/dir"
        let outcome = try runToCompletion(spec)
        #expect(outcome.stderr == "supervisor: couldn't chdir to /nonexistent/dir: ENOENT\nsupervisor: child process was not spawned\n")
        #expect(outcome.stdout == "")
        #expect(outcome.status?.message == "exit status 127")
        #expect(outcome.child.childFailure == ChildSetupFailure(step: .chdir, code: ENOENT))
    }

    @Test func anExecFailureWritesSupervisorsTextWithArgv0() throws {
        let spec = SpawnSpec(name: "bad", executablePath: "/etc/passwd", arguments: ["as-written", "x"], environment: [])
        let outcome = try runToCompletion(spec)
        #expect(outcome.stderr == "supervisor: couldn't exec as-written: EACCES\nsupervisor: child process was not spawned\n")
        #expect(outcome.status?.exitStatus == 127)
        #expect(outcome.child.childFailure == ChildSetupFailure(step: .exec, code: EACCES))
    }

    @Test func failureTextsFollowRedirectStderr() throws {
        var spec = SpawnSpec(name: "bad", executablePath: "/nonexistent/prog", arguments: ["prog"], environment: [])
        spec.redirectStderr = true
        let outcome = try runToCompletion(spec)
        #expect(outcome.stdout == "supervisor: couldn't exec prog: ENOENT\nsupervisor: child process was not spawned\n")
        #expect(outcome.status?.exitStatus == 127)
    }

    // MARK: - User switching (needs root)

    @Test(.enabled(if: getuid() == 0, "needs root"))
    func runsAsNobodyWithNobodysGroups() throws {
        let nobody = try UserLookup.lookup("nobody")
        var spec = SpawnSpec(name: "id", executablePath: "/usr/bin/id", arguments: ["id"], environment: [])
        spec.user = nobody.spawnUser
        let outcome = try runToCompletion(spec)
        #expect(outcome.stdout == "uid=65534(nobody) gid=65534(nogroup) groups=65534(nogroup)\n")
        #expect(outcome.status?.exitStatus == 0)
    }

    @Test(.enabled(if: getuid() == 0, "needs root"))
    func supplementaryGroupsComeFromTheParent() throws {
        var spec = SpawnSpec(name: "id", executablePath: "/usr/bin/id", arguments: ["id", "-G"], environment: [])
        spec.user = SpawnUser(uid: 65534, gid: 65534, groups: [65534, 4, 20])
        #expect(try runToCompletion(spec).stdout == "65534 4 20\n")
    }

    /// drop_privileges: switching to the uid we already have changes nothing,
    /// not even the groups.
    @Test(.enabled(if: getuid() == 0, "needs root"))
    func switchingToOurOwnUidIsANoOp() throws {
        var spec = SpawnSpec(name: "id", executablePath: "/usr/bin/id", arguments: ["id", "-G"], environment: [])
        spec.user = SpawnUser(uid: 0, gid: 4, groups: [4, 20])
        #expect(try runToCompletion(spec).stdout == "0\n")
    }

    @Test(.enabled(if: getuid() == 0, "needs root"))
    func chdirHappensAfterTheUserSwitch() throws {
        let dir = TempDirectory()  // mode 0700, owned by root
        defer { dir.remove() }
        var spec = shell("pwd")
        spec.user = SpawnUser(uid: 65534, gid: 65534, groups: [65534])
        spec.workingDirectory = dir.path
        let outcome = try runToCompletion(spec)
        #expect(outcome.stderr == "supervisor: couldn't chdir to \(dir.path): EACCES\nsupervisor: child process was not spawned\n")
        #expect(outcome.status?.exitStatus == 127)
    }
}

func closeParentEnds(_ child: SpawnedChild) {
    close(child.stdout)
    if let stderr = child.stderr { close(stderr) }
    if let pidfd = child.pidfd { close(pidfd) }
}

/// Pids whose parent is `pid`, from /proc/<pid>/task/<pid>/children.
func childrenOf(_ pid: pid_t) -> [String] {
    (readSmallFile("/proc/\(pid)/task/\(pid)/children") ?? "").split(separator: " ").map(String.init)
}
