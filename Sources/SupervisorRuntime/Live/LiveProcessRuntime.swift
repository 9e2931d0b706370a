import Dispatch
import Glibc
import Synchronization
import SupervisorConfig
import SupervisorEngine
import SupervisorLogs

/// The engine's `ProcessRuntime` on Linux: resolves commands, forks children through the C shim, copies their
/// output into rotating log files, and reports exits once each child's pipes are drained.
///
/// All pipe reading, log writing and reaping happens on one serial I/O queue. Spawns also run on it (with
/// `sync`), so a child that dies at once cannot be reaped before its pipes are registered.
public final class LiveProcessRuntime: ProcessRuntime, @unchecked Sendable {
    // @unchecked: `children`, `checkRuns`, `notifyDirectory` and `exitHandler` are only touched on `queue`; the rest
    // is immutable or a Mutex.
    let queue = DispatchQueue(label: "supervisord.io")
    let spawner = ChildSpawner()
    let daemonEnvironment: [String: String]
    private let settings: Mutex<Settings>
    private var children: [Int32: ChildIO] = [:]
    /// The running `exec:` check commands, whose exits never reach the engine.
    var checkRuns: [Int32: CheckCommandRun] = [:]
    /// Where `ready_check = notify` sockets are made, created with the first one; removed at `stop()`.
    var notifyDirectory: NotifyDirectory?
    /// `SUPERVISOR_SERVER_URL` of the last spawn request, for `exec:` checks (which get the program's environment).
    let lastServerURL = Mutex<String?>(nil)

    /// What may change when the daemon reloads its configuration.
    public struct Settings: Sendable {
        public var childLogDirectory: String
        public var identifier: String
        public var stripAnsi: Bool
        public var logger: any EngineLogger
        /// Copy child output to the main log (loglevel debug or lower).
        public var echoChildOutput: Bool

        public init(childLogDirectory: String, identifier: String, stripAnsi: Bool, logger: any EngineLogger,
                    echoChildOutput: Bool) {
            self.childLogDirectory = childLogDirectory
            self.identifier = identifier
            self.stripAnsi = stripAnsi
            self.logger = logger
            self.echoChildOutput = echoChildOutput
        }
    }

    var logger: any EngineLogger { settings.withLock { $0.logger } }
    private var exitHandler: (@Sendable (Int32, Int32) -> Void)?
    private var outputHandler: (@Sendable (ChildOutput) -> Void)?
    private var reaper: ChildReaper?
    /// The `[fcgi-program:x]` sockets; only touched on `queue`.
    private lazy var fastCGISockets = FastCGISocketPool { [weak self] level, message in
        self?.logger.log(level, message)
    }
    /// The `[fcgi-program:x]` group whose socket each such child holds until `finished(pid:)` (a Mutex, so that
    /// the exit of any other child costs no hop onto `queue`).
    private let fastCGIHolders = Mutex<[Int32: String]>([:])

    /// How long an exited child's pipes may stay open (held by a grandchild) before the exit is reported anyway.
    static let drainLimit: DispatchTimeInterval = .milliseconds(300)

    public init(daemonEnvironment: [String: String], settings: Settings) {
        self.daemonEnvironment = daemonEnvironment
        self.settings = Mutex(settings)
    }

    /// New settings after a reload; children already running keep their log files.
    public func update(_ new: Settings) {
        settings.withLock { $0 = new }
    }

    /// Starts reaping, once for the life of the daemon (cancelling libdispatch's SIGCHLD source while a signal is
    /// pending has crashed its manager thread here, so the reaper is never stopped between generations). Each exit
    /// (known child after draining, or unknown pid at once) goes to the current exit handler. Output the event
    /// system needs (listener stdout, PROCESS_LOG chunks, capture blocks) goes to `outputHandler`, called on the
    /// same queue as the exit handler, in order, and always before the child's exit.
    public func start(
        exitHandler handler: @escaping @Sendable (_ pid: Int32, _ rawStatus: Int32) -> Void,
        outputHandler: (@Sendable (ChildOutput) -> Void)? = nil
    ) {
        queue.sync {
            exitHandler = handler
            self.outputHandler = outputHandler
        }
        guard queue.sync(execute: { self.reaper }) == nil else { return }
        let reaper = ChildReaper(
            queue: queue,
            onSignal: { [weak self] in self?.logger.log(.debug, "received SIGCHLD indicating a child quit") },
            handler: { [weak self] pid, status in self?.reaped(pid, status) })
        reaper.start()
        queue.sync { self.reaper = reaper }
    }

