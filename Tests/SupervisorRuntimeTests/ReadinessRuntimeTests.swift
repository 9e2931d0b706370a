import Dispatch
import Glibc
import Synchronization
import SupervisorConfig
import SupervisorEngine
import SupervisorLogs
import Testing

@testable import SupervisorRuntime

/// `exec:` checks, `notify` sockets and `log:` matching through a real `LiveProcessRuntime`. Exit tests, each in a
/// fresh copy of the test process: the runtime's reaper waits for any child.
@Suite struct ReadinessRuntimeTests {
    @Test func execChecksPassFailTimeOutAndRunWithTheProgramsEnvironmentAndDirectory() async {
        await #expect(processExitsWith: .success) {
            let (runtime, recorder) = startedRuntime()
            let dir = TempDirectory()
            var config = ProcessConfig(section: "program:web", name: "web", command: "/bin/true")
            config.environment = ["FOO": "bar"]
            config.directory = dir.path
            func check(_ words: [String], timeout: Double = 10) async -> ProbeResult {
                await runtime.runCheckCommand(words, for: config, group: "pool", timeout: timeout)
            }
            requireThat(await check(["true"]) == .passed, "true passes")
            let failed = await check(["sh", "-c", "echo 'no response' >&2; exit 3"])
            requireThat(failed == .failed("exit status 3: no response"), "exit 3: \(failed)")
            requireThat(await check(["sh", "-c", "exit 4"]) == .failed("exit status 4"), "exit 4 without output")
            let env = await check(["sh", "-c", "test \"$FOO\" = bar && test \"$SUPERVISOR_PROCESS_NAME\" = web "
                + "&& test \"$SUPERVISOR_GROUP_NAME\" = pool && test \"$(pwd)\" = '\(dir.path)'"])
            requireThat(env == .passed, "environment and directory: \(env)")
            let killed = await check(["sh", "-c", "kill -TERM $$"])
            requireThat(killed == .failed("killed by SIGTERM"), "signal: \(killed)")
            let missing = await check(["no-such-command-here"])
            requireThat(missing == .failed("can't find command 'no-such-command-here'"), "missing: \(missing)")
            let clock = ContinuousClock()
            let started = clock.now
            // The grandchild holds the pipe too; the whole group is killed.
            let slow = await check(["sh", "-c", "sleep 30 & sleep 30"], timeout: 0.5)
            requireThat(slow == .failed("timed out after 0.5 s"), "timeout: \(slow)")
            requireThat(clock.now - started < .seconds(5), "timed out promptly")
            var badDirectory = config
            badDirectory.directory = dir.path + "/missing"
            let chdir = await runtime.runCheckCommand(["true"], for: badDirectory, group: "pool", timeout: 10)
            requireThat(chdir == .failed("couldn't chdir to \(dir.path)/missing: ENOENT"), "chdir: \(chdir)")
            // Many at once, none confused with another, none reported to the engine.
            let fixed = config
            let results = await withTaskGroup(of: ProbeResult.self) { group in
                for n in 0..<20 {
                    group.addTask {
                        await runtime.runCheckCommand(["sh", "-c", "exit \(n % 2)"], for: fixed, group: "pool", timeout: 10)
                    }
                }
                return await group.reduce(into: [ProbeResult]()) { $0.append($1) }
            }
            requireThat(results.filter { $0 == .passed }.count == 10, "ten of twenty pass: \(results)")
            requireThat(recorder.exits.isEmpty, "no check command reached the exit handler")
            dir.remove()
            exit(0)
        }
    }

    @Test func notifyDatagramsFromTheTreeAreReportedAndOthersRefused() async {
        await #expect(processExitsWith: .success) {
            let (runtime, recorder) = startedRuntime()
            let dir = TempDirectory()
            let script = dir.file("notify.py", contents: """
                import os, socket, time
                path = os.environ['NOTIFY_SOCKET']
                with open('env.txt', 'w') as f:
                    f.write(path + '\\n' + os.environ.get('WATCHDOG_USEC', '-') + '\\n' + os.environ.get('WATCHDOG_PID', '-'))
                s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
                s.sendto(b'STATUS=warming up', path)
                if os.fork() == 0:
                    s.sendto(b'READY=1\\nSTATUS=grandchild', path)
                    time.sleep(3)
                    os._exit(0)
                while not os.path.exists('go'):
                    time.sleep(0.02)
                s.sendto(b'STOPPING=1', path)

                """, mode: 0o644)
            var config = ProcessConfig(section: "program:web", name: "web", command: "python3 \(script)")
            config.directory = dir.path
            config.checks = ProcessChecks(readiness: ReadinessOptions(check: .notify, watchdogSeconds: 2.5))
            guard case .spawned(let pid, _) = runtime.spawn(request(config)) else { failHere("spawn") }
            requireThat(eventually(timeout: .seconds(20)) { readSmallFile(dir.path + "/env.txt")?.contains("\n") == true },
                        "env file written")
            let env = (readSmallFile(dir.path + "/env.txt") ?? "").split(separator: "\n").map(String.init)
            requireThat(env.count == 3 && env[1] == "2500000" && env[2] == "-", "WATCHDOG_USEC set, no WATCHDOG_PID: \(env)")
            let path = env[0]
            requireThat(path.utf8.count < 108, "short path")
            var info = stat()
            requireThat(lstat(path, &info) == 0 && info.st_mode & 0o777 == 0o600, "socket mode 0600")
            let directoryMode = path.split(separator: "/").dropLast().joined(separator: "/")
            requireThat(stat("/" + directoryMode, &info) == 0 && info.st_mode & 0o777 == 0o711, "directory mode 0711")
            requireThat(eventually(timeout: .seconds(10)) {
                recorder.events.contains(.output(.notify(pid: pid, message: NotifyMessage(ready: true, status: "grandchild"))))
            }, "the grandchild's READY=1 believed: \(recorder.events)")
            requireThat(recorder.events.first == .output(.notify(pid: pid, message: NotifyMessage(status: "warming up"))),
                        "the child's STATUS first, in order")
            // This process is the child's parent: not in its tree.
            sendDatagram("READY=1", to: path)
            requireThat(eventually(timeout: .seconds(10)) {
                recorder.lines.contains { $0.contains("pid \(getpid())") && $0.contains("'web'") && $0.hasPrefix("WARN") }
            }, "a refused datagram is logged: \(recorder.lines)")
            _ = dir.file("go", mode: 0o644)
            requireThat(eventually(timeout: .seconds(10)) { recorder.exits[pid] != nil }, "child exited")
            let events = recorder.events
            let stopping = events.firstIndex(of: .output(.notify(pid: pid, message: NotifyMessage(stopping: true))))
            let exited = events.firstIndex { if case .exit(pid, _) = $0 { true } else { false } }
            requireThat(stopping != nil && exited != nil && stopping! < exited!, "STOPPING=1 before the exit: \(events)")
            requireThat(events.filter { $0 == .output(.notify(pid: pid, message: NotifyMessage(ready: true))) }.isEmpty,
                        "the refused READY=1 was not reported")
            requireThat(access(path, F_OK) != 0, "socket removed with the exit")
            runtime.stop()
            requireThat(access("/" + directoryMode, F_OK) != 0, "directory removed at stop")
            dir.remove()
            exit(0)
        }
    }

    @Test func programsWithoutNotifyGetNoNotifySocket() async {
        await #expect(processExitsWith: .success) {
            let (runtime, recorder) = startedRuntime(environment: ["PATH": "/usr/bin:/bin", "WATCHDOG_USEC": "9"])
            let dir = TempDirectory()
            var config = ProcessConfig(
                section: "program:plain", name: "plain",
                command: "sh -c 'echo \"${NOTIFY_SOCKET:--}:${WATCHDOG_USEC:--}\" > out.txt'")
            config.directory = dir.path
            guard case .spawned(let pid, _) = runtime.spawn(request(config)) else { failHere("spawn") }
            requireThat(eventually(timeout: .seconds(10)) { recorder.exits[pid] != nil }, "exited")
            requireThat(readSmallFile(dir.path + "/out.txt") == "-:9\n", "no NOTIFY_SOCKET, daemon's WATCHDOG_USEC kept")
            dir.remove()
            exit(0)
        }
    }

    @Test func logReadyChecksMatchLinesSplitAcrossReadsOnEitherChannelWithOrWithoutAFile() async {
        await #expect(processExitsWith: .success) {
            let (runtime, recorder) = startedRuntime()
            let dir = TempDirectory()
            let pattern = "listening on port [0-9]+$"
            let script = "printf 'starting\\nlisten'; sleep 0.3; printf 'ing on port 80'; sleep 0.3; touch half; "
                + "sleep 0.3; printf '80\\r\\n'; echo 'listening on port 1'; sleep 0.3"
            for (channel, logfile) in [("stdout", dir.path + "/out.log"), ("stderr", nil), ("stdout", nil)] {
                var config = ProcessConfig(
                    section: "program:app", name: "app",
                    command: "sh -c \"\(channel == "stderr" ? "exec >&2; " : "")\(script)\"")
                config.directory = dir.path
                config.stdout.logfile = logfile.map { .path($0) } ?? .none
                config.stderr.logfile = .none
                config.checks = ProcessChecks(readiness: ReadinessOptions(check: .log(pattern: pattern)))
                unlink(dir.path + "/half")
                var spawnRequest = request(config)
                spawnRequest.stdoutLogfile = logfile
                guard case .spawned(let pid, _) = runtime.spawn(spawnRequest) else { failHere("spawn") }
                requireThat(eventually(timeout: .seconds(10)) { access(dir.path + "/half", F_OK) == 0 }, "half")
                requireThat(!recorder.events.contains(.output(.readyLine(pid: pid))), "no match before the line ends")
                requireThat(eventually(timeout: .seconds(10)) { recorder.exits[pid] != nil }, "exited")
                let events = recorder.events
                requireThat(events.filter { $0 == .output(.readyLine(pid: pid)) }.count == 1,
                            "\(channel) \(logfile ?? "NONE"): one readyLine: \(events)")
                let ready = events.firstIndex(of: .output(.readyLine(pid: pid)))!
                let exited = events.firstIndex { if case .exit(pid, _) = $0 { true } else { false } }!
                requireThat(ready < exited, "before the exit")
                if let logfile {
                    requireThat(readSmallFile(logfile)?.hasSuffix("listening on port 8080\r\nlistening on port 1\n") == true,
                                "the log file still gets every byte")
                }
            }
            dir.remove()
            exit(0)
        }
    }

    @Test func lineMatcherKeepsPartialLinesPerChannelAndCapsThem() {
        let matcher = ReadyLineMatcher(pattern: "^ready$")
        #expect(!matcher.feed(Array("rea".utf8), channel: .stdout))
        #expect(!matcher.feed(Array("xx\n".utf8), channel: .stderr))
        #expect(matcher.feed(Array("dy\n".utf8), channel: .stdout))
        #expect(!matcher.feed(Array("ready\n".utf8), channel: .stdout), "only the first match counts")
        let long = ReadyLineMatcher(pattern: "x$")
        #expect(long.feed([UInt8](repeating: UInt8(ascii: "x"), count: ReadyLineMatcher.maxLineLength), channel: .stdout))
        let atEnd = ReadyLineMatcher(pattern: "done")
        #expect(!atEnd.feed(Array("done".utf8), channel: .stdout))
        #expect(atEnd.feed(nil, channel: .stdout), "the partial line at end of file is matched")
    }
}

