import CSupervisorSpawn
import Dispatch
import Glibc
import Synchronization
import Testing

@testable import SupervisorRuntime

/// These run as exit tests, each in a fresh copy of the test process: a
/// reaper waits for *any* child, process-wide signal dispositions change,
/// privileges drop, and descriptor counts must not see other tests' files.
/// Issues recorded in a body reach this process; `requireThat` also stops
/// the body there.
@Suite struct ChildReaperTests {
    @Test func theReaperCollectsChildrenAndOrphansEvenIfSIGCHLDWasIgnored() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            // What a careless parent might leave us: SIGCHLD ignored means the
            // kernel would reap and statuses would be lost; TERM ignored
            // would survive exec without the shim's reset.
            signal(SIGCHLD, SIG_IGN)
            signal(SIGTERM, SIG_IGN)
            signal(SIGPIPE, SIG_IGN)
            requireThat(svd_set_child_subreaper(1) == 0, "PR_SET_CHILD_SUBREAPER")

            let queue = DispatchQueue(label: "test.reaper")
            let reaped = Mutex<[pid_t: Int32]>([:])
            let reaper = ChildReaper(queue: queue) { pid, status in
                reaped.withLock { $0[pid] = status }
            }
            reaper.start()

            func spawnOnQueue(_ spec: SpawnSpec) -> SpawnedChild {
                queue.sync {
                    do {
                        return try ChildSpawner().spawn(spec)
                    } catch {
                        failHere("spawn: \(error)")
                    }
                }
            }
            func statusOf(_ pid: pid_t) -> WaitStatus? {
                guard eventually(timeout: .seconds(5), { reaped.withLock { $0[pid] != nil } }) else {
                    return nil
                }
                return reaped.withLock { $0[pid].map(WaitStatus.init(rawValue:)) }
            }

            let exits3 = spawnOnQueue(shell("exit 3"))
            requireThat(statusOf(exits3.pid)?.message == "exit status 3", "exit 3 reaped by the SIGCHLD source")

            // TERM was ignored here; the child must still die of it.
            let sleeper = spawnOnQueue(SpawnSpec(name: "sleep", executablePath: "/bin/sleep", arguments: ["sleep", "30"], environment: []))
            requireThat(procStatusField(pid: sleeper.pid, "SigIgn") == "0000000000000000", "child ignores nothing")
            try? Signals.send(pid: sleeper.pid, signal: SIGTERM)
            requireThat(statusOf(sleeper.pid)?.message == "terminated by SIGTERM", "SIGTERM right after spawn")

            // An orphan: the shell exits at once, its background child is
            // re-parented to us (subreaper, as to a PID 1 supervisord) and
            // reaped as an unknown pid.
            let parent = spawnOnQueue(shell("sh -c 'exit 7' & exit 0"))
            requireThat(statusOf(parent.pid)?.exitStatus == 0, "orphan's parent")
            let orphanReaped = eventually(timeout: .seconds(5)) {
                reaped.withLock { $0.contains { $0.key != parent.pid && WaitStatus(rawValue: $0.value).exitStatus == 7 } }
            }
            requireThat(orphanReaped, "orphan with exit status 7 reaped")

