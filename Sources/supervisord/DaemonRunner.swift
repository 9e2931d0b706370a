import Dispatch
import Synchronization
import SupervisorAPI
import SupervisorConfig
import SupervisorEngine
import SupervisorHTTP
import SupervisorLogs
import SupervisorProbes
import SupervisorRuntime

#if canImport(Glibc)
import Glibc
#endif

/// Runs the daemon: the one-time startup steps in Supervisor's order, then engine generations (a new one after
/// each SIGHUP or `restart`) until shutdown.
final class DaemonRunner: Sendable {
    let command: SupervisordCommand
    let argv0: String
    /// The engine of the current generation, for signal handlers.
    private let current = Mutex<(engine: Engine, runtime: LiveProcessRuntime)?>(nil)
    /// One runtime (and so one reaper) for the life of the daemon.
    private let runtime = Mutex<LiveProcessRuntime?>(nil)
    private let signals = SignalSources()
    /// Tells systemd (`Type=notify`) when the daemon is ready, reloading or stopping.
    private let systemd = SystemdNotifier(environment: ProcessEnvironment.current())
    /// The checked configuration of a requested restart.
    private let pendingRestart = PendingRestart()
    /// The global event serial lives as long as the daemon process (Supervisor does not reset it on reload).
    private let eventSerial = Mutex(-1)
    /// The status the daemon exits with: 0, or what a program asked for (`health_action = shutdown`).
    private let exitStatus = Mutex<Int32>(0)

    /// What the runtime reports to the engine, in order.
    private enum RuntimeNotice: Sendable {
        case exited(pid: Int32, status: Int32)
        case output(ChildOutput)
    }

    init(command: SupervisordCommand, argv0: String) {
        self.command = command
        self.argv0 = argv0
    }

    /// Startup (privileges, limits, log, cleanup, daemonize, pid file), then serves until shutdown. Never returns.
    func start(_ configuration: SupervisorConfiguration) -> Never {
        var criticals = configuration.messages.filter { $0.level == .critical }.map(\.text)
        let warnings = configuration.messages.filter { $0.level == .warning }.map(\.text)
        var infos = configuration.messages.filter { $0.level == .info }.map(\.text)
        let options = configuration.supervisord
        if let uid = options.uid {
            if let failure = DaemonProcess.dropPrivileges(to: uid) { Usage.fail(failure, argv0: argv0) }
            infos.append("Set uid to user \(uid) succeeded")
        } else if getuid() == 0 {
            criticals.append(
                "Supervisor is running as root.  Privileges were not dropped because no user is specified in the "
                    + "config file.  If you intend to run as root, you can set user=root in the config file to "
                    + "avoid this message.")
        }
        do {
            infos += try DaemonProcess.raiseLimits(minfds: options.minfds, minprocs: options.minprocs)
        } catch {
            Usage.fail(error.message, argv0: argv0)
        }
        let log = openLog(options)
        for m in criticals { log.log(.critical, m) }
        for m in warnings { log.log(.warn, m) }
        for m in infos { log.log(.info, m) }
        cleanChildLogs(options, log)
        // Before daemonizing, so a port in use or a bad socket path reaches the terminal (exit 2).
        let firstListeners = bindListeners(configuration, log: log) { message in Usage.fail(message, argv0: argv0) }

        if !options.nodaemon {
            log.log(.info, "daemonizing the supervisord process")
            switch DaemonProcess.daemonize(directory: options.directory, umask: options.umask) {
            case .changedDirectory(let line)?: log.log(.info, line)
            case .failed(let problem)?: log.log(.critical, problem)
            case nil: break
            }
        }
        var wrotePidFile = writePidFile(options.pidfile, log)

        // From here on threads may exist: the daemon has forked.
        signals.start { [self] signal in handle(signal, log: log) }
        let runner = self
        Task.detached {
            var configuration = configuration
            var log = log
            var listeners = firstListeners
            while true {
                let state = await runner.serve(configuration, listeners: listeners, log: log)
                // Also for a shutdown or restart asked for over XML-RPC, which the signal handler never saw.
                if state == .shutdown { runner.systemd.stopping() } else { runner.systemd.reloading() }
                // Supervisor removes its pid file at the end of every generation and writes it again.
                if wrotePidFile { DaemonProcess.removeFile(configuration.supervisord.pidfile) }
                if state == .shutdown { break }
                // RESTARTING: the configuration read (and found valid) when the restart was requested, and its
                // servers bound again (Supervisor closes them and removes the socket files at the end of each
                // generation); a server that cannot be opened ends the daemon with a usage error, as in Supervisor.
                configuration = runner.pendingRestart.take()
                    ?? ConfigurationLoading.reload(runner.command, argv0: runner.argv0, log: log)
                log.close()
                log = runner.openLog(configuration.supervisord)
                for m in configuration.messages { log.log(m.level.logLevel, m.text) }
                listeners = runner.bindListeners(configuration, log: log) { [log] message in
                    log.log(.critical, message)
                    Usage.fail(message, argv0: runner.argv0)
                }
                wrotePidFile = runner.writePidFile(configuration.supervisord.pidfile, log)
            }
            log.close()
            // _exit, not exit: atexit handlers and static destructors must not run while libdispatch's manager
            // thread is still polling (that crashed the daemon at shutdown). Everything was written with write(2).
            _exit(runner.exitStatus.withLock { $0 })
        }
        sanitizerBeforeNoReturn()
        dispatchMain()
    }