// MARK: - Helpers

/// What the runtime reported, in order.
enum RuntimeEvent: Equatable {
    case output(ChildOutput)
    case exit(Int32, Int32)
}

final class RuntimeRecorder: EngineLogger, Sendable {
    private let state = Mutex<(events: [RuntimeEvent], lines: [String])>(([], []))

    func log(_ level: LogLevel, _ message: String) {
        state.withLock { $0.lines.append("\(level.name) \(message)") }
    }

    func record(_ event: RuntimeEvent) { state.withLock { $0.events.append(event) } }
    var events: [RuntimeEvent] { state.withLock { $0.events } }
    var lines: [String] { state.withLock { $0.lines } }
    var exits: [Int32: Int32] {
        state.withLock { state in
            var exits: [Int32: Int32] = [:]
            for case .exit(let pid, let status) in state.events { exits[pid] = status }
            return exits
        }
    }
}

func startedRuntime(environment: [String: String] = ["PATH": "/usr/bin:/bin"]) -> (LiveProcessRuntime, RuntimeRecorder) {
    let recorder = RuntimeRecorder()
    let runtime = LiveProcessRuntime(
        daemonEnvironment: environment,
        settings: .init(childLogDirectory: "/tmp", identifier: "test", stripAnsi: false, logger: recorder,
                        echoChildOutput: false))
    runtime.start(
        exitHandler: { pid, status in recorder.record(.exit(pid, status)) },
        outputHandler: { output in recorder.record(.output(output)) })
    return (runtime, recorder)
}

func request(_ config: ProcessConfig) -> SpawnRequest {
    SpawnRequest(config: config, groupName: config.name, serverURL: nil, stdoutLogfile: nil, stderrLogfile: nil)
}

func sendDatagram(_ text: String, to path: String) {
    let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    defer { close(fd) }
    var address = sockaddr_un()
    address.sun_family = sa_family_t(AF_UNIX)
    withUnsafeMutableBytes(of: &address.sun_path) { raw in
        for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
    }
    let bytes = Array(text.utf8)
    _ = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
            sendto(fd, bytes, bytes.count, 0, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
        }
    }
}