    /// Collects exited children now (the engine calls this as a safety net, like Supervisor's per-pass reap).
    public func reapNow() {
        queue.sync { reaper }?.reapNow()
    }

    /// Stops reaping and closes every child's pipes and logs.
    public func stop() {
        queue.sync { reaper }?.stop()
        queue.sync {
            for child in children.values { child.closeAll() }
            children.removeAll()
            notifyDirectory?.remove()
            notifyDirectory = nil
        }
    }

    /// SIGUSR2: reopens every open child log by name (after logrotate moved it, or after a fault that made it drop
    /// output was repaired). A failure is logged and the old file kept (or the dropping goes on); the next reopen
    /// retries.
    public func reopenLogs() {
        queue.async { [self] in
            for child in children.values {
                for log in child.logs.values {
                    do {
                        logResumption(try log.reopen(), of: log, child)
                    } catch {
                        let still = log.failure == nil ? "" : "; still dropping its output"
                        logger.log(.error, "could not reopen log \(log.path) of \(child.processName): \(error)\(still)")
                    }
                }
            }
        }
    }

    // MARK: - ProcessRuntime

    public func checkCommand(_ config: ProcessConfig) -> SpawnFailure? {
        switch resolve(config) {
        case .success: nil
        case .failure(let f): f
        }
    }

    public func resolveLogfile(_ target: LogfileTarget, processName: String, channel: LogChannel) -> String? {
        switch target {
        case .none:
            return nil
        case .path(let path):
            return path
        case .auto:
            let s = settings.withLock { $0 }
            do {
                return try AutoLogName.create(
                    childLogDirectory: s.childLogDirectory, processName: processName, channel: channel,
                    identifier: s.identifier)
            } catch {
                s.logger.log(.error, "could not create AUTO log file for \(processName) in \(s.childLogDirectory): \(error)")
                return nil
            }
        }
    }

    public func sendSignal(_ signal: Int32, to pid: Int32, toGroup: Bool) -> SignalOutcome {
        do {
            try Signals.send(pid: pid, signal: signal, toGroup: toGroup)
            return .sent
        } catch {
            return error.code == ESRCH ? .noSuchProcess : .failed(error.description)
        }
    }

    public func spawn(_ request: SpawnRequest) -> SpawnOutcome {
        // A FastCGI member takes its group's socket first, as Supervisor's `before_spawn` does: the socket is
        // created (and logged) even when the spawn then fails, and given back at once in that case.
        var socketDescriptor: Int32?
        if let socket = request.fastCGISocket {
            let acquired = queue.sync { () -> Result<Int32, SpawnFailure> in
                Result { () throws(SpawnFailure) in try fastCGISockets.acquire(group: request.groupName, socket: socket) }
            }
            switch acquired {
            case .success(let fd): socketDescriptor = fd
            case .failure(let failure): return .failed(failure)
            }
        }
        let outcome = spawnChild(request, stdinDescriptor: socketDescriptor)
        if socketDescriptor != nil, case .failed = outcome {
            queue.sync { fastCGISockets.release(group: request.groupName) }
        }
        return outcome
    }

