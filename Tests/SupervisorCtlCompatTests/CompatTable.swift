import Foundation

/// The programs every comparison daemon runs (given its directory).
func compatPrograms(_ dir: String) -> String {
    """
    [program:sleeper]
    command=sleep 1000
    autostart=false
    startsecs=0
    stopwaitsecs=2

    [program:echoer]
    command=/bin/sh -c 'echo out1; echo out2; echo err1 >&2; exec sleep 1000'
    startsecs=0
    stopwaitsecs=2
    stdout_logfile=\(dir)/echoer.out
    stderr_logfile=\(dir)/echoer.err

    [program:web]
    command=sleep 1000
    numprocs=2
    process_name=%(program_name)s_%(process_num)02d
    startsecs=0
    stopwaitsecs=2

    [program:failer]
    command=/bin/false
    autostart=false
    startsecs=1
    startretries=0

    [program:nofile]
    command=/nonexistent/bin
    autostart=false

    [program:notexec]
    command=\(dir)/notexec
    autostart=false

    [program:nolog]
    command=sleep 1000
    autostart=false
    startsecs=0
    stopwaitsecs=2
    stdout_logfile=NONE

    [program:slow]
    command=sleep 1000
    autostart=false
    startsecs=3
    stopwaitsecs=2

    [program:cat]
    command=cat
    startsecs=0
    stopwaitsecs=2

    [program:clearme]
    command=/bin/sh -c 'echo hello; exec sleep 1000'
    startsecs=0
    stopwaitsecs=2

    [group:grp]
    programs=g1,g2
    priority=50

    [program:g1]
    command=sleep 1000
    autostart=false
    startsecs=0
    stopwaitsecs=2

    [program:g2]
    command=sleep 1000
    autostart=false
    startsecs=0
    stopwaitsecs=2
    priority=10

    """
}

/// A program the config rows add, change and remove.
let newProgram = "[program:newprog]\ncommand=sleep 1000\nautostart=false\nstartsecs=0\nstopwaitsecs=2\n"
let changedProgram = "[program:newprog]\ncommand=sleep 999\nautostart=false\nstartsecs=0\nstopwaitsecs=2\n"

/// Every command the table runs, in order. Rows that change state establish their preconditions first.
let compatTable: [CompatRow] = optionRows + statusRows + processRows + logRows + configRows + daemonRows
    + connectionRows + shellRows + lateRows

private let helpIsSupervisorsPlusExitStatuses = Improvement(
    description: "-h adds the exit statuses after Supervisor's text (STYLE.md §4)"
) { python, ours in
    ours.status == python.status && ours.stderr == python.stderr && ours.stdout.hasPrefix(python.stdout)
        && ours.stdout.dropFirst(python.stdout.count).hasPrefix("Exit status")
}

private let optionRows: [CompatRow] = [
    CompatRow("-h", improvement: helpIsSupervisorsPlusExitStatuses),
    CompatRow("--help", improvement: helpIsSupervisorsPlusExitStatuses),
    CompatRow("-? status", improvement: helpIsSupervisorsPlusExitStatuses),
    CompatRow("-x"),
    CompatRow("-c"),
    CompatRow("--foo"),
    CompatRow("--help=3"),
    CompatRow("--h"),
    CompatRow("--serverurl"),
    CompatRow("--history-file=x status"),
    CompatRow("-c /nonexistent/sc.conf status"),
    CompatRow("-c {conf} -u a -u b status"),
    CompatRow("-i -i status"),
    CompatRow("-s foo status"),
    CompatRow("-s unix:// status"),
    CompatRow("-c {dir}/nosection.conf status"),
    CompatRow("-c {dir}/unixonly.conf version"),
    CompatRow("--serv={unix} --config={conf} version"),
    CompatRow("-c {conf} -i version"),
    CompatRow("status", setup: [.baseline], inDaemonDirectory: true),
    CompatRow(
        "-c {dir}/badsyntax.conf status",
        improvement: Improvement(
            description: "a config file with a syntax error is a usage error (exit 2), not a Python traceback"
        ) { python, ours in
            python.stderr.contains("Traceback") && python.stderr.contains("MissingSectionHeaderError")
                && ours.status == 2 && ours.stdout.isEmpty
                && ours.stderr.hasPrefix("Error: File contains no section headers.")
                && ours.stderr.hasSuffix("For help, use supervisorctl -h\n")
        }),
]

