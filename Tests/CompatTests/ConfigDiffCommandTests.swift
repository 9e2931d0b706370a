import Foundation
import Testing
import XMLRPC

/// What `reloadConfig` (and so `reread`, `avail`, `update`) counts as added, changed and removed, case by case, and
/// that `update` leaves an unchanged program's process alone: against both daemons.
@Suite struct ConfigDiffCommandTests {
    static func program(_ name: String, _ extra: String = "") -> String {
        "[program:\(name)]\ncommand=/bin/sleep 1000\nstartsecs=0\nstopwaitsecs=2\n\(extra)\n"
    }

    static func listener(_ name: String, _ extra: String) -> String {
        "[eventlistener:\(name)]\ncommand=/bin/cat\nautostart=false\nstopwaitsecs=2\n\(extra)\n"
    }

    static let before = [
        "[include]\nfiles=conf.d/*.conf\n",
        program("same"),
        program("cmd"),
        program("env", "environment=A=1,B=2"),
        program("envsame", "environment=A=1,B=2"),
        program("nump", "numprocs=2\nprocess_name=%(program_name)s_%(process_num)s"),
        program("pname"),
        program("prio", "priority=100"),
        program("auto", "autostart=false"),
        program("logopt", "stdout_logfile_maxbytes=1MB"),
        program("autolog"),
        program("explog", "stdout_logfile=%(dir)s/explog.log"),
        program("mover"),
        program("solo"),
        program("ga"), program("gb"),
        "[group:grp]\nprograms=ga,gb\n",
        program("oa"), program("ob"),
        "[group:ord]\nprograms=oa,ob\n",
        // Reordered events are no change for Supervisor only by chance: its pool_events is a list made from a set,
        // in the set's (hash seed dependent) order. Repeats are deterministic.
        listener("lsame", "events=TICK_5"),
        listener("lbuf", "events=TICK_5\nbuffer_size=10"),
        program("gone"),
    ].joined(separator: "\n")

    static let after = [
        "[include]\nfiles=conf.d/*.conf\n",
        program("same"),
        "[program:cmd]\ncommand=/bin/sleep 999\nstartsecs=0\nstopwaitsecs=2\n",
        program("env", "environment=A=1,B=3"),
        program("envsame", "environment=B=2,A=1"),
        program("nump", "numprocs=3\nprocess_name=%(program_name)s_%(process_num)s"),
        program("pname", "process_name=pname_x"),
        program("prio", "priority=101"),
        program("auto", "autostart=true"),
        program("logopt", "stdout_logfile_maxbytes=2MB"),
        program("autolog", "stdout_logfile=%(dir)s/autolog.log"),
        program("explog"),
        program("mover"),
        "[group:movers]\nprograms=mover\n",
        program("solo"),
        "[group:solo]\nprograms=solo\n",
        program("ga"), program("gb"),
        "[group:grp]\nprograms=ga\n",
        program("oa"), program("ob"),
        "[group:ord]\nprograms=ob,oa\n",
        listener("lsame", "events=TICK_5,tick_5"),
        listener("lbuf", "events=TICK_5\nbuffer_size=20"),
    ].joined(separator: "\n")

    static func render(_ value: XMLRPCValue) -> String { XMLRPCMethodTests.render(value) }

