import Foundation
import Glibc
import SupervisorTestSupport
import Testing

/// The effect of program and `[supervisord]` options on the children themselves, under both daemons: each child
/// reports what it got (ids, umask, cwd, rlimits, environment, signal masks, process group, open fds) on its
/// stdout, and the report must be what Supervisor 4.3's children report. The lifecycle options (stop signals, exit
/// codes, restarts, priorities) are read from the main log. One daemon run per group of options.
@Suite struct ProgramOptionEffectTests {
    /// A POSIX shell script (no `'` and no `%`, it sits in `command=/bin/sh -c '...'`) printing what the child got.
    static let report = [
        #"echo uid=$(id -u) gid=$(id -g) groups=$(id -G)"#,
        #"echo umask=$(umask)"#,
        #"echo cwd=$(pwd)"#,
        #"grep -E "^Max (open files|processes)" /proc/$$/limits | tr -s " ""#,
        #"env | grep -E "^(SUPERVISOR_|A=|B=|C=|D=|E=|SUPD_|HOME=|USER=|LOGNAME=)" | sort"#,
        #"[ "$(cut -d" " -f5 /proc/$$/stat)" = "$$" ] && echo pgrp=own || echo pgrp=other"#,
        #"for f in /proc/$$/fd/*; do echo fd ${f##*/} $(readlink $f | sed -e "s/[0-9][0-9]*/N/g"); done"#,
    ].joined(separator: "; ")

    static let childPrograms = """
        [program:root]
        command=/bin/sh -c '\(report)'
        directory=%(dir)s/work
        umask=002
        environment=A="x,y",B='q r',C="%(ENV_HOME)s",D=%(program_name)s-%(process_num)d,E="%(ENV_SUPD_TWO)s"
        serverurl=http://127.0.0.1:1/custom
        startsecs=0
        autorestart=false
        stdout_logfile=%(dir)s/root.out

        [program:www]
        command=/bin/sh -c '\(report)'
        user=www-data
        directory=/tmp
        serverurl=AUTO
        startsecs=0
        autorestart=false
        stdout_logfile=%(dir)s/www.out

        [program:sigs]
        command=/bin/grep -E "^Sig(Blk|Ign)" /proc/self/status
        startsecs=0
        autorestart=false
        stdout_logfile=%(dir)s/sigs.out

        [program:sigswww]
        command=/bin/grep -E "^Sig(Blk|Ign)" /proc/self/status
        user=www-data
        startsecs=0
        autorestart=false
        stdout_logfile=%(dir)s/sigswww.out

        [program:fds]
        command=/bin/ls -m /proc/self/fd
        startsecs=0
        autorestart=false
        stdout_logfile=%(dir)s/fds.out

        [program:fdswww]
        command=/bin/ls -m /proc/self/fd
        user=www-data
        startsecs=0
        autorestart=false
        stdout_logfile=%(dir)s/fdswww.out

        [program:num]
        command=/bin/sh -c 'echo $SUPERVISOR_PROCESS_NAME $SUPERVISOR_GROUP_NAME %(process_num)d %(program_name)s %(group_name)s %(host_node_name)s %(here)s'
        numprocs=2
        numprocs_start=5
        process_name=%(program_name)s_%(process_num)02d
        startsecs=0
        autorestart=false
        stdout_logfile=%(dir)s/num-%(process_num)d.out

        [program:redir]
        command=/bin/sh -c 'echo to-out; echo to-err >&2; printf "\\033[1;31mred\\033[0m plain\\n"'
        redirect_stderr=true
        startsecs=0
        autorestart=false
        stdout_logfile=%(dir)s/redir.out

        [program:split]
        command=/bin/sh -c 'echo to-out; echo to-err >&2'
        startsecs=0
        autorestart=false
        stdout_logfile=%(dir)s/split.out
        stderr_logfile=%(dir)s/split.err

        [program:auto]
        command=/bin/sh -c 'echo auto-out; echo auto-err >&2'
        startsecs=0
        autorestart=false
        """

