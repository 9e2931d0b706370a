import Foundation
import Testing

/// The real `supervisord` with real children: start, capture, stop, restart, reopen, daemonize.
@Suite(.serialized) struct DaemonLifecycleTests {
    @Test func runsProgramsCapturesOutputAndStopsEverythingOnTERM() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:talker]
            command=/bin/sh -c 'echo out-line; echo err-line >&2; exec sleep 1000'
            stdout_logfile=\(d.dir)/talker.out
            stderr_logfile=\(d.dir)/talker.err
            startsecs=1

            [program:merged]
            command=/bin/sh -c 'echo to-stdout; echo to-stderr >&2; exec sleep 1000'
            redirect_stderr=true
            stdout_logfile=\(d.dir)/merged.log
            startsecs=0
            """)
        try d.start()
        d.waitForLog("success: talker entered RUNNING state, process has stayed up for > than 1 seconds (startsecs)")
        d.waitForLog("success: merged entered RUNNING state")
        d.waitFor("talker output") { d.read("talker.out") == "out-line\n" && d.read("talker.err") == "err-line\n" }
        d.waitFor("merged output") { d.read("merged.log").contains("to-stdout") && d.read("merged.log").contains("to-stderr") }
        #expect(d.read(d.pidfile) == "\(d.process!.pid)\n")
        let pids = [d.spawnedPid("talker"), d.spawnedPid("merged")].compactMap { $0 }
        #expect(pids.count == 2)
        #expect(d.stop() == 0)
        for pid in pids { #expect(!DaemonHarness.isAlive(pid)) }
        #expect(!FileManager.default.fileExists(atPath: d.pidfile))
        let log = d.read(d.mainLog)
        #expect(log.contains("WARN received SIGTERM indicating exit request"))
        #expect(log.contains("stopped: talker (terminated by SIGTERM)"))
    }

    @Test func startsByPriorityAndStopsInReverse() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:first]
            command=/bin/sleep 1000
            priority=1
            startsecs=0
            [program:second]
            command=/bin/sleep 1000
            priority=2
            startsecs=0
            [program:third]
            command=/bin/sleep 1000
            priority=3
            startsecs=0
            """)
        try d.start()
        d.waitForLog("success: third entered RUNNING state")
        #expect(d.stop() == 0)
        let lines = d.read(d.mainLog).split(separator: "\n")
        func index(_ text: String) -> Int { lines.firstIndex { $0.contains(text) } ?? -1 }
        #expect(index("spawned: 'first'") < index("spawned: 'second'"))
        #expect(index("spawned: 'second'") < index("spawned: 'third'"))
        #expect(index("stopped: third") < index("stopped: second"))
        #expect(index("stopped: second") < index("stopped: first"))
        #expect(index("stopped: first") > 0)
    }

    @Test func missingCommandBacksOffThenIsFatalWithSupervisorsTexts() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:ghost]
            command=no-such-command-xyz --flag
            startretries=1
            """)
        try d.start()
        d.waitForLog("gave up: ghost entered FATAL state, too many start retries too quickly", timeout: 15)
        let log = d.read(d.mainLog)
        #expect(log.contains("INFO spawnerr: can't find command 'no-such-command-xyz'"))
        #expect(d.stop() == 0)
    }

    @Test func badDirectoryIsReportedByTheChildInItsLog() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:lost]
            command=/bin/true
            directory=/nonexistent-dir-xyz
            stderr_logfile=\(d.dir)/lost.err
            startretries=0
            """)
        try d.start()
        d.waitForLog("gave up: lost entered FATAL state")
        #expect(d.read("lost.err") == "supervisor: couldn't chdir to /nonexistent-dir-xyz: ENOENT\nsupervisor: child process was not spawned\n")
        #expect(d.stop() == 0)
    }

    @Test func aChildIgnoringTERMIsKilledAfterStopwaitsecs() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:stubborn]
            command=/bin/sh -c 'trap "" TERM; echo ready; while true; do sleep 0.1; done'
            stopwaitsecs=1
            startsecs=0
            stdout_logfile=\(d.dir)/stubborn.log
            """)
        try d.start()
        d.waitFor("ready") { d.read("stubborn.log").contains("ready") }
        let started = Date()
        #expect(d.stop() == 0)
        #expect(Date().timeIntervalSince(started) < 5)
        let log = d.read(d.mainLog)
        #expect(log.contains("with SIGKILL"))
        #expect(log.contains("stopped: stubborn (terminated by SIGKILL)"))
    }

    @Test func stopasgroupAlsoStopsGrandchildren() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:family]
            command=/bin/sh -c 'sleep 987651 & sleep 987652 & wait'
            stopasgroup=true
            startsecs=0
            """)
        try d.start()
        d.waitFor("grandchildren") { (try? DaemonHarness.run("/usr/bin/pgrep", ["-f", "^sleep 98765[12]$"]).1.split(separator: "\n").count) == 2 }
        #expect(d.stop() == 0)
        d.waitFor(timeout: 3, "grandchildren gone") { (try? DaemonHarness.run("/usr/bin/pgrep", ["-f", "^sleep 98765[12]$"]).0) == 1 }
    }

    @Test func hupRereadsTheConfigAndRestartsPrograms() throws {
        let d = DaemonHarness()
        d.writeConfig("[program:a]\ncommand=/bin/sleep 1000\nstartsecs=0\n")
        try d.start()
        d.waitForLog("success: a entered RUNNING state")
        let firstPid = d.spawnedPid("a")
        d.writeConfig("[program:a]\ncommand=/bin/sleep 1000\nstartsecs=0\n[program:b]\ncommand=/bin/sleep 1000\nstartsecs=0\n")
        d.send(SIGHUP)
        d.waitForLog("received SIGHUP indicating restart request")
        d.waitForLog("success: b entered RUNNING state")
        #expect(d.read(d.pidfile) == "\(d.process!.pid)\n")
        #expect(d.spawnedPid("a") != firstPid)
        #expect(!DaemonHarness.isAlive(firstPid ?? 0))
        #expect(d.stop() == 0)
    }

    @Test func hupWithABrokenConfigKeepsEverythingRunningAndLogsWhereTheProblemIs() throws {
        let d = DaemonHarness()
        d.writeConfig("[program:a]\ncommand=/bin/sleep 1000\nstartsecs=0\n")
        try d.start()
        d.waitForLog("success: a entered RUNNING state")
        let pid = d.spawnedPid("a") ?? 0
        d.writeConfig("[program:a]\ncommand=/bin/sleep 1000\nstartsecs=later\n")
        d.send(SIGHUP)
        d.waitForLog("CRIT could not reload the configuration, keeping the running one: \(d.configPath):")
        #expect(d.read(d.mainLog).contains(
            "[program:a] startsecs: invalid literal for int() with base 10: 'later'"))
        #expect(DaemonHarness.isAlive(d.process!.pid))
        #expect(DaemonHarness.isAlive(pid))
        #expect(d.read(d.pidfile) == "\(d.process!.pid)\n")
        #expect(!d.read(d.mainLog).contains("stopped: a"))

        // Fixed: the next SIGHUP restarts with it.
        d.writeConfig("[program:a]\ncommand=/bin/sleep 1000\nstartsecs=0\n[program:b]\ncommand=/bin/sleep 1000\nstartsecs=0\n")
        d.send(SIGHUP)
        d.waitForLog("success: b entered RUNNING state")
        #expect(!DaemonHarness.isAlive(pid))
        #expect(d.read(d.pidfile) == "\(d.process!.pid)\n")
        #expect(d.stop() == 0)
    }

    @Test func usr2ReopensChildLogsAfterLogrotateMovesThem() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:ticker]
            command=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.05; done'
            stdout_logfile=\(d.dir)/ticker.log
            startsecs=0
            """)
        try d.start()
        d.waitFor("first ticks") { d.read("ticker.log").contains("tick 3") }
        try FileManager.default.moveItem(atPath: d.dir + "/ticker.log", toPath: d.dir + "/ticker.log.1")
        d.send(SIGUSR2)
        d.waitForLog("received SIGUSR2 indicating log reopen request")
        d.waitFor("new file") { d.read("ticker.log").contains("tick") }
        #expect(d.stop() == 0)
        // Every line once, in order, across the moved file and the new one.
        let lines = (d.read("ticker.log.1") + d.read("ticker.log")).split(separator: "\n")
        let numbers = lines.compactMap { Int($0.dropFirst(5)) }
        #expect(numbers == Array(1...numbers.count))
    }

    @Test func rotationAtFullSpeedLosesAndReordersNothing() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:flood]
            command=/usr/bin/seq 1 300000
            stdout_logfile=\(d.dir)/flood.log
            stdout_logfile_maxbytes=200KB
            stdout_logfile_backups=100
            autorestart=false
            startsecs=0
            """)
        try d.start()
        d.waitForLog("exited: flood (exit status 0; expected)", timeout: 30)
        #expect(d.stop() == 0)
        var text = ""
        for i in stride(from: 100, through: 1, by: -1) { text += d.read("flood.log.\(i)") }
        text += d.read("flood.log")
        let numbers = text.split(separator: "\n").map { Int($0) ?? -1 }
        #expect(numbers.count == 300_000)
        #expect(numbers == Array(1...300_000))
        #expect(FileManager.default.fileExists(atPath: d.dir + "/flood.log.5"))
    }

    @Test func daemonizesWritesThePidFileAndCleansUp() throws {
        let d = DaemonHarness()
        d.writeConfig("[program:s]\ncommand=/bin/sleep 1000\nstartsecs=0\n")
        try d.start([])
        #expect(d.process?.wait(timeout: 10) == 0, "the parent exits at once")
        d.waitFor("pid file") { FileManager.default.fileExists(atPath: d.pidfile) }
        d.waitForLog("success: s entered RUNNING state")
        let pid = try #require(d.daemonPid)
        #expect(pid != d.process?.pid)
        #expect(d.read("/proc/\(pid)/stat").split(separator: " ")[5] == "\(pid)", "the daemon leads its own session")
        kill(pid, SIGTERM)
        d.waitFor(timeout: 10, "exit") { !DaemonHarness.isAlive(pid) }
        #expect(!FileManager.default.fileExists(atPath: d.pidfile))
    }

    @Test func invalidConfigExitsWithStatusTwoAndTheMessage() throws {
        let d = DaemonHarness()
        d.writeConfig("[program:x]\ncommand=/bin/true\nstartsecs=soon\n")
        let (status, output) = try DaemonHarness.run(DaemonHarness.supervisord, ["-n", "-c", d.configPath])
        #expect(status == 2)
        #expect(output.contains("supervisord.conf:10: [program:x] startsecs: invalid literal for int() with base 10: 'soon'"))
        #expect(output.contains("For help, use"))
    }

    @Test func checkConfigListsProcessesWithoutTouchingAnything() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:web]
            command=/bin/true
            numprocs=2
            process_name=%(program_name)s_%(process_num)d
            [program:solo]
            command=/bin/true
            """)
        let (status, output) = try DaemonHarness.run(DaemonHarness.supervisord, ["-c", d.configPath, "--check-config"])
        #expect(status == 0)
        #expect(output == "solo\nweb:web_0\nweb:web_1\n")
        #expect(!FileManager.default.fileExists(atPath: d.mainLog))
        #expect(!FileManager.default.fileExists(atPath: d.pidfile))
    }

    @Test func checkConfigPrintsTheStartLevelsOfDependencies() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:db]
            command=/bin/true
            ready_check=notify
            [program:migrate]
            command=/bin/true
            autorestart=false
            depends_on=db
            [program:web]
            command=/bin/true
            depends_on=db, migrate:completed
            health_check=http://127.0.0.1:8000/health
            [program:worker]
            command=/bin/true
            numprocs=2
            process_name=%(program_name)s_%(process_num)02d
            depends_on=web:started
            """)
        let (status, output) = try DaemonHarness.run(DaemonHarness.supervisord, ["-c", d.configPath, "--check-config"])
        #expect(status == 0)
        #expect(output == "db\nmigrate\nweb\nworker:worker_00\nworker:worker_01\nstart level 1: db\n"
            + "start level 2: migrate\nstart level 3: web\nstart level 4: worker:worker_00 worker:worker_01\n")
        d.writeConfig("[program:web]\ncommand=/bin/true\ndepends_on=web\n")
        let (badStatus, badOutput) = try DaemonHarness.run(
            DaemonHarness.supervisord, ["-c", d.configPath, "--check-config"])
        #expect(badStatus == 2)
        #expect(badOutput.contains("[program:web] depends_on: web depends on itself through 'web'"))
    }

    @Test func asPIDOneItReapsOrphanedGrandchildren() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), getuid() == 0 else { return }
        let d = DaemonHarness()
        d.writeConfig("""
            [program:parent]
            command=/bin/sh -c '(sleep 0.3; exit 7) & exit 0'
            autorestart=false
            startsecs=0
            """)
        try d.start(["-n"], prefix: ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc"])
        d.waitForLog("exited: parent (exit status 0; expected)")
        d.waitForLog("reaped unknown pid")
        #expect(d.read(d.mainLog).contains("(exit status 7)"))
        // unshare does not forward signals: stop the daemon (pid 1 inside) by its pid outside.
        let (_, children) = try DaemonHarness.run("/usr/bin/pgrep", ["-P", "\(d.process!.pid)"])
        let daemon = try #require(pid_t(children.split(separator: "\n").first ?? ""))
        kill(daemon, SIGTERM)
        #expect(d.process?.wait(timeout: 10) == 0)
    }
}