private let statusRows: [CompatRow] = [
    CompatRow("-c {conf} status", setup: [.baseline]),
    CompatRow("-c {conf} status all"),
    CompatRow("-c {conf} status echoer"),
    CompatRow("-c {conf} status web:*"),
    CompatRow("-c {conf} status web:"),
    CompatRow("-c {conf} status grp:*"),
    CompatRow("-c {conf} status foo"),
    CompatRow("-c {conf} status bar:*"),
    CompatRow("-c {conf} status web:nope"),
    CompatRow("-c {conf} status web"),
    CompatRow("-c {conf} status web:web_00 foo echoer web:web_00"),
    CompatRow("-c {conf} status sleeper"),
    CompatRow("-c {conf} status foo sleeper"),
    CompatRow("-c {conf} status all foo"),
    CompatRow("-s {http} -u user -p pw status"),
    CompatRow("-s {unix} status echoer cat"),
    CompatRow("-s {http} -u user -p pw start sleeper", setup: [.stopped(["sleeper"])]),
    CompatRow("-s {http} -u user -p pw stop sleeper web:*", setup: [.running(["sleeper"]), .baseline],
              masking: Masking(sortLines: true)),
    CompatRow("-s {http} -u user -p pw tail echoer stderr", setup: [.baseline]),
]

private let processRows: [CompatRow] = [
    CompatRow("-c {conf} start"),
    CompatRow("-c {conf} start foo:*"),
    CompatRow("-c {conf} start foo:bar"),
    CompatRow("-c {conf} start foo"),
    CompatRow("-c {conf} start nofile"),
    CompatRow("-c {conf} start notexec"),
    CompatRow("-c {conf} start failer"),
    CompatRow("-c {conf} start sleeper", setup: [.stopped(["sleeper"])]),
    CompatRow("-c {conf} start sleeper sleeper", setup: [.stopped(["sleeper"])]),
    CompatRow("-c {conf} start web:*"),
    CompatRow("-c {conf} start grp:*", setup: [.stopped(["grp:g1", "grp:g2"])]),
    CompatRow("-c {conf} start echoer web:web_00 nofile"),
    CompatRow("-c {conf} stop"),
    CompatRow("-c {conf} stop sleeper", setup: [.running(["sleeper"])]),
    CompatRow("-c {conf} stop sleeper", setup: [.stopped(["sleeper"])]),
    CompatRow("-c {conf} stop foo"),
    CompatRow("-c {conf} stop foo:*"),
    CompatRow("-c {conf} stop grp:*", setup: [.running(["grp:g1"]), .stopped(["grp:g2"])],
              masking: Masking(sortLines: true)),
    CompatRow("-c {conf} stop web:web_01 sleeper", setup: [.running(["web:web_01"]), .stopped(["sleeper"])]),
    CompatRow("-c {conf} restart"),
    CompatRow("-c {conf} restart sleeper", setup: [.running(["sleeper"])]),
    CompatRow("-c {conf} restart web:*", setup: [.running(["web:web_00", "web:web_01"])], masking: Masking(sortLines: true)),
    CompatRow("-c {conf} restart foo"),
    CompatRow("-c {conf} signal"),
    CompatRow("-c {conf} signal HUP"),
    CompatRow("-c {conf} signal CONT sleeper", setup: [.running(["sleeper"])]),
    CompatRow("-c {conf} signal FOO sleeper"),
    CompatRow("-c {conf} signal HUP nofile"),
    CompatRow("-c {conf} signal HUP foo:*"),
    CompatRow("-c {conf} signal HUP foo"),
    CompatRow("-c {conf} signal CONT web:*", masking: Masking(sortLines: true)),
    CompatRow("-c {conf} signal 18 echoer web:web_00"),
    CompatRow("-c {conf} pid"),
    CompatRow("-c {conf} pid all", setup: [.baseline], masking: Masking(digitLines: true)),
    CompatRow("-c {conf} pid echoer", masking: Masking(digitLines: true)),
    CompatRow("-c {conf} pid nofile"),
    CompatRow("-c {conf} pid foo"),
    CompatRow("-c {conf} pid echoer foo nofile", masking: Masking(digitLines: true)),
    CompatRow("-c {conf} fg"),
    CompatRow("-c {conf} fg a b"),
    CompatRow("-c {conf} fg foo"),
    CompatRow("-c {conf} fg nofile"),
]