    /// Program keys (user, directory, umask, environment, serverurl, numprocs, process_name, redirect_stderr, log
    /// files) and `[supervisord]` keys that reach children (minfds, minprocs, identifier, strip_ansi, environment,
    /// childlogdir and its cleanup). `[supervisord] umask` has no effect with `-n`, in Supervisor too.
    @Test(arguments: DaemonKind.allCases)
    func whatAChildGets(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(
                kind, Self.childPrograms,
                supervisord: """
                    umask=077
                    minfds=1500
                    minprocs=700
                    identifier=ident
                    strip_ansi=true
                    environment=SUPD_ONE="one, 1",SUPD_TWO=two
                    """,
                shellPrefix: "umask 022; ulimit -Sn 512; ulimit -Sp 600",
                prepare: { d in
                    try? FileManager.default.createDirectory(atPath: d.dir + "/work", withIntermediateDirectories: true)
                    for name in ["old---ident-ABC123.log", "old---ident-ABC123.log.1", "old---supervisor-XYZ.log", "keep.log"] {
                        _ = FileManager.default.createFile(atPath: d.dir + "/" + name, contents: Data("x".utf8))
                    }
                })
            d.waitFor("EXITED", "root", "www", "sigs", "sigswww", "fds", "fdswww", "num:num_05", "num:num_06", "redir", "split", "auto")
            // Supervisor's children inherit Python's ignored SIGPIPE and SIGXFSZ (and signals 32 and 33); ours
            // start with every signal at its default.
            let ignored = kind == .python ? "0000000181001000" : "0000000000000000"
            var t = Transcript(d)
            for name in ["root", "www", "sigs", "sigswww", "fds", "fdswww", "num-5", "num-6", "redir", "split"] {
                t.note("[\(name).out]")
                t.note(Self.maskReport(d.read(name + ".out")))
            }
            t.note("[split.err]")
            t.note(d.read("split.err"))
            let auto = d.call("supervisor.getProcessInfo", "auto")
            for key in ["stdout_logfile", "stderr_logfile"] {
                let path = auto[key]?.stringValue ?? ""
                t.note("auto \(key): \(mask(path).replacingOccurrences(of: #"auto-\w+---ident-\w+\.log"#, with: "auto-STREAM---ident-RANDOM.log", options: .regularExpression))")
                t.note("  holds: \(d.read(path).replacingOccurrences(of: "\n", with: "|"))")
            }
            let left = (try? FileManager.default.contentsOfDirectory(atPath: d.dir)) ?? []
            t.note("old logs left: \(left.filter { $0.hasPrefix("old") || $0 == "keep.log" }.sorted())")
            t.note("identification: \(d.call("supervisor.getIdentification").stringValue ?? "?")")
            t.check("""
                [root.out]
                uid=0 gid=0 groups=0
                umask=0002
                cwd=DIR/work
                Max processes 700 HARD processes
                Max open files 1500 HARD files
                A=x,y
                B=q r
                C=$HOME
                D=root-0
                E=two
                SUPD_ONE=one, 1
                SUPD_TWO=two
                SUPERVISOR_ENABLED=1
                SUPERVISOR_GROUP_NAME=root
                SUPERVISOR_PROCESS_NAME=root
                SUPERVISOR_SERVER_URL=http://127.0.0.1:1/custom
                pgrp=own
                fd 0 pipe:[N]
                fd 1 pipe:[N]
                fd 2 pipe:[N]
                fd 3 pipe:[N]
                [www.out]
                uid=33 gid=33 groups=33
                umask=0022
                cwd=/tmp
                Max processes 700 HARD processes
                Max open files 1500 HARD files
                SUPD_ONE=one, 1
                SUPD_TWO=two
                SUPERVISOR_ENABLED=1
                SUPERVISOR_GROUP_NAME=www
                SUPERVISOR_PROCESS_NAME=www
                SUPERVISOR_SERVER_URL=unix://DIR/s.sock
                pgrp=own
                fd 0 pipe:[N]
                fd 1 pipe:[N]
                fd 2 pipe:[N]
                fd 3 pipe:[N]
                [sigs.out]
                SigBlk:\t0000000000000000
                SigIgn:\t\(ignored)
                [sigswww.out]
                SigBlk:\t0000000000000000
                SigIgn:\t\(ignored)
                [fds.out]
                0, 1, 2, 3
                [fdswww.out]
                0, 1, 2, 3
                [num-5.out]
                num_05 num 5 num num HOST DIR
                [num-6.out]
                num_06 num 6 num num HOST DIR
                [redir.out]
                to-out
                to-err
                red plain
                [split.out]
                to-out
                [split.err]
                to-err
                auto stdout_logfile: DIR/auto-STREAM---ident-RANDOM.log
                  holds: auto-out|
                auto stderr_logfile: DIR/auto-STREAM---ident-RANDOM.log
                  holds: auto-err|
                old logs left: ["keep.log", "old---supervisor-XYZ.log"]
                identification: ident
                """, "whatAChildGets")
            return d
        }
    }

    static let lifecyclePrograms = """
        [eventlistener:lst]
        command=/bin/sleep 1000
        events=TICK_60
        startsecs=0

        [group:grp]
        programs=g1,g2
        priority=5

        [program:g1]
        command=/bin/sleep 1000
        priority=2
        startsecs=0

        [program:g2]
        command=/bin/sleep 1000
        priority=1
        startsecs=0

        [program:p30]
        command=/bin/sleep 1000
        priority=30
        startsecs=0

        [program:p10]
        command=/bin/sleep 1000
        priority=10
        startsecs=0

        [program:p20]
        command=/bin/sleep 1000
        priority=20
        startsecs=0

        [program:sig]
        command=/bin/sh -c 'trap "echo got-usr1; exit 0" USR1; echo up; while :; do sleep 0.1; done'
        stopsignal=USR1
        startsecs=0
        priority=40
        stdout_logfile=%(dir)s/sig.out

        [program:asgroup]
        command=/bin/sh -c 'sleep 1000 & echo $! > %(dir)s/asgroup.pid; wait'
        stopasgroup=true
        startsecs=0
        priority=40

        [program:nogroup]
        command=/bin/sh -c 'sleep 1000 & echo $! > %(dir)s/nogroup.pid; wait'
        startsecs=0
        priority=40

        [program:killgroup]
        command=/bin/sh -c 'trap "" TERM; sleep 1000 & echo $! > %(dir)s/killgroup.pid; wait'
        killasgroup=true
        stopwaitsecs=1
        startsecs=0
        priority=40

        [program:asgroupkill]
        command=/bin/sh -c 'trap "" TERM; sleep 1000 & echo $! > %(dir)s/asgroupkill.pid; wait'
        stopasgroup=true
        stopwaitsecs=1
        startsecs=0
        priority=40

        [program:expected]
        command=/bin/sh -c 'sleep 0.2; exit 3'
        exitcodes=0,3
        startsecs=0
        priority=40

        [program:unexpected]
        command=/bin/sh -c '[ -e %(dir)s/unexpected.mark ] && exec sleep 1000; touch %(dir)s/unexpected.mark; exit 4'
        exitcodes=0,3
        startsecs=0
        priority=40

        [program:always]
        command=/bin/sh -c '[ -e %(dir)s/always.mark ] && exec sleep 1000; touch %(dir)s/always.mark; exit 0'
        autorestart=true
        startsecs=0
        priority=40

        [program:never]
        command=/bin/sh -c 'sleep 0.2; exit 4'
        autorestart=false
        startsecs=0
        priority=40

        [program:short]
        command=/bin/sh -c 'sleep 0.3'
        startsecs=2
        startretries=1
        priority=40

        [program:manual]
        command=/bin/sleep 1000
        autostart=false
        """

    /// stopsignal, stopasgroup, killasgroup, stopwaitsecs, exitcodes, autorestart, startsecs, startretries,
    /// autostart, and the start and shutdown order by priority (programs, a group, an event listener).
    @Test(arguments: DaemonKind.allCases)
    func stopsExitsRestartsAndPriorities(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.lifecyclePrograms)
            d.waitFor("RUNNING", "lst", "grp:g1", "grp:g2", "p10", "p20", "p30", "sig", "asgroup", "nogroup", "killgroup",
                      "asgroupkill", "unexpected", "always")
            d.waitFor("EXITED", "expected", "never")
            d.waitFor("FATAL", "short", timeout: .seconds(30))
            d.waitFor("STOPPED", "manual")
            func grandchild(_ name: String) -> pid_t {
                var pid: pid_t = 0
                d.expect(eventually { pid = pid_t(d.read(name + ".pid").trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0; return pid > 0 })
                return pid
            }
            let grandchildren = ["asgroup", "nogroup", "killgroup", "asgroupkill"].map { ($0, grandchild($0)) }
            d.expect(eventually { d.read("sig.out") == "up\n" })
            for name in ["sig", "asgroup", "nogroup", "killgroup", "asgroupkill"] {
                _ = d.call("supervisor.stopProcess", .string(name), true)
            }
            var t = Transcript(d)
            t.note("sig.out: \(d.read("sig.out").replacingOccurrences(of: "\n", with: "|"))")
            for (name, pid) in grandchildren {
                let gone = eventually(timeout: .seconds(2)) { !CompatDaemon.isLive(pid) }
                let alive = gone ? "gone" : "alive"
                t.note("\(name) grandchild: \(alive)")
                if CompatDaemon.isLive(pid) { kill(pid, SIGKILL) }
            }
            for name in ["expected", "never", "short"] {
                let info = d.call("supervisor.getProcessInfo", .string(name))
                t.note("\(name): \(info["statename"]?.stringValue ?? "?") exitstatus \(info["exitstatus"]?.intValue ?? -1)")
            }
            _ = d.call("supervisor.shutdown")
            d.expect(d.process?.wait(timeout: .seconds(30)) == 0, "supervisord did not exit 0 after shutdown")
            let log = d.read(d.mainLog)
            t.note("start order: \(Self.order(of: "spawned", in: log, among: ["lst", "g1", "g2", "p10", "p20", "p30"]))")
            let stopOrder = Self.order(of: "stopped", in: log, among: ["lst", "g1", "g2", "p10", "p20", "p30"])
                .map { $0.hasPrefix("g") ? "grp" : $0 }
            t.note("stop order: \(stopOrder.enumerated().filter { !stopOrder[..<$0.offset].contains($0.element) }.map(\.element))")
            let lines = Self.linesByProcess(log)
            let slowStops: Set = ["killgroup", "asgroupkill"]
            for name in ["sig", "asgroup", "nogroup", "killgroup", "asgroupkill", "expected", "unexpected", "always", "never", "short", "manual"] {
                t.note("[\(name)]")
                // Supervisor logs "waiting for x to stop" for a waited stop only when the process is still
                // STOPPING at its next poll, which for a child that dies at once on the signal depends on timing;
                // ours logs it at once. The stops that end in SIGKILL take a second in both.
                for line in lines[name] ?? [] where slowStops.contains(name) || !line.contains("waiting for") {
                    t.note(line)
                }
            }
            t.check("""
                sig.out: up|got-usr1|
                asgroup grandchild: gone
                nogroup grandchild: alive
                killgroup grandchild: gone
                asgroupkill grandchild: gone
                expected: EXITED exitstatus 3
                never: EXITED exitstatus 4
                short: FATAL exitstatus 0
                start order: ["lst", "g1", "g2", "p10", "p20", "p30"]
                stop order: ["p30", "p20", "p10", "grp", "lst"]
                [sig]
                INFO spawned: 'sig' with PID
                INFO stopped: sig (exit status 0)
                [asgroup]
                INFO spawned: 'asgroup' with PID
                WARN stopped: asgroup (terminated by SIGTERM)
                [nogroup]
                INFO spawned: 'nogroup' with PID
                WARN stopped: nogroup (terminated by SIGTERM)
                [killgroup]
                INFO spawned: 'killgroup' with PID
                INFO waiting for killgroup to stop
                WARN killing 'killgroup' PID with SIGKILL
                WARN stopped: killgroup (terminated by SIGKILL)
                [asgroupkill]
                INFO spawned: 'asgroupkill' with PID
                INFO waiting for asgroupkill to stop
                WARN killing 'asgroupkill' PID with SIGKILL
                WARN stopped: asgroupkill (terminated by SIGKILL)
                [expected]
                INFO spawned: 'expected' with PID
                INFO exited: expected (exit status 3; expected)
                [unexpected]
                INFO spawned: 'unexpected' with PID
                WARN exited: unexpected (exit status 4; not expected)
                INFO spawned: 'unexpected' with PID
                WARN stopped: unexpected (terminated by SIGTERM)
                [always]
                INFO spawned: 'always' with PID
                INFO exited: always (exit status 0; expected)
                INFO spawned: 'always' with PID
                WARN stopped: always (terminated by SIGTERM)
                [never]
                INFO spawned: 'never' with PID
                WARN exited: never (exit status 4; not expected)
                [short]
                INFO spawned: 'short' with PID
                WARN exited: short (exit status 0; not expected)
                INFO spawned: 'short' with PID
                WARN exited: short (exit status 0; not expected)
                INFO gave up: short entered FATAL state, too many start retries too quickly
                [manual]
                """, "stopsExitsRestartsAndPriorities")
            return d
        }
    }

    /// `[unix_http_server]` chmod, chown, username and a `{SHA}` password; `[supervisord]` loglevel, pidfile,
    /// nodaemon, silent, nocleanup; the `[supervisorctl]` keys as both supervisorctls read them.
    @Test(arguments: DaemonKind.allCases)
    func unixServerAuthModeOwnerAndLogLevel(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(
                kind, """
                    [program:quiet]
                    command=/bin/sleep 1000
                    startsecs=0
                    """,
                supervisord: "loglevel=warn\nnodaemon=true\nsilent=true\nnocleanup=true",
                unixServer: """
                    chmod=0660
                    chown=www-data:www-data
                    username=alice
                    password={SHA}e5e9fa1ba31ecd1ae84f75caaa474f3a663f05f4
                    """,
                credentials: ("alice", "secret"), daemonize: true,
                prepare: { d in _ = FileManager.default.createFile(atPath: d.dir + "/old---supervisor-ABC.log", contents: nil) })
            d.waitFor("RUNNING", "quiet")
            var t = Transcript(d)
            var info = stat()
            stat(d.socketPath, &info)
            t.note("socket mode \(String(info.st_mode & 0o7777, radix: 8)) owner \(info.st_uid):\(info.st_gid)")
            let body = "<?xml version='1.0'?><methodCall><methodName>supervisor.getState</methodName><params></params></methodCall>"
            func post(_ headers: [String]) -> String {
                guard let response = try? rawHTTP(socketPath: d.socketPath, "POST", "/RPC2", headers: headers, body: body)
                else { return "no answer" }
                return "\(response.status)" + (response.body.contains("RUNNING") ? " RUNNING" : "")
            }
            t.note("no credentials: \(post([]))")
            let wrong = Data("alice:wrong".utf8).base64EncodedString()
            t.note("wrong password: \(post(["Authorization: Basic \(wrong)"]))")
            let right = Data("alice:secret".utf8).base64EncodedString()
            t.note("right password: \(post(["Authorization: Basic \(right)"]))")
            t.note("pidfile holds the daemon's pid: \(d.read("supervisord.pid").trimmingCharacters(in: .whitespacesAndNewlines) == "\(d.process?.pid ?? -1)")")
            t.note("nodaemon=true without -n, still in the foreground: \(d.process?.isRunning == true)")
            t.note("old AUTO log kept (nocleanup=true): \(FileManager.default.fileExists(atPath: d.dir + "/old---supervisor-ABC.log"))")
            // The [supervisorctl] keys, read by Python's supervisorctl and by ours: server URL, credentials, prompt.
            let ctls = [("python", (try? pythonBin.get()).map { $0 + "/supervisorctl" } ?? "?"),
                        ("ours", (swiftSupervisord as NSString).deletingLastPathComponent + "/supervisorctl")]
            _ = FileManager.default.createFile(atPath: d.dir + "/ctl.in", contents: Data("status\n".utf8))
            for (name, binary) in ctls {
                let conf = d.dir + "/ctl-\(name).conf"
                _ = FileManager.default.createFile(atPath: conf, contents: Data("""
                    [supervisorctl]
                    serverurl=unix://\(d.socketPath)
                    username=alice
                    password=secret
                    prompt=mine

                    """.utf8))
                let out = d.dir + "/ctl-\(name).out"
                let ctl = try? ChildProcess([binary, "-c", conf], stdinPath: d.dir + "/ctl.in", stdoutPath: out, stderrPath: out)
                let status = ctl?.wait(timeout: .seconds(30))
                t.note("\(name) supervisorctl (exit \(status.map(String.init) ?? "none")): \(mask(d.read(out)).replacingOccurrences(of: "\n", with: "|"))")
            }
            _ = d.call("supervisor.shutdown")
            d.expect(d.process?.wait(timeout: .seconds(30)) == 0, "supervisord did not exit 0 after shutdown")
            t.note("stdout with nodaemon=true and silent=true: \(d.read("daemon.out").isEmpty ? "empty" : d.read("daemon.out"))")
            t.note("[main log at loglevel=warn]")
            t.note(mask(d.read(d.mainLog)).replacingOccurrences(of: #"(?m)^TIME "#, with: "", options: .regularExpression))
            t.check("""
                socket mode 660 owner 33:33
                no credentials: 401
                wrong password: 401
                right password: 200 RUNNING
                pidfile holds the daemon's pid: true
                nodaemon=true without -n, still in the foreground: true
                old AUTO log kept (nocleanup=true): true
                python supervisorctl (exit 0): quiet                            RUNNING   pid PID, uptime UPTIME|mine> quiet                            RUNNING   pid PID, uptime UPTIME|mine> |
                ours supervisorctl (exit 0): quiet                            RUNNING   pid PID, uptime UPTIME|mine> quiet                            RUNNING   pid PID, uptime UPTIME|mine> |
                stdout with nodaemon=true and silent=true: empty
                [main log at loglevel=warn]
                CRIT Supervisor is running as root.  Privileges were not dropped because no user is specified in the config file.  If you intend to run as root, you can set user=root in the config file to avoid this message.
                WARN stopped: quiet (terminated by SIGTERM)
                """, "unixServerAuthModeOwnerAndLogLevel")
            return d
        }
    }

    /// supervisord's flags that stand for `[supervisord]` keys win over the config file's values.
    @Test(arguments: DaemonKind.allCases)
    func commandLineFlagsOverrideTheirKeys(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(
                kind, """
                    [program:flags]
                    command=/bin/sh -c 'printf "\\033[32mgreen\\033[0m\\n"; grep -E "^Max (open files|processes)" /proc/$$/limits | tr -s " "'
                    startsecs=0
                    autorestart=false
                    """,
                supervisord: "identifier=fromfile\nminfds=600\nminprocs=300",
                shellPrefix: "ulimit -Sn 512; ulimit -Sp 200",
                arguments: [
                    "-i", "cli", "-e", "warn", "-t", "-k", "-q", "%(dir)s/logs", "-a", "1500", "--minprocs=700",
                    "-j", "%(dir)s/cli.pid", "-s", "-l", "%(dir)s/cli.log",
                ],
                prepare: { d in
                    try? FileManager.default.createDirectory(atPath: d.dir + "/logs", withIntermediateDirectories: true)
                    _ = FileManager.default.createFile(atPath: d.dir + "/logs/old---cli-ABC123.log", contents: Data("x".utf8))
                })
            d.waitFor("EXITED", "flags")
            var t = Transcript(d)
            t.note("identification: \(d.call("supervisor.getIdentification").stringValue ?? "?")")
            let path = d.call("supervisor.getProcessInfo", "flags")["stdout_logfile"]?.stringValue ?? ""
            t.note("stdout_logfile: \(mask(path).replacingOccurrences(of: #"flags-stdout---cli-\w+\.log"#, with: "flags-stdout---cli-RANDOM.log", options: .regularExpression))")
            t.note(Self.maskReport(d.read(path)))
            t.note("old log kept: \(FileManager.default.fileExists(atPath: d.dir + "/logs/old---cli-ABC123.log"))")
            t.note("pid file: \(d.read("cli.pid").trimmingCharacters(in: .whitespacesAndNewlines) == "\(d.process?.pid ?? -1)")")
            _ = d.call("supervisor.shutdown")
            d.expect(d.process?.wait(timeout: .seconds(30)) == 0, "supervisord did not exit 0 after shutdown")
            t.note("stdout of supervisord -n -s: \(d.read("daemon.out").isEmpty ? "empty" : d.read("daemon.out"))")
            t.note("config's logfile written: \(FileManager.default.fileExists(atPath: d.mainLog))")
            t.note("[main log (-l) at -e warn]")
            t.note(mask(d.read("cli.log")).replacingOccurrences(of: #"(?m)^TIME "#, with: "", options: .regularExpression))
            t.check("""
                identification: cli
                stdout_logfile: DIR/logs/flags-stdout---cli-RANDOM.log
                green
                Max processes 700 HARD processes
                Max open files 1500 HARD files
                old log kept: true
                pid file: true
                stdout of supervisord -n -s: empty
                config's logfile written: false
                [main log (-l) at -e warn]
                CRIT Supervisor is running as root.  Privileges were not dropped because no user is specified in the config file.  If you intend to run as root, you can set user=root in the config file to avoid this message.
                CRIT Server 'unix_http_server' running without any HTTP authentication checking
                """, "commandLineFlagsOverrideTheirKeys")
            return d
        }
    }

    /// `[supervisord] user`, `umask` and `directory` (or `-u`, `-m`, `-d`): the daemon runs as the user, and when
    /// it daemonizes its children start in that directory with that umask.
    @Test(arguments: DaemonKind.allCases, [false, true])
    func daemonUserUmaskAndDirectory(_ kind: DaemonKind, viaFlags: Bool) async throws {
        try await scenario {
            let d = try CompatDaemon(
                kind, """
                    [program:child]
                    command=/bin/sh -c 'echo uid=$(id -u) gid=$(id -g) groups=$(id -G) umask=$(umask) cwd=$(pwd)'
                    startsecs=0
                    autorestart=false
                    stdout_logfile=%(dir)s/child.out
                    """,
                supervisord: viaFlags ? "" : "user=www-data\numask=027\ndirectory=%(dir)s/work",
                shellPrefix: "umask 022",
                arguments: viaFlags ? ["-u", "www-data", "-m", "027", "-d", "%(dir)s/work"] : [],
                daemonize: true,
                prepare: { d in
                    try? FileManager.default.createDirectory(atPath: d.dir + "/work", withIntermediateDirectories: true)
                    chmod(d.dir, 0o777)
                    chmod(d.dir + "/work", 0o755)
                })
            d.waitFor("EXITED", "child")
            var t = Transcript(d)
            t.note(mask(d.read("child.out")))
            for file in ["s.sock", "supervisord.log", "supervisord.pid", "child.out"] {
                var info = stat()
                stat(d.dir + "/" + file, &info)
                t.note("\(file) owner \(info.st_uid):\(info.st_gid) mode \(String(info.st_mode & 0o777, radix: 8))")
            }
            t.check("""
                uid=33 gid=33 groups=33 umask=0027 cwd=DIR/work
                s.sock owner 33:33 mode 700
                supervisord.log owner 33:33 mode 644
                supervisord.pid owner 33:33 mode 640
                child.out owner 33:33 mode 640
                """, "daemonUserUmaskAndDirectory-\(viaFlags ? "flags" : "keys")")
            return d
        }
    }

    /// The main log's lines about one process each (`spawned: 'x'`, `exited: x`, `killing 'x'`, ...), without
    /// time stamps and pids, and without `success:` (whether a program with `startsecs=0` that exits at once
    /// reaches RUNNING before its exit is noticed depends on the timing, in Supervisor too).
    static func linesByProcess(_ log: String) -> [String: [String]] {
        var result: [String: [String]] = [:]
        let patterns = [
            #"spawned: '([^']+)'"#, #"(?:exited|stopped|gave up): (\S+) "#, #"waiting for (\S+) to stop"#,
            #"killing '([^']+)'"#,
        ]
        for line in log.split(separator: "\n").map(String.init) {
            let text = line.replacingOccurrences(of: #"^\S+ \S+ "#, with: "", options: .regularExpression)
                .replacingOccurrences(of: #"pid \d+|\(\d+\)"#, with: "PID", options: .regularExpression)
            for pattern in patterns {
                guard let regex = try? NSRegularExpression(pattern: pattern),
                    let match = regex.firstMatch(in: text, range: NSRange(text.startIndex..., in: text)),
                    let range = Range(match.range(at: 1), in: text)
                else { continue }
                result[String(text[range]), default: []].append(text)
                break
            }
        }
        return result
    }

    /// The order in which `names` first appear in `event` lines (`spawned: 'x'`, `stopped: x`) of the main log.
    static func order(of event: String, in log: String, among names: [String]) -> [String] {
        var seen: [String] = []
        for line in log.split(separator: "\n") {
            guard let range = line.range(of: event + ": ") else { continue }
            let name = line[range.upperBound...].split(separator: " ").first.map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "'")) } ?? ""
            if names.contains(name), !seen.contains(name) { seen.append(name) }
        }
        return seen
    }

    /// Masks what differs between runs and machines: the temp dir, the host name, the hard limits. HOME, USER and
    /// LOGNAME lines are dropped when they are the test runner's (a daemon that set them would show).
    static func maskReport(_ text: String) -> String {
        var s = mask(text)
        var host = [CChar](repeating: 0, count: 256)
        gethostname(&host, host.count)
        let hostName = String(decoding: host.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
        if !hostName.isEmpty { s = s.replacingOccurrences(of: " \(hostName) ", with: " HOST ") }
        let environment = ProcessInfo.processInfo.environment
        if let home = environment["HOME"] { s = s.replacingOccurrences(of: "C=\(home)\n", with: "C=$HOME\n") }
        for name in ["HOME", "USER", "LOGNAME"] {
            if let value = environment[name] {
                s = s.replacingOccurrences(of: "\n\(name)=\(value)\n", with: "\n")
            }
        }
        return s.replacingOccurrences(
            of: #"(?m)^(Max [a-z ]+ \d+) \d+ (\w+) $"#, with: "$1 HARD $2", options: .regularExpression)
    }
}
