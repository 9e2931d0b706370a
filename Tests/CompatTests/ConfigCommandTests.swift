import Foundation
import Testing

/// supervisorctl avail, reread, update, add, remove against both daemons.
@Suite struct ConfigCommandTests {
    static let before = """
        [program:keep]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2

        [program:chg]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2

        [program:gone]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2

        [program:manual]
        command=/bin/sleep 1000
        autostart=false
        priority=50
        """

    static let after = """
        [program:keep]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2

        [program:chg]
        command=/bin/sleep 999
        startsecs=0
        stopwaitsecs=2

        [program:new]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2

        [program:manual]
        command=/bin/sleep 1000
        autostart=false
        priority=50
        """

    @Test(arguments: DaemonKind.allCases)
    func availRereadUpdateAddRemove(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.before)
            d.waitFor("RUNNING", "keep", "chg", "gone")
            var t = Transcript(d)
            t.ctl("avail")
            t.ctl("avail x")
            t.ctl("reread")
            t.ctl("reread x")
            t.ctl("remove keep")
            t.ctl("remove nope")
            t.ctl("add keep")
            t.ctl("add nope")
            t.ctl("add")
            t.ctl("remove")
            t.ctl("remove manual")
            t.ctl("avail")
            t.ctl("add manual")
            t.ctl("status")

            d.writeConfig(Self.after)
            t.ctl("reread")
            t.ctl("avail")
            t.ctl("update nope")
            t.ctl("update")
            d.waitFor("RUNNING", "new", "chg")
            t.ctl("status")
            t.ctl("update")
            t.ctl("reread")

            d.writeConfig(Self.after + "\n[program:later]\ncommand=/bin/sleep 1000\nstartsecs=0\nstopwaitsecs=2\n")
            t.ctl("update keep")
            t.ctl("update later")
            t.ctl("update all")
            d.waitFor("RUNNING", "later")

            d.writeConfig(Self.after + "\n[program:broken]\nautostart=false\n")
            t.ctl("reread")
            let update = d.ctl(["update"])
            t.note("update (broken) = \(update.status): \(update.output.prefix(26))")
            t.ctl("status")
            t.check("""
                $ avail
                chg                              in use    auto      999:999
                gone                             in use    auto      999:999
                keep                             in use    auto      999:999
                manual                           in use    manual    50:50
                = 0
                $ avail x
                Error: avail accepts no arguments
                avail			Display all configured processes
                = 1
                $ reread
                No config updates to processes
                = 0
                $ reread x
                Error: reread accepts no arguments
                reread 			Reload the daemon's configuration files without add/remove
                = 1
                $ remove keep
                ERROR: process/group still running: keep
                = 1
                $ remove nope
                ERROR: no such process/group: nope
                = 1
                $ add keep
                ERROR: process group already active
                = 0
                $ add nope
                ERROR: no such process/group: nope
                = 1
                $ add
                = 0
                $ remove
                = 0
                $ remove manual
                manual: removed process group
                = 0
                $ avail
                chg                              in use    auto      999:999
                gone                             in use    auto      999:999
                keep                             in use    auto      999:999
                manual                           avail     manual    50:50
                = 0
                $ add manual
                manual: added process group
                = 0
                $ status
                chg                              RUNNING   pid PID, uptime UPTIME
                gone                             RUNNING   pid PID, uptime UPTIME
                keep                             RUNNING   pid PID, uptime UPTIME
                manual                           STOPPED   Not started
                = 3
                $ reread
                chg: changed
                gone: disappeared
                new: available
                = 0
                $ avail
                chg                              in use    auto      999:999
                keep                             in use    auto      999:999
                manual                           in use    manual    50:50
                new                              avail     auto      999:999
                = 0
                $ update nope
                ERROR: no such group: nope
                = 1
                $ update
                gone: stopped
                gone: removed process group
                chg: stopped
                chg: updated process group
                new: added process group
                = 0
                $ status
                chg                              RUNNING   pid PID, uptime UPTIME
                keep                             RUNNING   pid PID, uptime UPTIME
                manual                           STOPPED   Not started
                new                              RUNNING   pid PID, uptime UPTIME
                = 3
                $ update
                = 0
                $ reread
                No config updates to processes
                = 0
                $ update keep
                = 0
                $ update later
                later: added process group
                = 0
                $ update all
                = 0
                $ reread
                ERROR: CANT_REREAD: program section program:broken does not specify a command in section 'program:broken' (file: 'DIR/supervisord.conf')
                = 1
                update (broken) = 1: error: <class 'xmlrpc.clie
                $ status
                chg                              RUNNING   pid PID, uptime UPTIME
                keep                             RUNNING   pid PID, uptime UPTIME
                later                            RUNNING   pid PID, uptime UPTIME
                manual                           STOPPED   Not started
                new                              RUNNING   pid PID, uptime UPTIME
                = 3
                """, "availRereadUpdateAddRemove")
            return d
        }
    }
}