    private func spawnChild(_ request: SpawnRequest, stdinDescriptor: Int32?) -> SpawnOutcome {
        let config = request.config
        let command: ResolvedCommand
        switch resolve(config) {
        case .success(let c): command = c
        case .failure(let f): return .failed(f)
        }
        // Read at every spawn, so a rotated secret is picked up by a restart.
        let fileEnvironment: [String: String]
        switch EnvironmentFiles.load(config.environmentFiles) {
        case .success(let variables): fileEnvironment = variables
        case .failure(let f): return .failed(f)
        }
        let resourceLimits: [SpawnResourceLimit]
        switch ResourceLimits.spawnLimits(config.limits) {
        case .success(let limits): resourceLimits = limits
        case .failure(let f): return .failed(f)
        }
        if let url = request.serverURL { lastServerURL.withLock { $0 = url } }
        let readiness = config.checks?.readiness
        var notify: NotifySocket?
        if readiness?.check == .notify {
            switch makeNotifySocket(for: config) {
            case .success(let socket): notify = socket
            case .failure(let failure): return .failed(failure)
            }
        }
        var env = environment(config: config, group: request.groupName, serverURL: request.serverURL,
                              files: fileEnvironment)
        if let notify { Self.addNotifyVariables(&env, socket: notify, watchdogSeconds: readiness?.watchdogSeconds) }
        let spec = SpawnSpec(
            name: config.name, executablePath: command.executablePath, arguments: command.arguments,
            environment: env.map { "\($0.key)=\($0.value)" }, workingDirectory: config.directory,
            umask: config.umask.map { mode_t($0) }, user: spawnUser(for: config), redirectStderr: config.redirectStderr,
            stdinDescriptor: stdinDescriptor, resourceLimits: resourceLimits)

        var logs: [LogChannel: RotatingLogFile] = [:]
        let channels: [(LogChannel, String?, LogChannelConfig)] = [
            (.stdout, request.stdoutLogfile, config.stdout), (.stderr, request.stderrLogfile, config.stderr),
        ]
        for (channel, path, options) in channels {
            guard let path else { continue }
            do {
                logs[channel] = try RotatingLogFile(path: path, maxBytes: options.maxBytes, backups: options.backups)
            } catch {
                for log in logs.values { log.close() }
                notify?.close()
                let name = error.errno.map { SyscallError.errnoName($0) } ?? "\(error)"
                return .failed(SpawnFailure(.other, "unknown error making dispatchers for '\(config.name)': \(name)"))
            }
        }
        return queue.sync { () -> SpawnOutcome in
            let child: SpawnedChild
            do throws(SpawnError) {
                child = try spawner.spawn(spec)
            } catch {
                for log in logs.values { log.close() }
                notify?.close()
                return .failed(SpawnFailure(.other, error.message))
            }
            // An event listener's stdout is its protocol channel: the engine must see every byte. A `log:` ready
            // check must see every line of both.
            var readyPattern: String?
            if case .log(let pattern) = readiness?.check { readyPattern = pattern }
            let direct = Set([LogChannel.stdout, .stderr].filter {
                !($0 == .stdout && request.isEventListener) && readyPattern == nil
                    && LogSplice.qualifies($0 == .stdout ? config.stdout : config.stderr)
            })
            register(child, request: request, logs: logs, spliceChannels: direct)
            if let io = children[child.pid] {
                if let readyPattern { io.readyMatcher = ReadyLineMatcher(pattern: readyPattern) }
                if let notify { attach(notify, to: io) }
            }
            return .spawned(pid: child.pid, execFailed: child.childFailure != nil)
        }
    }

    public func checkFastCGISocket(_ socket: FastCGISocket, group: String) {
        queue.sync { fastCGISockets.check(group: group, socket: socket) }
    }

    public func finished(pid: Int32) {
        guard let group = fastCGIHolders.withLock({ $0.removeValue(forKey: pid) }) else { return }
        // Queued after everything the engine did before (its log lines); before any later spawn's `queue.sync`.
        queue.async { [self] in fastCGISockets.release(group: group) }
    }

    public func writeStdin(_ bytes: [UInt8], to pid: Int32) -> StdinOutcome {
        queue.sync {
            guard let writer = children[pid]?.stdin, writer.write(bytes) else { return .closed }
            return .written
        }
    }

    public func clearLogs(_ paths: [String], of pid: Int32) -> String? {
        queue.sync { () -> String? in
            do throws(LogFileError) {
                if pid != 0, let io = children[pid] {
                    for log in io.logs.values { logResumption(try log.clear(), of: log, io) }
                    return nil
                }
                // Not running: Supervisor's handlers of the last run delete the file and reopen it, empty.
                for path in paths {
                    let log = try RotatingLogFile(path: path)
                    defer { log.close() }
                    try log.clear()
                }
                return nil
            } catch {
                return "\(error)"
            }
        }
    }

    // MARK: - Internals

    private func resolve(_ config: ProcessConfig) -> Result<ResolvedCommand, SpawnFailure> {
        let searchPath = CommandResolver.searchPath(
            programPATH: config.environment["PATH"], daemonPATH: daemonEnvironment["PATH"])
        do {
            return .success(try CommandResolver.resolve(command: config.command, searchPath: searchPath))
        } catch {
            return .failure(SpawnFailure(error.kind == .notFound ? .notFound : .notExecutable, error.message))
        }
    }

    /// The daemon's environment, Supervisor's variables, the `environment_file` variables (`files`), then the
    /// program's `environment` (which may override all of them).
    func environment(config: ProcessConfig, group: String, serverURL: String?, files: [String: String] = [:])
        -> [String: String]
    {
        var env = daemonEnvironment
        env["SUPERVISOR_ENABLED"] = "1"
        if let url = config.serverURL ?? serverURL { env["SUPERVISOR_SERVER_URL"] = url }
        env["SUPERVISOR_PROCESS_NAME"] = config.name
        env["SUPERVISOR_GROUP_NAME"] = group
        env.merge(files) { $1 }
        env.merge(config.environment) { $1 }
        return env
    }