private let logRows: [CompatRow] = [
    CompatRow("-c {conf} tail", setup: [.baseline]),
    CompatRow("-c {conf} tail -x echoer"),
    CompatRow("-c {conf} tail echoer bad"),
    CompatRow("-c {conf} tail -f"),
    CompatRow("-c {conf} tail a b c d"),
    CompatRow("-c {conf} tail echoer"),
    CompatRow("-c {conf} tail echoer stderr"),
    CompatRow("-c {conf} tail echoer STDERR"),
    CompatRow("-c {conf} tail -5 echoer"),
    CompatRow("-c {conf} tail --3 echoer"),
    CompatRow("-c {conf} tail -1_0 echoer"),
    CompatRow("-c {conf} tail -f- echoer"),
    CompatRow("-c {conf} tail -99999999999 echoer"),
    CompatRow("-c {conf} tail foo"),
    CompatRow("-c {conf} tail nolog"),
    CompatRow("-c {conf} tail echoer extra stderr"),
    CompatRow("-c {conf} tail -f echoer", interrupt: .whenOutputContains("out2")),
    CompatRow("-c {conf} tail -f echoer stderr", interrupt: .whenOutputContains("err1")),
    CompatRow("-c {conf} tail -f foo"),
    CompatRow("-s {http} -u user -p pw tail -f echoer", interrupt: .whenOutputContains("out2")),
    CompatRow("-c {conf} maintail -x"),
    CompatRow("-c {conf} maintail a b"),
    CompatRow("-c {conf} maintail foo"),
    CompatRow("-c {conf} maintail -300", setup: [.baseline]),
    CompatRow("-c {conf} maintail", setup: [.baseline]),
    CompatRow("-c {conf} maintail -f", setup: [.baseline], interrupt: .whenOutputContains("RUNNING state")),
    CompatRow("-c {conf} clear"),
    CompatRow("-c {conf} clear foo"),
    CompatRow("-c {conf} clear web:*"),
    CompatRow("-c {conf} clear clearme"),
    CompatRow("-c {conf} clear nolog"),
    CompatRow("-c {conf} clear clearme foo web:web_00"),
]

private let configRows: [CompatRow] = [
    CompatRow("-c {conf} reread x"),
    CompatRow("-c {conf} reread", setup: [.config(applied: "", written: "")]),
    CompatRow("-c {conf} reread", setup: [.config(applied: "", written: newProgram)]),
    CompatRow("-c {conf} reread", setup: [.config(applied: newProgram, written: changedProgram)]),
    CompatRow("-c {conf} reread", setup: [.config(applied: newProgram, written: "")]),
    CompatRow("-c {conf} update", setup: [.config(applied: "", written: "")]),
    CompatRow("-c {conf} update", setup: [.config(applied: "", written: newProgram)]),
    CompatRow("-c {conf} update all", setup: [.config(applied: "", written: newProgram)]),
    CompatRow("-c {conf} update newprog", setup: [.config(applied: "", written: newProgram)]),
    CompatRow("-c {conf} update foo", setup: [.config(applied: "", written: newProgram)]),
    CompatRow("-c {conf} update sleeper", setup: [.config(applied: "", written: newProgram)]),
    CompatRow("-c {conf} update", setup: [.config(applied: newProgram, written: changedProgram)]),
    CompatRow("-c {conf} update", setup: [.config(applied: newProgram, written: "")]),
    CompatRow("-c {conf} avail", setup: [.config(applied: "", written: "")]),
    CompatRow("-c {conf} avail x"),
    CompatRow("-c {conf} avail", setup: [.config(applied: "", written: ""), .reread(newProgram)]),
    CompatRow("-c {conf} add", setup: [.config(applied: "", written: "")]),
    CompatRow("-c {conf} add foo"),
    CompatRow("-c {conf} add sleeper"),
    CompatRow("-c {conf} add newprog foo", setup: [.config(applied: "", written: ""), .reread(newProgram)]),
    CompatRow("-c {conf} remove"),
    CompatRow("-c {conf} remove foo"),
    CompatRow("-c {conf} remove sleeper", setup: [.running(["sleeper"])]),
    CompatRow("-c {conf} remove newprog", setup: [.config(applied: newProgram, written: newProgram)]),
]

private let daemonRows: [CompatRow] = [
    CompatRow("-c {conf} version", setup: [.config(applied: "", written: "")]),
    CompatRow("-c {conf} version x"),
    CompatRow("-c {conf} reload x"),
    CompatRow("-c {conf} shutdown x"),
    CompatRow("-c {conf} open foo"),
    CompatRow("-c {conf} open ftp://x"),
    CompatRow("-c {conf} open {unix}"),
    CompatRow("-c {conf} open {refused}"),
    CompatRow("-c {conf} nosuch arg"),
    CompatRow("-c {conf} sta!tus"),
    CompatRow("-c {conf} !ls"),
    CompatRow("-c {conf} EOF"),
    CompatRow("-c {conf} quit"),
    CompatRow("-c {conf} exit"),
    CompatRow("-c {conf} help"),
    CompatRow("-c {conf} ?"),
    CompatRow("-c {conf} ?status"),
    CompatRow("-c {conf} help foo"),
    CompatRow("-c {conf} help EOF"),
    CompatRow("-c {conf} help help"),
    CompatRow("-c {conf} help status extra"),
] + ["add", "avail", "clear", "exit", "fg", "maintail", "open", "pid", "quit", "reload", "remove", "reread",
     "restart", "shutdown", "signal", "start", "status", "stop", "tail", "update", "version"].map {
    CompatRow("-c {conf} help \($0)")
} + [
    CompatRow("-c {conf} -i shutdown", stdin: "n\n"),
    CompatRow("-c {conf} -i reload", stdin: "no\n"),
    CompatRow("-c {conf} -i reload"),
    CompatRow("-c {conf} reload", setup: [.daemonUp]),
    CompatRow("-c {conf} shutdown", setup: [.daemonUp]),
    CompatRow("-c {conf} -i shutdown", stdin: "yes\n", setup: [.daemonUp]),
]

