import Testing

/// supervisorctl status, start, stop, restart against both daemons.
@Suite struct ProcessCommandTests {
    static let programs = """
        [program:alpha]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2

        [program:idle]
        command=/bin/sleep 1000
        autostart=false
        startsecs=0
        stopwaitsecs=2

        [program:quick]
        command=/bin/sh -c 'exit 3'
        autostart=false
        startsecs=1
        startretries=0

        [program:missing]
        command=/no/such/command
        autostart=false

        [program:x]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2
        numprocs=2
        process_name=%(program_name)s_%(process_num)d
        """

    @Test(arguments: DaemonKind.allCases)
    func statusStartStopRestart(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.programs)
            d.waitFor("RUNNING", "alpha", "x:x_0", "x:x_1")
            var t = Transcript(d)
            t.ctl("status")
            t.ctl("status alpha x:*")
            t.ctl("status nope nope:*")
            t.ctl("start")
            t.ctl("start idle")
            t.ctl("start idle")
            t.ctl("start missing")
            t.ctl("start quick")
            t.ctl("start nope")
            t.ctl("start nope:*")
            t.ctl("stop x:*", sorted: true)
            t.ctl("start x:*", sorted: true)
            t.ctl("stop idle")
            t.ctl("stop idle")
            t.ctl("stop nope")
            t.ctl("stop nope:*")
            t.ctl("stop")
            t.ctl("restart alpha")
            t.ctl("restart")
            t.ctl("status")
            t.ctl("stop all", sorted: true)
            t.ctl("start all", sorted: true)
            t.ctl("status")
            t.check("""
                $ status
                alpha                            RUNNING   pid PID, uptime UPTIME
                idle                             STOPPED   Not started
                missing                          STOPPED   Not started
                quick                            STOPPED   Not started
                x:x_0                            RUNNING   pid PID, uptime UPTIME
                x:x_1                            RUNNING   pid PID, uptime UPTIME
                = 3
                $ status alpha x:*
                alpha                            RUNNING   pid PID, uptime UPTIME
                x:x_0                            RUNNING   pid PID, uptime UPTIME
                x:x_1                            RUNNING   pid PID, uptime UPTIME
                = 0
                $ status nope nope:*
                nope: ERROR (no such process)
                nope: ERROR (no such group)
                = 4
                $ start
                Error: start requires a process name
                start <name>		Start a process
                start <gname>:*		Start all processes in a group
                start <name> <name>	Start multiple processes or groups
                start all		Start all processes
                = 2
                $ start idle
                idle: started
                = 0
                $ start idle
                idle: ERROR (already started)
                = 0
                $ start missing
                missing: ERROR (no such file)
                = 1
                $ start quick
                quick: ERROR (spawn error)
                = 7
                $ start nope
                nope: ERROR (no such process)
                = 1
                $ start nope:*
                nope: ERROR (no such group)
                = 2
                $ stop x:*
                x:x_0: stopped
                x:x_1: stopped
                = 0
                $ start x:*
                x:x_0: started
                x:x_1: started
                = 0
                $ stop idle
                idle: stopped
                = 0
                $ stop idle
                idle: ERROR (not running)
                = 0
                $ stop nope
                nope: ERROR (no such process)
                = 1
                $ stop nope:*
                nope: ERROR (no such group)
                = 1
                $ stop
                Error: stop requires a process name
                stop <name>		Stop a process
                stop <gname>:*		Stop all processes in a group
                stop <name> <name>	Stop multiple processes or groups
                stop all		Stop all processes
                = 1
                $ restart alpha
                alpha: stopped
                alpha: started
                = 0
                $ restart
                Error: restart requires a process name
                restart <name>		Restart a process
                restart <gname>:*	Restart all processes in a group
                restart <name> <name>	Restart multiple processes or groups
                restart all		Restart all processes
                Note: restart does not reread config files. For that, see reread and update.
                = 1
                $ status
                alpha                            RUNNING   pid PID, uptime UPTIME
                idle                             STOPPED   STOPTIME
                missing                          STOPPED   Not started
                quick                            FATAL     Exited too quickly (process log may have details)
                x:x_0                            RUNNING   pid PID, uptime UPTIME
                x:x_1                            RUNNING   pid PID, uptime UPTIME
                = 3
                $ stop all
                alpha: stopped
                x:x_0: stopped
                x:x_1: stopped
                = 0
                $ start all
                alpha: started
                idle: started
                missing: ERROR (no such file)
                quick: ERROR (spawn error)
                x:x_0: started
                x:x_1: started
                = 7
                $ status
                alpha                            RUNNING   pid PID, uptime UPTIME
                idle                             RUNNING   pid PID, uptime UPTIME
                missing                          STOPPED   Not started
                quick                            FATAL     Exited too quickly (process log may have details)
                x:x_0                            RUNNING   pid PID, uptime UPTIME
                x:x_1                            RUNNING   pid PID, uptime UPTIME
                = 3
                """, "statusStartStopRestart")
            return d
        }
    }
}