    /// The identity a program's children switch to (`user=`), nil to keep the daemon's.
    func spawnUser(for config: ProcessConfig) -> SpawnUser? {
        guard let uid = config.uid, uid != getuid() else { return nil }
        if let record = try? UserLookup.lookup(uid: uid) { return record.spawnUser }
        return SpawnUser(uid: uid, gid: uid, groups: [])
    }

    /// On `queue`: wires the child's pipes to its logs.
    func register(_ child: SpawnedChild, request: SpawnRequest, logs: [LogChannel: RotatingLogFile],
                          spliceChannels: Set<LogChannel>) {
        let io = ChildIO(pid: child.pid, processName: request.config.name)
        io.logs = logs
        io.isEventListener = request.isEventListener
        io.eventsEnabled = [.stdout: request.config.stdout.eventsEnabled, .stderr: request.config.stderr.eventsEnabled]
        // A listener's stdout has no syslog in Supervisor (its dispatcher only writes a log file).
        io.syslogChannels = Set([LogChannel.stdout, .stderr].filter {
            ($0 == .stdout ? request.config.stdout : request.config.stderr).syslog
                && !($0 == .stdout && request.isEventListener)
        })
        for (channel, options) in [(LogChannel.stdout, request.config.stdout), (.stderr, request.config.stderr)]
        where options.captureMaxBytes > 0 && !(channel == .stdout && request.isEventListener) {
            io.captureSplitters[channel] = CaptureSplitter(captureMaxBytes: options.captureMaxBytes)
        }
        io.stdin = child.stdin.map { StdinWriter(fileDescriptor: $0, queue: queue) }
        if request.fastCGISocket != nil { fastCGIHolders.withLock { $0[child.pid] = request.groupName } }
        if let pidfd = child.pidfd { close(pidfd) }
        var pipes: [(LogChannel, Int32)] = [(.stdout, child.stdout)]
        if let err = child.stderr { pipes.append((.stderr, err)) }
        io.openChannels = pipes.count
        for (channel, fd) in pipes {
            var transfer: (@Sendable (Int32) -> PipeTransferResult)?
            if spliceChannels.contains(channel) {
                LogSplice.prepare(pipe: fd, for: logs[channel]?.policy ?? .never)
                transfer = { [weak self, weak io] pipe in
                    guard let self, let io else { return .unavailable }
                    return self.splice(pipe, channel: channel, of: io)
                }
            }
            let reader = PipeReader(
                fileDescriptor: fd, queue: queue, transfer: transfer,
                onData: { [weak self, weak io] bytes in
                    guard let self, let io else { return }
                    self.output(bytes, channel: channel, of: io)
                },
                onEOF: { [weak self, weak io] in
                    guard let self, let io else { return }
                    if io.readyMatcher != nil { self.matchReadyLine(nil, channel: channel, of: io) }
                    io.openChannels -= 1
                    self.reportIfDrained(io)
                })
            io.readers.append(reader)
        }
        children[child.pid] = io
    }

    /// On `queue`: the output handler, for the extensions in other files.
    func emit(_ output: ChildOutput) {
        outputHandler?(output)
    }

    /// On `queue`: one chunk of a child's output. A listener's stdout is its protocol channel: logged raw and
    /// handed to the engine. Other output goes through capture mode when enabled (Supervisor's
    /// `POutputDispatcher.record_output`), then to the log file, syslog, the main log echo and PROCESS_LOG events.
    private func output(_ bytes: [UInt8], channel: LogChannel, of io: ChildIO) {
        if io.readyMatcher != nil { matchReadyLine(bytes, channel: channel, of: io) }
        let s = settings.withLock { $0 }
        if io.isEventListener && channel == .stdout {
            write(s.stripAnsi ? AnsiStripper.strip(bytes) : bytes, to: io.logs[channel], of: io)
            if s.echoChildOutput {
                logger.log(.debug, "'\(io.processName)' stdout output:\n\(ListenerEvent.pythonBytesRepr(bytes))")
            }
            outputHandler?(.listenerStdout(pid: io.pid, bytes: bytes))
            return
        }
        guard var splitter = io.captureSplitters[channel] else {
            logged(bytes, channel: channel, of: io, settings: s, toFile: true)
            return
        }
        let pieces = splitter.feed(bytes)
        io.captureSplitters[channel] = splitter
        for piece in pieces {
            switch piece {
            case .log(let data): logged(data, channel: channel, of: io, settings: s, toFile: true)
            case .captured(let data): logged(data, channel: channel, of: io, settings: s, toFile: false)
            case .communication(let data):
                // Supervisor strips escapes before the capture buffer (its `_log`); the block is stripped whole here.
                let text = s.stripAnsi ? AnsiStripper.strip(data) : data
                outputHandler?(.communication(pid: io.pid, channel: channel, data: text))
            }
        }
    }