    private func writePidFile(_ path: String, _ log: MainLog) -> Bool {
        if DaemonProcess.writePidFile(path) {
            log.log(.info, "supervisord started with pid \(getpid())")
            return true
        }
        log.log(.critical, "could not write pidfile \(path)")
        return false
    }

    func openLog(_ options: SupervisordOptions) -> MainLog {
        do {
            return try MainLog(
                path: options.logfile, maxBytes: options.logfileMaxBytes, backups: options.logfileBackups,
                level: options.logLevel.logLevel, echoToStdout: options.nodaemon && !options.silent)
        } catch {
            Usage.fail("could not open the log file \(options.logfile): \(error)", argv0: argv0)
        }
    }

    private func cleanChildLogs(_ options: SupervisordOptions, _ log: MainLog) {
        guard !options.nocleanup else { return }
        let report = ChildLogCleanup.run(childLogDirectory: options.childlogdir, identifier: options.identifier)
        for warning in report.warnings { log.log(.warn, warning) }
    }

    /// Binds every `[unix_http_server]`/`[inet_http_server]` and logs as Supervisor's `make_http_servers` does.
    func bindListeners(
        _ configuration: SupervisorConfiguration, log: MainLog, fail: (String) -> Never
    ) -> [BoundListener] {
        let listeners: [BoundListener]
        do {
            listeners = try ListenerBinder().bindAll(configuration.httpServers)
        } catch {
            fail(error.message)
        }
        // Supervisor logs each `[rpcinterface:x]` section it instantiates, for each server; `supervisor` is served
        // (and logged) even without its section.
        var namespaces = configuration.rpcInterfaces.map(\.name)
        if !namespaces.contains("supervisor") { namespaces.insert("supervisor", at: 0) }
        for listener in listeners {
            for namespace in namespaces {
                log.log(.info, "RPC interface \(PythonRepr.string(namespace)) initialized")
            }
            if listener.config.username == nil {
                log.log(.critical, "Server '\(listener.config.section)' running without any HTTP authentication checking")
            }
        }
        return listeners
    }

