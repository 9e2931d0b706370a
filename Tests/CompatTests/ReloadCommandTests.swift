import Foundation
import Glibc
import Testing

/// supervisorctl reload (supervisor.restart) into a changed configuration, and into a broken one, where our daemon
/// deliberately differs from Supervisor: against both daemons.
@Suite struct ReloadCommandTests {
    static func program(_ name: String, _ extra: String = "") -> String {
        "[program:\(name)]\ncommand=/bin/sleep 1000\nstartsecs=0\nstopwaitsecs=2\n\(extra)\n"
    }

    @Test(arguments: DaemonKind.allCases)
    func reloadRunsTheChangedConfiguration(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.program("kept") + Self.program("dropped"))
            d.waitFor("RUNNING", "kept", "dropped")
            let daemonPid = d.call("supervisor.getPID")
            let keptPid = d.call("supervisor.getProcessInfo", "kept")["pid"]
            var t = Transcript(d)
            d.writeConfig(Self.program("kept") + Self.program("one") + Self.program("two") + "[group:pair]\nprograms=one,two\n")
            t.ctl("reload")
            try d.waitUntilRunning()
            d.waitFor("RUNNING", "kept", "pair:one", "pair:two")
            t.ctl("status")
            t.ctl("avail")
            t.ctl("reread")
            t.note("same daemon: \(d.call("supervisor.getPID") == daemonPid)")
            t.note("pid file: \(d.read("supervisord.pid") == "\(daemonPid.intValue ?? -1)\n")")
            t.note("kept restarted: \(d.call("supervisor.getProcessInfo", "kept")["pid"] != keptPid)")
            t.check("""
                $ reload
                Restarted supervisord
                = 0
                $ status
                kept                             RUNNING   pid PID, uptime UPTIME
                pair:one                         RUNNING   pid PID, uptime UPTIME
                pair:two                         RUNNING   pid PID, uptime UPTIME
                = 0
                $ avail
                kept                             in use    auto      999:999
                pair:one                         in use    auto      999:999
                pair:two                         in use    auto      999:999
                = 0
                $ reread
                No config updates to processes
                = 0
                same daemon: true
                pid file: true
                kept restarted: true
                """, "reloadRunsTheChangedConfiguration")
            return d
        }
    }

    /// Supervisor stops every process, then exits 2 on the broken file; ours refuses the restart (CANT_REREAD with
    /// file:line) and keeps everything running, and a later reload with the file fixed works.
    @Test(arguments: DaemonKind.allCases)
    func reloadIntoABrokenConfiguration(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.program("kept"))
            d.waitFor("RUNNING", "kept")
            let keptPid = d.call("supervisor.getProcessInfo", "kept")["pid"]?.intValue ?? 0
            var t = Transcript(d)
            d.writeConfig(Self.program("kept") + "[program:bad]\ncommand=/bin/sleep 1\nstartsecs=soon\n")
            t.ctl("reload")
            if kind == .python {
                d.expectedExitStatus = 2
                let status = d.process?.wait(timeout: .seconds(20))
                t.note("daemon exit status: \(status.map(String.init) ?? "still running")")
                t.note("kept still alive: \(kill(Int32(keptPid), 0) == 0)")
                t.check("""
                    $ reload
                    Restarted supervisord
                    = 0
                    daemon exit status: 2
                    kept still alive: false
                    """, "reloadIntoABrokenConfiguration")
                return d
            }
            t.ctl("status")
            t.note("kept keeps its pid: \(d.call("supervisor.getProcessInfo", "kept")["pid"]?.intValue == keptPid)")
            d.writeConfig(Self.program("kept") + Self.program("good"))
            t.ctl("reload")
            try d.waitUntilRunning()
            d.waitFor("RUNNING", "kept", "good")
            t.ctl("status")
            t.check("""
                $ reload
                error: <class 'xmlrpc.client.Fault'>, <Fault 92: "CANT_REREAD: DIR/supervisord.conf:23: [program:bad] startsecs: invalid literal for int() with base 10: 'soon' (expected a whole number)">: file: FILE line: N
                = 1
                $ status
                kept                             RUNNING   pid PID, uptime UPTIME
                = 0
                kept keeps its pid: true
                $ reload
                Restarted supervisord
                = 0
                $ status
                good                             RUNNING   pid PID, uptime UPTIME
                kept                             RUNNING   pid PID, uptime UPTIME
                = 0
                """, "reloadIntoABrokenConfiguration")
            return d
        }
    }
}