    /// Supervisor's `_log`: the log file and syslog (not while capturing), the main-log echo, and a PROCESS_LOG
    /// event.
    private func logged(_ bytes: [UInt8], channel: LogChannel, of io: ChildIO, settings s: Settings, toFile: Bool) {
        guard !bytes.isEmpty else { return }
        let data = s.stripAnsi ? AnsiStripper.strip(bytes) : bytes
        if toFile {
            write(data, to: io.logs[channel], of: io)
            if io.syslogChannels.contains(channel) {
                for message in SyslogLines.childOutput(data, processName: io.processName) ?? [] { Syslog.send(message) }
            }
        }
        if s.echoChildOutput {
            let name = channel == .stdout ? "stdout" : "stderr"
            logger.log(.debug, "'\(io.processName)' \(name) output:\n\(ListenerEvent.decode(data))")
        }
        if io.eventsEnabled[channel] == true {
            outputHandler?(.logged(pid: io.pid, channel: channel, data: data))
        }
    }

    /// On `queue`: writes a chunk to a child's log. The write that fails is logged, and the file then drops the
    /// channel's output (counting it) until it is reopened or rotates, which is logged too: one line each way, however
    /// many chunks were dropped between. A rotation that keeps failing the same way is logged once.
    private func write(_ data: [UInt8], to log: RotatingLogFile?, of io: ChildIO) {
        guard let log else { return }
        let rotationFailure = log.rotationFailure
        do {
            if let resumption = try log.write(data) {
                logResumption(resumption, of: log, io)
            } else {
                logRotationRecovery(of: log, io, failureBefore: rotationFailure)
            }
        } catch where error == log.failure {
            logger.log(.error, "could not write to log \(log.path) of \(io.processName): \(error); dropping its output "
                + "until the log can be reopened (SIGUSR2 or rotation)")
        } catch where error == rotationFailure {
            // The same rotation failure as at the last write (the bytes were written): said once.
        } catch {
            logger.log(.error, "could not write to log \(log.path) of \(io.processName): \(error)")
        }
    }

    private func logRotationRecovery(of log: RotatingLogFile, _ io: ChildIO, failureBefore: LogFileError?) {
        if failureBefore != nil, log.rotationFailure == nil {
            logger.log(.info, "log \(log.path) of \(io.processName) rotates again")
        }
    }

    private func logResumption(_ resumption: LogResumption?, of log: RotatingLogFile, _ io: ChildIO) {
        guard let resumption else { return }
        logger.log(.info, "log \(log.path) of \(io.processName) reopened; \(resumption.droppedBytes) bytes of output "
            + "were dropped")
    }

    /// On `queue`: moves a channel's bytes into its log inside the kernel when nothing needs to see them
    /// (``LogSplice``).
    private func splice(_ pipe: Int32, channel: LogChannel, of io: ChildIO) -> PipeTransferResult {
        guard let log = io.logs[channel], settings.withLock({ !$0.stripAnsi && !$0.echoChildOutput }) else {
            return .unavailable
        }
        let rotationFailure = log.rotationFailure
        let result = LogSplice.move(from: pipe, into: log) { error in
            if error != rotationFailure {
                logger.log(.error, "could not write to log \(log.path) of \(io.processName): \(error)")
            }
        }
        logRotationRecovery(of: log, io, failureBefore: rotationFailure)
        return result
    }

    /// On `queue`: a child was reaped.
    private func reaped(_ pid: Int32, _ status: Int32) {
        if let run = checkRuns[pid] {
            checkCommandExited(run, status: status)
            return
        }
        guard let io = children[pid] else {
            exitHandler?(pid, status)
            return
        }
        io.rawStatus = status
        reportIfDrained(io)
        if !io.reported {
            queue.asyncAfter(deadline: .now() + Self.drainLimit) { [weak self, weak io] in
                guard let self, let io else { return }
                self.report(io)
            }
        }
    }

    private func reportIfDrained(_ io: ChildIO) {
        if io.rawStatus != nil, io.openChannels <= 0 { report(io) }
    }

    /// On `queue`: closes the child's I/O and hands its exit to the engine (once).
    private func report(_ io: ChildIO) {
        guard !io.reported, let status = io.rawStatus else { return }
        io.reported = true
        if let notify = io.notify {
            // The last datagrams before the exit (a program may send STOPPING=1 and exit at once).
            receiveNotifications(notify, of: io)
            notify.close()
            io.notify = nil
        }
        io.closeAll()
        children[io.pid] = nil
        exitHandler?(io.pid, status)
    }
}