private let connectionRows: [CompatRow] = [
    CompatRow("-s {refused} status", setup: [.daemonUp]),
    CompatRow("-s {refused} version"),
    CompatRow("-s {refused} pid"),
    CompatRow("-s {refused} avail"),
    CompatRow("-s {refused} reread"),
    CompatRow("-s {refused} update"),
    CompatRow("-s {refused} add x"),
    CompatRow("-s {refused} shutdown"),
    CompatRow("-s {refused} reload"),
    CompatRow("-s unix://{missing} status"),
    CompatRow("-s unix://{missing} version"),
    CompatRow("-s unix://{missing} tail -f echoer"),
    CompatRow("-s unix://{missing} avail"),
    CompatRow("-s unix://{missing} shutdown"),
    CompatRow("-s {http} status"),
    CompatRow("-s {http} -u user -p wrong version"),
    CompatRow("-s {http} -u user status"),
    CompatRow("-s {http} avail"),
    CompatRow("-s {http} shutdown"),
    CompatRow("-s {http} tail -f echoer"),
    CompatRow("-s {http} add"),
    CompatRow("-s foo://bar status"),
    CompatRow("-s localhost:9001 status"),
    CompatRow("-s http://nosuchhost.invalid:9 status"),
    CompatRow("-s {stub:notfound} status"),
    CompatRow("-s {stub:notfound} avail"),
    CompatRow(
        "-s {stub:garbage} status",
        improvement: Improvement(
            description: "an answer that is not HTTP is quoted without its line break, so the error stays on one "
                + "line (Python prints the raw line, CR LF included)"
        ) { python, ours in
            python.status == ours.status && python.stderr == ours.stderr
                && python.stdout.replacingOccurrences(of: "\r\n:", with: ":") == ours.stdout
        }),
    CompatRow("-s {stub:close} status"),
    CompatRow("-s {stub:close} version"),
    CompatRow("-s {stub:nonamespace} status"),
    CompatRow("-s {stub:nonamespace} version"),
    CompatRow("-s {stub:nonamespace} avail"),
    CompatRow("-s {stub:oldapi} version"),
    CompatRow("-s {stub:oldapi} status"),
]

private let shellRows: [CompatRow] = [
    CompatRow("-c {conf}", stdin: "version\nfoo\n\nhelp quit\n", setup: [.baseline]),
    CompatRow("-c {conf}", stdin: "status web:*\nexit\nversion\n"),
    CompatRow("-c {conf}", stdin: "start\nstatus foo\n"),
    CompatRow("-c {conf}", stdin: "shutdown\nn\nversion"),
    CompatRow("-c {conf}", stdin: "open {refused}\nversion\nopen {unix}\nversion\n"),
    CompatRow("-c {conf}", stdin: "tail echoer\n  ?tail  \n"),
    CompatRow("-s {refused}", stdin: "status\n"),
    CompatRow("-c {conf}", stdin: "reload\n"),
    CompatRow("-c {conf}", stdin: "shutdown\ny\nstatus\n", setup: [.daemonUp]),
]

/// Rows that change every process, run last.
private let lateRows: [CompatRow] = [
    CompatRow(
        "-c {conf} start slow", setup: [.daemonUp, .baseline], interrupt: .whenState("slow", "STARTING"),
        improvement: Improvement(
            description: "Ctrl-C during a command-line action ends it by SIGINT without a Python traceback"
        ) { python, ours in
            python.status == 130 && ours.status == 130 && python.stdout == ours.stdout
                && python.stderr.contains("KeyboardInterrupt") && ours.stderr.isEmpty
        }),
    CompatRow("-c {conf} start all", setup: [.baseline], masking: Masking(sortLines: true)),
    CompatRow("-c {conf} status", masking: Masking(extra: [(#"(?m)^(failer|nofile|notexec) +\w+ .*$"#, "$1 …")])),
    CompatRow("-c {conf} stop all", setup: [.baseline], masking: Masking(sortLines: true)),
    CompatRow("-c {conf} restart all", setup: [.baseline], masking: Masking(sortLines: true)),
    CompatRow("-c {conf} signal CONT all", setup: [.baseline], masking: Masking(sortLines: true)),
    CompatRow("-c {conf} clear all", setup: [.baseline]),
    CompatRow("-c {conf} tail echoer"),
]
