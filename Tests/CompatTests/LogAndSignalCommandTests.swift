import Foundation
import Glibc
import Testing

/// supervisorctl signal, pid, tail, tail -f, clear, maintail, maintail -f and version against both daemons.
@Suite struct LogAndSignalCommandTests {
    static let programs = """
        [program:talker]
        command=/bin/sh -c 'echo out-1; echo out-2; echo err-1 >&2; exec sleep 1000'
        startsecs=0
        stopwaitsecs=2

        [program:idle]
        command=/bin/sleep 1000
        autostart=false
        startsecs=0
        stopwaitsecs=2

        [program:ticker]
        command=/bin/sh -c 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.2; done'
        startsecs=0
        stopwaitsecs=2
        stopasgroup=true
        killasgroup=true

        [program:nolog]
        command=/bin/sleep 1000
        startsecs=0
        stopwaitsecs=2
        stdout_logfile=NONE
        stderr_logfile=NONE
        """

    @Test(arguments: DaemonKind.allCases)
    func signalPidTailClearMaintailVersion(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.programs)
            d.waitFor("RUNNING", "talker", "ticker", "nolog")
            d.expect(eventually { d.read(d.call("supervisor.getProcessInfo", "talker")["stderr_logfile"]?.stringValue ?? "") == "err-1\n" })
            var t = Transcript(d)
            t.ctl("signal")
            t.ctl("signal HUP")
            t.ctl("signal HUP idle")
            t.ctl("signal BOGUS talker")
            t.ctl("signal USR1 nope")
            t.ctl("signal USR1 nope:*")
            t.ctl("signal 0 talker")
            t.ctl("signal CONT ticker:*")
            t.ctl("signal sigcont all", sorted: true)
            t.ctl("pid")
            t.ctl("pid talker")
            t.ctl("pid idle")
            t.ctl("pid nope")
            t.ctl("pid all")
            t.ctl("tail")
            t.ctl("tail talker")
            t.ctl("tail talker stderr")
            t.ctl("tail -6 talker")
            t.ctl("tail -f")
            t.ctl("tail -x talker")
            t.ctl("tail talker bogus")
            t.ctl("tail a b c d")
            t.ctl("tail nolog")
            t.ctl("tail nolog stderr")
            t.ctl("tail nope")
            t.ctl("tail idle")
            t.ctl("clear")
            t.ctl("clear talker")
            t.ctl("tail talker")
            t.ctl("clear nope")
            t.ctl("clear all", sorted: true)
            t.ctl("version")
            t.ctl("version x")
            t.ctl("maintail a b")
            t.ctl("maintail -x")
            t.note("clearLog: \(d.call("supervisor.clearLog"))")
            t.ctl("start idle")
            t.ctl("maintail")
            t.ctl("maintail -30")
            t.check("""
                $ signal
                Error: signal requires a signal name and a process name
                signal <signal name> <name>		Signal a process
                signal <signal name> <gname>:*		Signal all processes in a group
                signal <signal name> <name> <name>	Signal multiple processes or groups
                signal <signal name> all		Signal all processes
                = 1
                $ signal HUP
                Error: signal requires a signal name and a process name
                signal <signal name> <name>		Signal a process
                signal <signal name> <gname>:*		Signal all processes in a group
                signal <signal name> <name> <name>	Signal multiple processes or groups
                signal <signal name> all		Signal all processes
                = 1
                $ signal HUP idle
                idle: ERROR (not running)
                = 7
                $ signal BOGUS talker
                talker: ERROR (bad signal name)
                = 1
                $ signal USR1 nope
                nope: ERROR (no such process)
                = 1
                $ signal USR1 nope:*
                nope: ERROR (no such group)
                = 1
                $ signal 0 talker
                talker: signalled
                = 0
                $ signal CONT ticker:*
                ticker: signalled
                = 0
                $ signal sigcont all
                nolog: signalled
                talker: signalled
                ticker: signalled
                = 0
                $ pid
                PID
                = 0
                $ pid talker
                PID
                = 0
                $ pid idle
                0
                = 7
                $ pid nope
                No such process nope
                = 1
                $ pid all
                0
                PID
                PID
                PID
                = 0
                $ tail
                Error: too few arguments
                tail [-f] <name> [stdout|stderr] (default stdout)
                Ex:
                tail -f <name>		Continuous tail of named process stdout
                			Ctrl-C to exit.
                tail -100 <name>	last 100 *bytes* of process stdout
                tail <name> stderr	last 1600 *bytes* of process stderr
                = 1
                $ tail talker
                out-1
                out-2

                = 0
                $ tail talker stderr
                err-1

                = 0
                $ tail -6 talker
                out-2

                = 0
                $ tail -f
                Error: tail requires process name
                = 1
                $ tail -x talker
                Error: bad argument -x
                = 1
                $ tail talker bogus
                Error: bad channel 'bogus'
                = 1
                $ tail a b c d
                Error: too many arguments
                tail [-f] <name> [stdout|stderr] (default stdout)
                Ex:
                tail -f <name>		Continuous tail of named process stdout
                			Ctrl-C to exit.
                tail -100 <name>	last 100 *bytes* of process stdout
                tail <name> stderr	last 1600 *bytes* of process stderr
                = 1
                $ tail nolog
                nolog: ERROR (no log file)
                = 1
                $ tail nolog stderr
                nolog: ERROR (no log file)
                = 1
                $ tail nope
                nope: ERROR (no such process name)
                = 1
                $ tail idle

                = 0
                $ clear
                Error: clear requires a process name
                clear <name>		Clear a process' log files.
                clear <name> <name>	Clear multiple process' log files
                clear all		Clear all process' log files
                = 1
                $ clear talker
                talker: cleared
                = 0
                $ tail talker

                = 0
                $ clear nope
                nope: ERROR (no such process)
                = 1
                $ clear all
                idle: cleared
                nolog: cleared
                talker: cleared
                ticker: cleared
                = 0
                $ version
                4.3.0
                = 0
                $ version x
                Error: version accepts no arguments
                version			Show the version of the remote supervisord process
                = 1
                $ maintail a b
                Error: too many arguments
                maintail -f 	Continuous tail of supervisor main log file (Ctrl-C to exit)
                maintail -100	last 100 *bytes* of supervisord main log file
                maintail	last 1600 *bytes* of supervisor main log file

                = 1
                $ maintail -x
                Error: bad argument -x
                = 1
                clearLog: True
                $ start idle
                idle: started
                = 0
                $ maintail
                TIME INFO spawned: 'idle' with pid PID
                TIME INFO success: idle entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)

                = 0
                $ maintail -30
                 > than 0 seconds (startsecs)

                = 0
                """, "signalPidTailClearMaintailVersion")
            return d
        }
    }

    /// `tail -f` streams /logtail over HTTP until Ctrl-C; `maintail -f` the same for /mainlogtail.
    @Test(arguments: DaemonKind.allCases)
    func tailFollow(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.programs)
            d.waitFor("RUNNING", "ticker", "talker")

            let tail = try d.startCtl(["tail", "-f", "ticker"], output: "tail.out")
            let seen = eventually(timeout: .seconds(15)) {
                d.read("tail.out").split(separator: "\n").filter { $0.hasPrefix("tick ") }.count >= 3
            }
            d.expect(seen, "\(kind): \(d.read("tail.out"))")
            tail.signalGroup(SIGINT)
            d.expect(tail.wait(timeout: .seconds(10)) == 0)
            let lines = d.read("tail.out").split(separator: "\n", omittingEmptySubsequences: false)
            d.expect(lines.first == "==> Press Ctrl-C to exit <==")
            d.expect(lines.dropFirst().dropLast(2).allSatisfy { $0.hasPrefix("tick ") || $0.isEmpty }, "\(lines)")

            let stderrTail = try d.startCtl(["tail", "-f", "talker", "stderr"], output: "err.out")
            d.expect(eventually(timeout: .seconds(15)) { d.read("err.out").contains("err-1\n") }, "\(d.read("err.out"))")
            stderrTail.signalGroup(SIGINT)
            d.expect(stderrTail.wait(timeout: .seconds(10)) == 0)

            let mainTail = try d.startCtl(["maintail", "-f"], output: "main.out")
            d.expect(eventually(timeout: .seconds(15)) { d.read("main.out").contains("spawned: 'talker'") })
            _ = d.call("supervisor.startProcess", "idle")
            d.expect(eventually(timeout: .seconds(15)) { d.read("main.out").contains("spawned: 'idle'") }, "\(d.read("main.out"))")
            mainTail.signalGroup(SIGINT)
            d.expect(mainTail.wait(timeout: .seconds(10)) == 0)
            d.expect(d.read("main.out").hasPrefix("==> Press Ctrl-C to exit <==\n"))

            let missing = try d.startCtl(["tail", "-f", "nolog"], output: "nolog.out")
            d.expect(missing.wait(timeout: .seconds(10)) != nil)
            let nope = try d.startCtl(["tail", "-f", "nope"], output: "nope.out")
            d.expect(nope.wait(timeout: .seconds(10)) != nil)
            var t = Transcript(d)
            t.note(mask(d.read("nolog.out")))
            t.note(mask(d.read("nope.out")))
            t.check("""
                ==> Press Ctrl-C to exit <==
                unix://DIR/s.sock/logtail/nolog/stdout Cannot read, status code 404
                ==> Press Ctrl-C to exit <==
                unix://DIR/s.sock/logtail/nope/stdout Cannot read, status code 404
                """, "tailFollowErrors")
            return d
        }
    }
}
