import Foundation
import Testing

/// Command-line flags, spawn options and output handling of the real daemon.
@Suite(.serialized) struct DaemonOptionsTests {
    @Test func versionAndHelp() throws {
        let (status, output) = try DaemonHarness.run(DaemonHarness.supervisord, ["-v"])
        #expect(status == 0 && output == "4.3.0\n")
        let (helpStatus, help) = try DaemonHarness.run(DaemonHarness.supervisord, ["-h"])
        #expect(helpStatus == 0)
        for flag in ["-c", "-n", "-s", "-u", "-m", "-d", "-l", "-y", "-z", "-e", "-j", "-i", "-q", "-k", "-a", "-t", "--minprocs", "--check-config", "Exit status"] {
            #expect(help.contains(flag), "help mentions \(flag)")
        }
    }

    @Test func commandLineOverridesLogPidAndLevel() throws {
        let d = DaemonHarness()
        d.writeConfig("[program:p]\ncommand=/bin/sleep 1000\nstartsecs=0\n", supervisord: "loglevel=info")
        try d.start(["-n", "-l", d.dir + "/other.log", "-j", d.dir + "/other.pid", "-e", "debug", "-i", "myid"])
        d.waitFor("other log") { d.read("other.log").contains("success: p entered RUNNING state") }
        #expect(FileManager.default.fileExists(atPath: d.dir + "/other.pid"))
        #expect(!FileManager.default.fileExists(atPath: d.mainLog))
        #expect(d.stop() == 0)
        #expect(d.read("other.log").contains("DEBG killing p (pid"))
    }