    /// One engine generation: serves HTTP while the engine runs, until every process is stopped after a shutdown
    /// or restart request; then closes the servers and removes their socket files.
    private func serve(
        _ configuration: SupervisorConfiguration, listeners: [BoundListener], log: MainLog
    ) async -> SupervisorState {
        let options = configuration.supervisord
        let settings = LiveProcessRuntime.Settings(
            childLogDirectory: options.childlogdir, identifier: options.identifier, stripAnsi: options.stripAnsi,
            logger: log, echoChildOutput: log.isEnabled(.debug))
        let runtime = self.runtime.withLock { existing in
            if let existing {
                existing.update(settings)
                return existing
            }
            // NOTIFY_SOCKET is the daemon's own: a child that speaks sd_notify (gunicorn does) must not report
            // for the supervisor.
            var environment = ProcessEnvironment.current()
            environment["NOTIFY_SOCKET"] = nil
            let created = LiveProcessRuntime(daemonEnvironment: environment, settings: settings)
            existing = created
            Task.detached {
                // Supervisor reaps on every pass; this is the safety net for a coalesced SIGCHLD.
                while true {
                    try? await Task.sleep(for: .seconds(1))
                    created.reapNow()
                }
            }
            return created
        }
        let probes = LiveProbeRunner { arguments, config, group, timeout in
            await runtime.runCheckCommand(arguments, for: config, group: group, timeout: timeout)
        }
        let engine = Engine(
            configuration: configuration, runtime: runtime, clock: SystemClock(), logger: log,
            events: DiscardingEventSink(), lastEventSerial: eventSerial.withLock { $0 }, probes: probes)
        // One ordered stream for exits and event-relevant output: a listener's last RESULT must reach the engine
        // before its exit, and its protocol bytes in the order they were read.
        let (notices, noticeSink) = AsyncStream.makeStream(of: RuntimeNotice.self)
        runtime.start(
            exitHandler: { pid, status in noticeSink.yield(.exited(pid: pid, status: status)) },
            outputHandler: { output in noticeSink.yield(.output(output)) })
        let noticeConsumer = Task {
            for await notice in notices {
                switch notice {
                case .exited(let pid, let status):
                    await engine.childExited(pid: pid, status: ExitStatus(waitStatus: status))
                case .output(let output):
                    await engine.childOutput(output)
                }
            }
        }
        current.withLock { $0 = (engine, runtime) }
        let services = LiveDaemonServices(
            configuration: configuration, overrides: command.overrides, log: log,
            readRestartConfiguration: { [self] () throws(ConfigError) in try prepareRestart(log: log) })
        let usesChecks = configuration.groups.contains { $0.processes.contains { $0.checks != nil } }
        let api = SupervisorAPI(
            engine: engine, services: services, rpcInterfaces: configuration.rpcInterfaces.map(\.name),
            listExtensions: usesChecks)
        // No `[unix_http_server]`/`[inet_http_server]`: no server, and no event loop threads.
        let server = listeners.isEmpty
            ? nil
            : SupervisorHTTPServer(
                listeners: listeners, application: APIApplication(api: api, mainLogPath: options.logfile))
        do {
            try await server?.start()
        } catch {
            log.log(.critical, "could not start the HTTP servers: \(error)")
        }
        systemd.ready()
        await engine.run()
        noticeSink.finish()
        noticeConsumer.cancel()
        let lastSerial = await engine.lastEventSerial
        eventSerial.withLock { $0 = lastSerial }
        // The servers answered (SHUTDOWN_STATE) while the processes stopped; now they go.
        await server?.shutdown()
        ListenerBinder.removeSocketFiles(listeners)
        current.withLock { $0 = nil }
        if let status = await engine.requestedExitStatus { exitStatus.withLock { $0 = status } }
        return await engine.state
    }

    /// Reads the configuration a restart (SIGHUP, `supervisor.restart`) will run, before anything stops. Unlike
    /// Supervisor (which stops everything and then exits on a broken file), a broken one is logged at CRIT with
    /// its file and line and leaves everything running as it is.
    private func prepareRestart(log: MainLog) throws(ConfigError) {
        do throws(ConfigError) {
            try pendingRestart.prepare(command, argv0: argv0)
        } catch {
            log.log(.critical, "could not reload the configuration, keeping the running one: \(error.description)")
            throw error
        }
    }

    private func handle(_ signal: DaemonSignal, log: MainLog) {
        guard let (engine, runtime) = current.withLock({ $0 }) else { return }
        switch signal {
        case .shutdown(let number):
            log.log(.warn, "received \(SignalTable.name(of: number) ?? "signal \(number)") indicating exit request")
            systemd.stopping()
            Task { await engine.requestShutdown() }
        case .restart:
            Task {
                guard await engine.state != .shutdown else {
                    log.log(.warn, "ignored SIGHUP indicating restart request (shutdown in progress)")
                    return
                }
                log.log(.warn, "received SIGHUP indicating restart request")
                guard (try? prepareRestart(log: log)) != nil else { return }
                if await engine.requestRestart() { systemd.reloading() }
            }
        case .reopenLogs:
            log.log(.info, "received SIGUSR2 indicating log reopen request")
            do {
                try log.reopen()
            } catch {
                log.log(.error, "could not reopen the main log: \(error)")
            }
            log.log(.info, "supervisord logreopen")
            runtime.reopenLogs()
        }
    }
}

extension LogLevelName {
    /// The main log's level for this config name.
    var logLevel: LogLevel { LogLevel(rawValue: number) ?? .info }
}

extension ConfigMessage.Level {
    var logLevel: LogLevel {
        switch self {
        case .critical: .critical
        case .warning: .warn
        case .info: .info
        }
    }
}
