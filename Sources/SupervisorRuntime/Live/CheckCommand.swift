import Dispatch
import Glibc
import SupervisorConfig
import SupervisorEngine

/// One running `exec:` check command: its output (the first bytes, for the failure text) and its end. Touched
/// only on the runtime's I/O queue.
final class CheckCommandRun: @unchecked Sendable {
    // @unchecked: only touched on the runtime's I/O queue.
    let pid: Int32
    let timeout: Double
    let continuation: CheckedContinuation<ProbeResult, Never>
    var reader: PipeReader?
    /// The first ``keptOutput`` bytes of stdout and stderr together.
    var output: [UInt8] = []
    var outputOpen = true
    var rawStatus: Int32?
    var timedOut = false
    var childFailure: ChildSetupFailure?
    var finished = false

    /// How much output is kept for the failure text.
    static let keptOutput = 200

    init(pid: Int32, timeout: Double, continuation: CheckedContinuation<ProbeResult, Never>) {
        self.pid = pid
        self.timeout = timeout
        self.continuation = continuation
    }

    /// `exit status N`, `killed by SIGNAME`, `timed out after N s`; an exit status is followed by the first line the
    /// command printed, if any (`exit status 2: no response`). A command that could not be executed fails with what
    /// the child reported (`couldn't exec /x: ENOENT`).
    var result: ProbeResult {
        if timedOut { return .failed(Self.timedOutText(timeout)) }
        let firstLine = String(decoding: output.prefix { $0 != UInt8(ascii: "\n") }, as: UTF8.self)
            .trimmingCharacters(in: " \t\r")
        if let childFailure {
            // The child's own text, without the `supervisor: ` it starts with in a program's log.
            let text = firstLine.hasPrefix("supervisor: ") ? String(firstLine.dropFirst(12)) : firstLine
            return .failed(text.isEmpty ? childFailure.description : text)
        }
        let status = WaitStatus(rawValue: rawStatus ?? 0)
        if let code = status.exitCode {
            if code == 0 { return .passed }
            return .failed(firstLine.isEmpty ? "exit status \(code)" : "exit status \(code): \(firstLine)")
        }
        if let signal = status.terminationSignal { return .failed("killed by \(SignalNames.signame(signal))") }
        return .failed(status.message)
    }

    static func timedOutText(_ seconds: Double) -> String {
        let whole = seconds.rounded()
        let shown = abs(seconds - whole) < 0.0005 ? String(Int(whole)) : String(Double(Int((seconds * 1000).rounded())) / 1000)
        return "timed out after \(shown) s"
    }
}

extension String {
    func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var text = Substring(self)
        while let first = text.first, characters.contains(first) { text = text.dropFirst() }
        while let last = text.last, characters.contains(last) { text = text.dropLast() }
        return String(text)
    }
}

extension LiveProcessRuntime {
    /// Runs one `exec:` check: the words as a command (no shell), resolved on the program's PATH, as the program's
    /// `user`, in its `directory`, with its `umask` and environment, stdin at end of file and stdout and stderr
    /// captured (the first 200 bytes kept for the failure text). The command leads its own process group; at
    /// `timeout` seconds the group is killed (SIGKILL) and the try fails with `timed out after N s`. Its exit is
    /// collected here and never reaches the engine's exit handler.
    public func runCheckCommand(_ arguments: [String], for config: ProcessConfig, group: String,
                                timeout: Double) async -> ProbeResult {
        let searchPath = CommandResolver.searchPath(
            programPATH: config.environment["PATH"], daemonPATH: daemonEnvironment["PATH"])
        let command: ResolvedCommand
        do {
            command = try CommandResolver.resolve(arguments: arguments, searchPath: searchPath)
        } catch {
            return .failed(error.message)
        }
        let files: [String: String]
        switch EnvironmentFiles.load(config.environmentFiles) {
        case .success(let variables): files = variables
        case .failure(let failure): return .failed(failure.message)
        }
        let env = environment(config: config, group: group, serverURL: lastServerURL.withLock { $0 }, files: files)
        let spec = SpawnSpec(
            name: config.name, executablePath: command.executablePath, arguments: command.arguments,
            environment: env.map { "\($0.key)=\($0.value)" }, workingDirectory: config.directory,
            umask: config.umask.map { mode_t($0) }, user: spawnUser(for: config), redirectStderr: true)
        let limit = max(0, min(timeout, 1e6))
        return await withCheckedContinuation { continuation in
            queue.async { [self] in
                let child: SpawnedChild
                do throws(SpawnError) {
                    child = try spawner.spawn(spec)
                } catch {
                    continuation.resume(returning: .failed(error.message))
                    return
                }
                if let stdin = child.stdin { close(stdin) }
                if let pidfd = child.pidfd { close(pidfd) }
                let run = CheckCommandRun(pid: child.pid, timeout: timeout, continuation: continuation)
                run.childFailure = child.childFailure
                checkRuns[child.pid] = run
                run.reader = PipeReader(
                    fileDescriptor: child.stdout, queue: queue,
                    onData: { [weak run] bytes in
                        guard let run, run.output.count < CheckCommandRun.keptOutput else { return }
                        run.output += bytes.prefix(CheckCommandRun.keptOutput - run.output.count)
                    },
                    onEOF: { [weak self, weak run] in
                        guard let self, let run else { return }
                        run.outputOpen = false
                        if run.rawStatus != nil { self.finish(run) }
                    })
                queue.asyncAfter(deadline: .now() + .nanoseconds(Int(limit * 1e9))) { [weak run] in
                    guard let run, run.rawStatus == nil, !run.finished else { return }
                    run.timedOut = true
                    _ = kill(-run.pid, SIGKILL)
                    _ = kill(run.pid, SIGKILL)
                }
            }
        }
    }

    /// On `queue`: a check command was reaped; its result is given once its output is drained (or after the
    /// drain limit, when something it started still holds the pipe).
    func checkCommandExited(_ run: CheckCommandRun, status: Int32) {
        run.rawStatus = status
        if !run.outputOpen {
            finish(run)
            return
        }
        queue.asyncAfter(deadline: .now() + Self.drainLimit) { [weak self, weak run] in
            guard let self, let run else { return }
            self.finish(run)
        }
    }

    /// On `queue`: hands the result over, once.
    private func finish(_ run: CheckCommandRun) {
        guard !run.finished, run.rawStatus != nil else { return }
        run.finished = true
        run.reader?.cancel()
        run.reader = nil
        checkRuns[run.pid] = nil
        run.continuation.resume(returning: run.result)
    }
}