    @Test(arguments: DaemonKind.allCases)
    func everyKindOfChange(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon.withIncludes(kind, Self.before, includes: ["a.conf": Self.program("inca")])
            d.waitFor("RUNNING", "same", "cmd", "env", "nump:nump_0", "inca", "grp:ga", "ord:ob", "gone")
            var t = Transcript(d)
            let samePid = d.call("supervisor.getProcessInfo", "same")["pid"]
            t.ctl("reread")

            d.writeConfig(Self.after)
            d.writeInclude("a.conf", nil)
            d.writeInclude("b.conf", Self.program("incb"))
            t.note("reloadConfig: \(Self.render(d.call("supervisor.reloadConfig")))")
            t.ctl("reread")
            t.ctl("avail")
            t.ctl("update cmd nump")
            t.ctl("update")
            t.ctl("update all")
            d.waitFor("RUNNING", "cmd", "env", "nump:nump_2", "incb", "auto", "movers:mover", "solo")
            t.ctl("status")
            t.note("reloadConfig again: \(Self.render(d.call("supervisor.reloadConfig")))")
            let kept = d.call("supervisor.getProcessInfo", "same")["pid"]
            t.note("same kept its pid: \(kept == samePid && samePid?.intValue ?? 0 > 0)")

            d.writeInclude("bad.conf", "[program:bad]\ncommand=/bin/true\nstartsecs=x\n")
            t.note("broken include: \(Self.render(d.call("supervisor.reloadConfig")))")
            t.ctl("reread")
            t.ctl("avail")
            t.check("""
                $ reread
                No config updates to processes
                = 0
                reloadConfig: [[['gb', 'incb', 'movers'], ['lbuf', 'prio', 'auto', 'autolog', 'cmd', 'env', 'grp', 'logopt', 'nump', 'ord', 'pname'], ['gone', 'inca', 'mover']]]
                $ reread
                auto: changed
                autolog: changed
                cmd: changed
                env: changed
                gb: available
                gone: disappeared
                grp: changed
                inca: disappeared
                incb: available
                lbuf: changed
                logopt: changed
                mover: disappeared
                movers: available
                nump: changed
                ord: changed
                pname: changed
                prio: changed
                = 0
                $ avail
                auto                             in use    auto      999:999
                autolog                          in use    auto      999:999
                cmd                              in use    auto      999:999
                env                              in use    auto      999:999
                envsame                          in use    auto      999:999
                explog                           in use    auto      999:999
                grp:ga                           in use    auto      999:999
                gb                               avail     auto      999:999
                incb                             avail     auto      999:999
                lbuf                             in use    manual    -1:999
                logopt                           in use    auto      999:999
                lsame                            in use    manual    -1:999
                movers:mover                     avail     auto      999:999
                nump:nump_0                      in use    auto      999:999
                nump:nump_1                      in use    auto      999:999
                nump:nump_2                      in use    auto      999:999
                ord:oa                           in use    auto      999:999
                ord:ob                           in use    auto      999:999
                pname:pname_x                    in use    auto      999:999
                prio                             in use    auto      101:101
                same                             in use    auto      999:999
                solo                             in use    auto      999:999
                = 0
                $ update cmd nump
                cmd: stopped
                cmd: updated process group
                nump: stopped
                nump: updated process group
                = 0
                $ update
                gone: stopped
                gone: removed process group
                inca: stopped
                inca: removed process group
                mover: stopped
                mover: removed process group
                lbuf: stopped
                lbuf: updated process group
                prio: stopped
                prio: updated process group
                auto: stopped
                auto: updated process group
                autolog: stopped
                autolog: updated process group
                env: stopped
                env: updated process group
                grp: stopped
                grp: updated process group
                logopt: stopped
                logopt: updated process group
                ord: stopped
                ord: updated process group
                pname: stopped
                pname: updated process group
                gb: added process group
                incb: added process group
                movers: added process group
                = 0
                $ update all
                = 0
                $ status
                auto                             RUNNING   pid PID, uptime UPTIME
                autolog                          RUNNING   pid PID, uptime UPTIME
                cmd                              RUNNING   pid PID, uptime UPTIME
                env                              RUNNING   pid PID, uptime UPTIME
                envsame                          RUNNING   pid PID, uptime UPTIME
                explog                           RUNNING   pid PID, uptime UPTIME
                gb                               RUNNING   pid PID, uptime UPTIME
                grp:ga                           RUNNING   pid PID, uptime UPTIME
                incb                             RUNNING   pid PID, uptime UPTIME
                lbuf                             STOPPED   Not started
                logopt                           RUNNING   pid PID, uptime UPTIME
                lsame                            STOPPED   Not started
                movers:mover                     RUNNING   pid PID, uptime UPTIME
                nump:nump_0                      RUNNING   pid PID, uptime UPTIME
                nump:nump_1                      RUNNING   pid PID, uptime UPTIME
                nump:nump_2                      RUNNING   pid PID, uptime UPTIME
                ord:oa                           RUNNING   pid PID, uptime UPTIME
                ord:ob                           RUNNING   pid PID, uptime UPTIME
                pname:pname_x                    RUNNING   pid PID, uptime UPTIME
                prio                             RUNNING   pid PID, uptime UPTIME
                same                             RUNNING   pid PID, uptime UPTIME
                solo                             RUNNING   pid PID, uptime UPTIME
                = 3
                reloadConfig again: [[[], [], []]]
                same kept its pid: true
                broken include: 'FAULT 92 CANT_REREAD: invalid literal for int() with base 10: 'x' in section 'program:bad' (file: 'DIR/conf.d/bad.conf')'
                $ reread
                ERROR: CANT_REREAD: invalid literal for int() with base 10: 'x' in section 'program:bad' (file: 'DIR/conf.d/bad.conf')
                = 1
                $ avail
                auto                             in use    auto      999:999
                autolog                          in use    auto      999:999
                cmd                              in use    auto      999:999
                env                              in use    auto      999:999
                envsame                          in use    auto      999:999
                explog                           in use    auto      999:999
                grp:ga                           in use    auto      999:999
                gb                               in use    auto      999:999
                incb                             in use    auto      999:999
                lbuf                             in use    manual    -1:999
                logopt                           in use    auto      999:999
                lsame                            in use    manual    -1:999
                movers:mover                     in use    auto      999:999
                nump:nump_0                      in use    auto      999:999
                nump:nump_1                      in use    auto      999:999
                nump:nump_2                      in use    auto      999:999
                ord:oa                           in use    auto      999:999
                ord:ob                           in use    auto      999:999
                pname:pname_x                    in use    auto      999:999
                prio                             in use    auto      101:101
                same                             in use    auto      999:999
                solo                             in use    auto      999:999
                = 0
                """, "everyKindOfChange")
            return d
        }
    }
}