    @Test func childrenGetSupervisorsEnvironmentVariables() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [unix_http_server]
            file=\(d.dir)/s.sock
            [program:env]
            command=/bin/sh -c 'echo "$SUPERVISOR_ENABLED $SUPERVISOR_PROCESS_NAME $SUPERVISOR_GROUP_NAME $SUPERVISOR_SERVER_URL $MINE"; exec sleep 1000'
            environment=MINE="from config"
            stdout_logfile=\(d.dir)/env.log
            startsecs=0
            """, supervisord: "environment=MINE=global")
        try d.start()
        d.waitFor("env output") { !d.read("env.log").isEmpty }
        #expect(d.read("env.log") == "1 env env unix://\(d.dir)/s.sock from config\n")
        #expect(d.stop() == 0)
    }

    @Test func programUserUmaskAndDirectoryApply() throws {
        guard getuid() == 0 else { return }
        let d = DaemonHarness()
        d.writeConfig("""
            [program:who]
            command=/bin/sh -c 'id -u; umask; pwd; exec sleep 1000'
            user=nobody
            umask=027
            directory=/tmp
            stdout_logfile=\(d.dir)/who.log
            startsecs=0
            """)
        try d.start()
        d.waitFor("who output") { d.read("who.log").split(separator: "\n").count == 3 }
        #expect(d.read("who.log") == "65534\n0027\n/tmp\n")
        #expect(d.stop() == 0)
    }

    @Test func stripAnsiRemovesEscapeSequences() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:color]
            command=/usr/bin/printf '\\033[31mred\\033[0m plain\\n'
            stdout_logfile=\(d.dir)/color.log
            autorestart=false
            startsecs=0
            """, supervisord: "strip_ansi=true")
        try d.start()
        d.waitForLog("exited: color")
        #expect(d.read("color.log") == "red plain\n")
        #expect(d.stop() == 0)
    }

    @Test func autoLogsAreCreatedInChildlogdirAndOldOnesCleanedUnlessNocleanup() throws {
        let d = DaemonHarness()
        let stale = d.dir + "/old-stdout---supervisor-abcdefgh.log"
        _ = FileManager.default.createFile(atPath: stale, contents: Data("old".utf8))
        d.writeConfig("[program:auto]\ncommand=/bin/sh -c 'echo auto-out; exec sleep 1000'\nstartsecs=0\n")
        try d.start()
        d.waitForLog("success: auto entered RUNNING state")
        #expect(!FileManager.default.fileExists(atPath: stale))
        let names = try FileManager.default.contentsOfDirectory(atPath: d.dir)
        let autoLog = try #require(names.first { $0.hasPrefix("auto-stdout---supervisor-") && $0.hasSuffix(".log") })
        d.waitFor("auto output") { d.read(autoLog) == "auto-out\n" }
        #expect(d.stop() == 0)

        _ = FileManager.default.createFile(atPath: stale, contents: Data("old".utf8))
        let e = DaemonHarness()
        e.writeConfig("[program:auto]\ncommand=/bin/sleep 1000\nstartsecs=0\n", supervisord: "childlogdir=\(d.dir)\nnocleanup=true")
        try e.start()
        e.waitForLog("success: auto entered RUNNING state")
        #expect(FileManager.default.fileExists(atPath: stale))
        #expect(e.stop() == 0)
    }

    @Test func aChildThatDiesAtOnceBacksOffThenIsFatal() throws {
        let d = DaemonHarness()
        d.writeConfig("[program:quick]\ncommand=/bin/false\nstartretries=2\n")
        try d.start()
        d.waitForLog("gave up: quick entered FATAL state, too many start retries too quickly", timeout: 15)
        #expect(d.logCount("spawned: 'quick'") == 3)
        #expect(d.read(d.mainLog).contains("WARN exited: quick (exit status 1; not expected)"))
        #expect(d.stop() == 0)
    }

    @Test func aChildThatForksAndExitsIsAnExitEvenIfItsGrandchildHoldsThePipe() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:forker]
            command=/bin/sh -c 'sleep 987653 & exit 0'
            startsecs=0
            autorestart=false
            """)
        try d.start()
        d.waitForLog("exited: forker (exit status 0; expected)")
        #expect(d.stop() == 0)
        _ = try? DaemonHarness.run("/usr/bin/pkill", ["-f", "^sleep 987653$"])
    }

    @Test func aFloodingChildLeavesTheDaemonResponsiveWithBoundedMemory() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:flood]
            command=/usr/bin/yes flood-line-of-some-length
            stdout_logfile=\(d.dir)/flood.log
            stdout_logfile_maxbytes=1MB
            stdout_logfile_backups=1
            startsecs=0
            """)
        try d.start()
        d.waitForLog("success: flood entered RUNNING state")
        usleep(1_500_000)
        let pid = try #require(d.process?.pid)
        let status = d.read("/proc/\(pid)/status")
        let rssKB = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") }?.split(separator: " ").dropFirst().first.flatMap { Int($0) } ?? 0
        #expect(rssKB > 0 && rssKB < 64 * 1024, "RSS \(rssKB) kB")
        let started = Date()
        #expect(d.stop() == 0)
        #expect(Date().timeIntervalSince(started) < 5)
        #expect(FileManager.default.fileExists(atPath: d.dir + "/flood.log.1"))
    }

    @Test func childOutputCanGoToTheDaemonsOwnStdout() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:container]
            command=/bin/sh -c 'echo to-daemon-stdout; echo to-daemon-stderr >&2; exec sleep 1000'
            stdout_logfile=/dev/stdout
            stdout_logfile_maxbytes=0
            stderr_logfile=/dev/stderr
            stderr_logfile_maxbytes=0
            startsecs=0
            """, supervisord: "silent=true")
        try d.start()
        d.waitFor("daemon output") {
            d.read("daemon.out").contains("to-daemon-stdout\n") && d.read("daemon.out").contains("to-daemon-stderr\n")
        }
        #expect(d.stop() == 0)
    }

    @Test func impossibleMinfdsIsAUsageError() throws {
        let d = DaemonHarness()
        d.writeConfig("", supervisord: "minfds=100000000")
        let (status, output) = try DaemonHarness.run(DaemonHarness.supervisord, ["-n", "-c", d.configPath])
        #expect(status == 2)
        #expect(output.contains("The minimum number of file descriptors required to run this process is 100000000"))
    }

    @Test func unknownDaemonUserIsAUsageError() throws {
        let d = DaemonHarness()
        d.writeConfig("", supervisord: "user=ghost-user-xyz")
        let (status, output) = try DaemonHarness.run(DaemonHarness.supervisord, ["-n", "-c", d.configPath])
        #expect(status == 2)
        #expect(output.contains("Invalid user name ghost-user-xyz"))
    }
}

extension DaemonHarness {
    func logCount(_ text: String) -> Int { read(mainLog).components(separatedBy: text).count - 1 }
}
