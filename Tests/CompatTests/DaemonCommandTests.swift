import Foundation
import Glibc
import Testing

/// supervisorctl reload and shutdown, and what every command answers while the daemon shuts down, against both
/// daemons.
@Suite struct DaemonCommandTests {
    static let programs = """
        [program:sleeper]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2
        """

    /// `supervisord -?`, `-h` and `--help` print the usage text and exit 0, and the lines tools match on are there
    /// (Supervisor's end-to-end test for its issue 1251 expects the first line and the `-l/--logfile` line).
    @Test(arguments: DaemonKind.allCases)
    func helpRequests(_ kind: DaemonKind) throws {
        let executable = kind == .python ? try pythonBin.get() + "/supervisord" : swiftSupervisord
        for flag in ["-?", "-h", "--help", "-n -?"] {
            let (status, output) = try run([executable] + flag.split(separator: " ").map(String.init))
            #expect(status == 0, "\(flag)")
            #expect(output.hasPrefix("supervisord -- run a set of applications as daemons.\n\nUsage: \(executable) [options]\n"),
                    "\(flag): \(output)")
            for line in ["-c/--configuration FILENAME -- ", "-l/--logfile FILENAME -- use FILENAME as", "-n/--nodaemon -- ",
                         "-k/--nocleanup -- ", "--minprocs NUM", "-e/--loglevel LEVEL -- "] {
                #expect(output.contains("\n" + line), "\(flag): no \(line)")
            }
        }
    }

    /// Supervisor's end-to-end test for its issue 638 (fixtures/issue-638.conf): with `loglevel=debug`, output that is
    /// not UTF-8 is copied to the main log as a Python bytes repr, and the exit shows up as a SIGCHLD debug line.
    @Test(arguments: DaemonKind.allCases)
    func undecodableOutputInTheDebugLog(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, """
                [program:produce-unicode-error]
                command=bash -c 'echo -e "\\x88"'
                startretries=0
                autorestart=false
                """, loglevel: "debug")
            d.waitFor("FATAL", "produce-unicode-error")
            d.expect(eventually { d.read(d.mainLog).contains("DEBG 'produce-unicode-error' stdout output:\nUndecodable: b'\\x88\\n'\n") },
                     "main log:\n\(d.read(d.mainLog))")
            d.expect(d.read(d.mainLog).contains(" DEBG received SIGCHLD indicating a child quit\n"), "no SIGCHLD line")
            return d
        }
    }

    @Test(arguments: DaemonKind.allCases)
    func reloadThenShutdown(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.programs)
            d.waitFor("RUNNING", "sleeper")
            let firstPid = d.call("supervisor.getProcessInfo", "sleeper")["pid"]
            var t = Transcript(d)
            t.ctl("reload x")
            t.ctl("reload")
            try d.waitUntilRunning()
            d.waitFor("RUNNING", "sleeper")
            t.note("new pid after reload: \(d.call("supervisor.getProcessInfo", "sleeper")["pid"] != firstPid)")
            t.note("restart: \(d.call("supervisor.restart"))")
            try d.waitUntilRunning()
            d.waitFor("RUNNING", "sleeper")
            t.ctl("status")
            t.ctl("shutdown x")
            t.ctl("shutdown")
            t.note("daemon exit status: \(d.process?.wait(timeout: .seconds(20)).map(String.init) ?? "still running")")
            t.note("socket removed: \(!FileManager.default.fileExists(atPath: d.socketPath))")
            t.ctl("status")
            t.ctl("shutdown")
            t.ctl("version")
            t.check("""
                $ reload x
                Error: reload accepts no arguments
                reload 		Restart the remote supervisord.
                = 1
                $ reload
                Restarted supervisord
                = 0
                new pid after reload: true
                restart: True
                $ status
                sleeper                          RUNNING   pid PID, uptime UPTIME
                = 0
                $ shutdown x
                Error: shutdown accepts no arguments
                shutdown 	Shut the remote supervisord down.
                = 1
                $ shutdown
                Shut down
                = 0
                daemon exit status: 0
                socket removed: true
                $ status
                unix://DIR/s.sock no such file
                = 4
                $ shutdown
                ERROR: unix://DIR/s.sock no such file (already shut down?)
                = 1
                $ version
                unix://DIR/s.sock no such file
                = 7
                """, "reloadThenShutdown")
            return d
        }
    }

    /// A program that ignores SIGTERM keeps the daemon in SHUTDOWN state (until the test kills it); meanwhile
    /// every supervisor.* method answers SHUTDOWN_STATE, except sendRemoteCommEvent.
    @Test(arguments: DaemonKind.allCases)
    func answersWhileShuttingDown(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, """
                [program:stubborn]
                command=/bin/sh -c "trap '' TERM; echo ready; exec sleep 1000"
                stdout_logfile=%(dir)s/stubborn.log
                startsecs=0
                stopwaitsecs=60
                """)
            d.waitFor("RUNNING", "stubborn")
            // A SIGTERM that came before the `trap` would end it at once.
            d.expect(eventually { d.read("stubborn.log") == "ready\n" })
            let pid = d.call("supervisor.getProcessInfo", "stubborn")["pid"]?.intValue ?? 0
            var t = Transcript(d)
            t.note("shutdown: \(d.call("supervisor.shutdown"))")
            t.note("getState: \(d.call("supervisor.getState"))")
            t.note("getProcessInfo: \(d.call("supervisor.getProcessInfo", "stubborn"))")
            t.note("sendRemoteCommEvent: \(d.call("supervisor.sendRemoteCommEvent", "t", "d"))")
            t.note("listMethods count: \(d.call("system.listMethods").arrayValue?.count ?? -1)")
            t.ctl("status")
            t.ctl("reread")
            t.ctl("avail")
            t.ctl("shutdown")
            t.ctl("reload")
            t.ctl("add x")
            t.ctl("update")
            t.note("still shutting down: \(d.process?.isRunning == true)")
            // Not waiting out stopwaitsecs: the daemon finishes as soon as the program is gone.
            kill(Int32(pid), SIGKILL)
            let sigkill = d.process?.wait(timeout: .seconds(30))
            t.note("daemon exit status: \(sigkill.map(String.init) ?? "still running")")
            t.check("""
                shutdown: True
                getState: 'FAULT 6 SHUTDOWN_STATE'
                getProcessInfo: 'FAULT 6 SHUTDOWN_STATE'
                sendRemoteCommEvent: True
                listMethods count: 41
                $ status
                error: <class 'xmlrpc.client.Fault'>, <Fault 6: 'SHUTDOWN_STATE'>: file: FILE line: N
                = 1
                $ reread
                ERROR: supervisor shutting down
                = 1
                $ avail
                ERROR: supervisor shutting down
                = 1
                $ shutdown
                ERROR: already shutting down
                = 0
                $ reload
                ERROR: already shutting down
                = 1
                $ add x
                ERROR: shutting down
                = 1
                $ update
                ERROR: already shutting down
                = 1
                still shutting down: true
                daemon exit status: 0
                """, "answersWhileShuttingDown")
            return d
        }
    }
}