extension ConfigDiffCommandTests {
    /// Broken configurations: `reloadConfig` answers CANT_REREAD with Supervisor's text, and nothing changes.
    @Test(arguments: DaemonKind.allCases)
    func brokenRereads(_ kind: DaemonKind) async throws {
        try await scenario {
            let base = Self.program("p") + "[include]\nfiles=conf.d/*.conf\n"
            let d = try CompatDaemon.withIncludes(kind, base, includes: [:])
            d.waitFor("RUNNING", "p")
            var t = Transcript(d)
            let broken: [(String, String?)] = [
                // (With `p,nope` Supervisor names the wrong section, [program:p]: it reuses a loop variable.)
                ("[group:g]\nprograms=nope,p\n", nil),
                ("[program:n]\ncommand=/bin/true\nnumprocs=2\n", nil),
                ("[program:u]\ncommand=/bin/true\nuser=no-such-user-xyz\n", nil),
                ("[eventlistener:l]\ncommand=/bin/cat\n", nil),
                ("[eventlistener:l]\ncommand=/bin/cat\nevents=NOPE\n", nil),
                ("[program:q]\ncommand=/bin/true\nautorestart=sometimes\n", nil),
                ("[program:q]\ncommand=/bin/true\nstdout_logfile_maxbytes=lots\n", nil),
                ("", "[program:inc]\ncommand=/bin/true\nthis line is not an option\n"),
                ("", "no section header here\n"),
                ("[program:q]\ncommand=/bin/true\npriority=high\n", nil),
                ("[eventlistener:l]\ncommand=/bin/cat\nevents=TICK_5\nbuffer_size=0\n", nil),
                ("[eventlistener:l]\ncommand=/bin/cat\nevents=TICK_5\nstartsecs=x\n", nil),
                // (A bad FastCGI socket gets a clearer text than Supervisor's tuple repr.)
                ("[fcgi-program:f]\ncommand=/bin/cat\nsocket=tcp://localhost:9999\nnumprocs=x\n", nil),
            ]
            for (index, (main, include)) in broken.enumerated() {
                d.writeConfig(base + main)
                d.writeInclude("x.conf", include)
                t.note("\(index): \(Self.render(d.call("supervisor.reloadConfig")))")
            }
            d.writeConfig(base)
            d.writeInclude("x.conf", nil)
            t.ctl("reread")
            t.ctl("avail")
            t.check("""
                0: 'FAULT 92 CANT_REREAD: [group:g] names unknown program or fcgi-program nope'
                1: 'FAULT 92 CANT_REREAD: %(process_num) must be present within process_name when numprocs > 1 in section 'program:n' (file: 'DIR/supervisord.conf')'
                2: 'FAULT 92 CANT_REREAD: Invalid user name no-such-user-xyz in section 'program:u' (file: 'DIR/supervisord.conf')'
                3: 'FAULT 92 CANT_REREAD: [eventlistener:l] section requires an "events" line'
                4: 'FAULT 92 CANT_REREAD: Unknown event type NOPE in [eventlistener:l] events'
                5: 'FAULT 92 CANT_REREAD: invalid 'autorestart' value 'sometimes' in section 'program:q' (file: 'DIR/supervisord.conf')'
                6: 'FAULT 92 CANT_REREAD: invalid literal for int() with base 10: 'lots' in section 'program:q' (file: 'DIR/supervisord.conf')'
                7: 'FAULT 92 CANT_REREAD: Source contains parsing errors: 'DIR/conf.d/x.conf'
                \t[line  3]: 'this line is not an option\\n''
                8: 'FAULT 92 CANT_REREAD: File contains no section headers.
                file: FILE line: N
                'no section header here\\n''
                9: 'FAULT 92 CANT_REREAD: invalid literal for int() with base 10: 'high''
                10: 'FAULT 92 CANT_REREAD: [eventlistener:l] section sets invalid buffer_size (0)'
                11: 'FAULT 92 CANT_REREAD: invalid literal for int() with base 10: 'x' in section 'eventlistener:l' (file: 'DIR/supervisord.conf')'
                12: 'FAULT 92 CANT_REREAD: invalid literal for int() with base 10: 'x' in section 'fcgi-program:f' (file: 'DIR/supervisord.conf')'
                $ reread
                No config updates to processes
                = 0
                $ avail
                p                                in use    auto      999:999
                = 0
                """, "brokenRereads")
            return d
        }
    }
}

extension CompatDaemon {
    /// A daemon whose config has `[include] files=conf.d/*.conf`, started with these files in `conf.d`.
    static func withIncludes(_ kind: DaemonKind, _ programs: String, includes: [String: String]) throws -> CompatDaemon {
        try CompatDaemon(kind, programs) { daemon in
            for (name, text) in includes { daemon.writeInclude(name, text) }
        }
    }

    /// Writes (or, with nil, removes) `conf.d/<name>` beside the main config.
    func writeInclude(_ name: String, _ text: String?) {
        let dir = directory.file("conf.d")
        try? FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        if let text {
            _ = FileManager.default.createFile(atPath: dir + "/" + name, contents: Data(text.utf8))
        } else {
            try? FileManager.default.removeItem(atPath: dir + "/" + name)
        }
    }
}