            // Without the signal source, reapNow() still collects a zombie.
            reaper.stop()
            let late = spawnOnQueue(shell("exit 5"))
            requireThat(eventually { procStatusField(pid: late.pid, "State")?.hasPrefix("Z") == true }, "zombie appears")
            requireThat(reaped.withLock { $0[late.pid] == nil }, "not reaped while stopped")
            reaper.reapNow()
            requireThat(statusOf(late.pid)?.exitStatus == 5, "reapNow collects it")
            exit(0)
        }
        printObserved(result)
    }

    @Test func fiveHundredChildrenAreSpawnedDrainedAndReapedWithoutLeaks() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            var limit = rlimit()
            getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)
            limit.rlim_cur = min(limit.rlim_max, 8192)
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &limit)

            let count = 500
            let queue = DispatchQueue(label: "test.reaper")
            let state = Mutex<(reaped: [pid_t: Int32], eofs: Int, bytes: Int)>(([:], 0, 0))
            let reaper = ChildReaper(queue: queue) { pid, status in
                state.withLock { $0.reaped[pid] = status }
            }
            reaper.start()
            let before = nonDispatchDescriptors()
            var pipeInodes: Set<String> = []
            let clock = ContinuousClock()
            let started = clock.now
            let pids: [pid_t] = queue.sync {
                (0..<count).map { index in
                    let child: SpawnedChild
                    do {
                        child = try ChildSpawner().spawn(shell("echo out \(index); echo err >&2", name: "c\(index)"))
                    } catch {
                        failHere("spawn \(index): \(error)")
                    }
                    for fd in [child.stdin!, child.stdout, child.stderr!] {
                        var info = stat()
                        fstat(fd, &info)
                        pipeInodes.insert("pipe:[\(info.st_ino)]")
                    }
                    close(child.stdin!)
                    if let pidfd = child.pidfd {
                        close(pidfd)
                    }
                    for fd in [child.stdout, child.stderr!] {
                        _ = PipeReader(
                            fileDescriptor: fd,
                            queue: queue,
                            onData: { bytes in state.withLock { $0.bytes += bytes.count } },
                            onEOF: { state.withLock { $0.eofs += 1 } }
                        )
                    }
                    return child.pid
                }
            }
            let spawned = clock.now
            let done = eventually(timeout: .seconds(20)) {
                state.withLock { s in s.eofs == 2 * count && pids.allSatisfy { s.reaped[$0] != nil } }
            }
            let finished = clock.now
            requireThat(done, "all \(count) drained and reaped: \(state.withLock { ($0.eofs, $0.reaped.count) })")
            requireThat(state.withLock { s in pids.allSatisfy { WaitStatus(rawValue: s.reaped[$0]!).exitStatus == 0 } }, "all exited 0")
            let expectedBytes = (0..<count).reduce(0) { $0 + "out \($1)\nerr\n".utf8.count }
            requireThat(state.withLock { $0.bytes } == expectedBytes, "every byte arrived")
            // Exact: no pipe made for these children is open any more.
            requireThat(
                eventually { !openDescriptors().contains { entry in pipeInodes.contains { entry.hasSuffix(">" + $0) } } },
                "a child's pipe is still open: \(openDescriptors())")
            // And the count is back where it was (libdispatch's own lazily
            // created descriptors left out).
            requireThat(eventually { nonDispatchDescriptors().count <= before.count }, "descriptors: \(before) -> \(nonDispatchDescriptors())")
            reaper.stop()
            let ms = { (d: Duration) in d.components.seconds * 1000 + d.components.attoseconds / 1_000_000_000_000_000 }
            printToStderr("MEASURED: \(count) children: spawn \(ms(spawned - started)) ms, spawn+drain+reap \(ms(finished - started)) ms; descriptors \(before.count) before, \(nonDispatchDescriptors().count) after\n")
            exit(0)
        }
        printObserved(result)
    }

    @Test(.enabled(if: getuid() == 0, "needs root to become nobody"))
    func aNonRootDaemonGetsSupervisorsPrivilegeAndResourceErrors() async {
        let result = await #expect(processExitsWith: .success, observing: [\.standardErrorContent]) {
            let dir = TempDirectory()
            chmod(dir.path, 0o755)
            let ownerOnly = dir.file("owner-only", contents: "#!/bin/sh\n", mode: 0o700)

            // Become nobody for good (all threads: glibc broadcasts setxid).
            var groups: [gid_t] = [65534]
            requireThat(setgroups(1, &groups) == 0 && setgid(65534) == 0 && setuid(65534) == 0, "drop to nobody")

            func runAndReap(_ spec: SpawnSpec) -> ChildOutcome {
                do {
                    return try runToCompletion(spec)
                } catch {
                    failHere("spawn: \(error)")
                }
            }

            // drop_privileges in the child: not root and not the same uid.
            var spec = SpawnSpec(name: "id", executablePath: "/usr/bin/id", arguments: ["id", "-u"], environment: [])
            spec.user = SpawnUser(uid: 1, gid: 1, groups: [1])
            let refused = runAndReap(spec)
            requireThat(
                refused.stderr == "supervisor: couldn't setuid to 1: Can't drop privilege as nonroot user\nsupervisor: child process was not spawned\n",
                "nonroot text, got \(refused.stderr.debugDescription)")
            requireThat(refused.status?.exitStatus == 127, "exit 127")
            requireThat(refused.child.childFailure == ChildSetupFailure(step: .userNotRoot, code: EPERM), "step reported")

            // Same uid: a no-op, allowed for non-root.
            spec.user = SpawnUser(uid: 65534, gid: 65534, groups: [65534])
            requireThat(runAndReap(spec).stdout == "65534\n", "same-uid switch is a no-op")

            // check_execv_args: x bits exist, but not for us.
            do throws(CommandError) {
                _ = try CommandResolver.resolve(command: ownerOnly, searchPath: [])
                failHere("owner-only file resolved")
            } catch {
                requireThat(error == CommandError(kind: .noPermission, message: "no permission to run command '\(ownerOnly)'"), "\(error)")
            }

            // fork EAGAIN (RLIMIT_NPROC counts this user's tasks).
            var nproc = rlimit(rlim_cur: 0, rlim_max: 0)
            setrlimit(__rlimit_resource_t(__RLIMIT_NPROC.rawValue), &nproc)
            do throws(SpawnError) {
                _ = try ChildSpawner().spawn(shell("true", name: "web"))
                failHere("fork should fail under RLIMIT_NPROC 0")
            } catch {
                requireThat(error.message == "Too many processes in process table to spawn 'web'", error.message)
            }

            // pipe EMFILE: no descriptor numbers left (soft limit only, so it
            // can be restored to count descriptors afterwards).
            let before = openDescriptorCount()
            var nofile = rlimit()
            getrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &nofile)
            let savedSoftLimit = nofile.rlim_cur
            nofile.rlim_cur = 3
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &nofile)
            do throws(SpawnError) {
                _ = try ChildSpawner().spawn(shell("true", name: "web"))
                failHere("pipe should fail under RLIMIT_NOFILE 3")
            } catch {
                requireThat(error.message == "too many open files to spawn 'web'", error.message)
            }
            nofile.rlim_cur = savedSoftLimit
            setrlimit(__rlimit_resource_t(RLIMIT_NOFILE.rawValue), &nofile)
            requireThat(openDescriptorCount() == before, "a failed spawn leaves no descriptor: \(before) before, \(openDescriptorCount()) after")
            exit(0)
        }
        printObserved(result)
    }
}

// MARK: - Exit-test helpers

func printToStderr(_ text: String) {
    _ = text.withCString { write(2, $0, strlen($0)) }
}

func failHere(_ message: String, sourceLocation: SourceLocation = #_sourceLocation) -> Never {
    Issue.record(Comment(rawValue: message), sourceLocation: sourceLocation)
    exit(1)
}

func requireThat(_ condition: Bool, _ message: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation) {
    if !condition {
        failHere(message(), sourceLocation: sourceLocation)
    }
}

/// Shows the `MEASURED:` lines an exit test printed. (Its stderr also holds
/// 32 bytes of Swift Testing's own, the exit test's ID, which are skipped.)
func printObserved(_ result: ExitTest.Result?) {
    guard let result else {
        return
    }
    let text = String(decoding: result.standardErrorContent, as: UTF8.self)
    for line in text.split(separator: "\n") {
        if let start = line.firstRange(of: "MEASURED:") {
            print(line[start.lowerBound...])
        }
    }
}
