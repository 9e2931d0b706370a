import Foundation
import Testing
import XMLRPC

/// `stdout_syslog`/`stderr_syslog` (and the deprecated `*_logfile=syslog`) and `logfile=syslog`, against both
/// daemons, with a real `/dev/log` receiver (``SyslogReceiver``). Children are `cat`s fed through
/// `sendProcessStdin` and each step waits for its messages, so every chunk of output is read whole.
@Suite(.enabled(if: SyslogReceiver.available, "needs root, /usr/bin/unshare and overlayfs for a private /dev/log"))
struct ChildSyslogTests {
    static let programs = """
        [program:out]
        command=/bin/cat
        startsecs=0
        stdout_syslog=true
        stdout_logfile=%(dir)s/out.log

        [program:err]
        command=/bin/sh -c 'exec /bin/cat >&2'
        startsecs=0
        stderr_syslog=true
        stdout_logfile=NONE
        stderr_logfile=NONE

        [program:old]
        command=/bin/cat
        startsecs=0
        stdout_logfile=syslog

        [program:cap]
        command=/bin/cat
        startsecs=0
        stdout_syslog=true
        stdout_logfile=%(dir)s/cap.log
        stdout_capture_maxbytes=1MB

        [program:plain]
        command=/bin/cat
        startsecs=0
        stdout_logfile=%(dir)s/plain.log
        """

    @Test(arguments: DaemonKind.allCases)
    func childOutputLinesGoToSyslog(_ kind: DaemonKind) async throws {
        try await scenario {
            let receiver = try SyslogReceiver()
            defer { receiver.stop() }
            let d = try CompatDaemon(kind, Self.programs, launchPrefix: receiver.launchPrefix)
            d.waitFor("RUNNING", "out", "err", "old", "cap", "plain")
            // No *_syslog: the file only.
            _ = d.call("supervisor.sendProcessStdin", "plain", "quiet\n")
            d.expect(eventually { d.read("plain.log") == "quiet\n" }, "plain.log: \(d.read("plain.log"))")

            var expected: [String] = []
            func step(_ name: String, _ input: String, _ lines: [String], line: Int = #line) {
                _ = d.call("supervisor.sendProcessStdin", .string(name), .string(input))
                expected += lines.map { "<14>TIME supervisord: \($0)" }
                let ok = eventually { Self.masked(receiver.messages) == expected }
                d.expect(ok, "after \(input.debugDescription) to \(name): \(receiver.messages)", line: line)
            }
            step("out", "a\n", ["out a"])
            step("out", "b\nc\n", ["out b", "out c"])
            step("out", "\n\n", ["out "])
            step("out", "x\n\ny\n", ["out x", "out ", "out y"])
            step("out", "tab\there", ["out tab\there"])
            step("out", "100% %s %(message)s\n", ["out 100% %s %(message)s"])
            step("err", "e1\ne2\n", ["err e1", "err e2"])
            step("old", "deprecated\n", ["old deprecated"])
            // Captured output is not logged (neither file nor syslog); what surrounds it is.
            step("cap", "before\n<!--XSUPERVISOR:BEGIN-->captured\n<!--XSUPERVISOR:END-->after the capture block has ended\n",
                 ["cap before", "cap after the capture block has ended"])

            d.expect(d.read("out.log") == "a\nb\nc\n\n\nx\n\ny\ntab\there100% %s %(message)s\n",
                     "out.log: \(d.read("out.log").debugDescription)")
            d.expect(d.read("cap.log") == "before\nafter the capture block has ended\n", "cap.log: \(d.read("cap.log"))")
            d.expect(d.read(d.mainLog).contains(
                "WARN For [program:old], stdout_logfile=syslog but this is deprecated and will be removed.  Use "
                    + "stdout_syslog=true to enable syslog instead.\n"), "main log: \(d.read(d.mainLog))")
            let problems = d.stop()
            for problem in problems { d.expect(false, problem) }
            d.expect(!receiver.messages.contains { $0.contains("quiet") }, "\(receiver.messages)")
            return d
        }
    }

    @Test(arguments: DaemonKind.allCases)
    func mainLogAndChildOutputShareSyslog(_ kind: DaemonKind) async throws {
        try await scenario {
            let receiver = try SyslogReceiver()
            defer { receiver.stop() }
            let d = try CompatDaemon(kind, """
                [program:out]
                command=/bin/cat
                startsecs=0
                stdout_syslog=true
                stdout_logfile=NONE
                """, logfile: "syslog", launchPrefix: receiver.launchPrefix)
            d.waitFor("RUNNING", "out")
            _ = d.call("supervisor.sendProcessStdin", "out", "hello\n")
            // Every line of the main log, formatted as in the file, then the child's line: one ident, no pid,
            // facility user, priority info for both.
            let wanted = [
                "CRIT Supervisor is running as root.  Privileges were not dropped because no user is specified in the "
                    + "config file.  If you intend to run as root, you can set user=root in the config file to avoid "
                    + "this message.",
                "INFO RPC interface 'supervisor' initialized",
                "CRIT Server 'unix_http_server' running without any HTTP authentication checking",
                "INFO supervisord started with pid PID",
                "INFO spawned: 'out' with pid PID",
                "INFO success: out entered RUNNING state, process has stayed up for > than 0 seconds (startsecs)",
            ].map { "<14>TIME supervisord: TIME \($0)\n" } + ["<14>TIME supervisord: out hello"]
            let ok = eventually { Self.masked(receiver.messages) == wanted }
            d.expect(ok, "\(Self.masked(receiver.messages)) is not \(wanted)")
            let problems = d.stop()
            for problem in problems { d.expect(false, problem) }
            return d
        }
    }

    @Test(arguments: DaemonKind.allCases)
    func withoutDevLogTheLinesAreDroppedAndTheFileWritten(_ kind: DaemonKind) async throws {
        try await scenario {
            let receiver = try SyslogReceiver()
            defer { receiver.stop() }
            let d = try CompatDaemon(kind, """
                [program:out]
                command=/bin/cat
                startsecs=0
                stdout_syslog=true
                stdout_logfile=%(dir)s/out.log
                """, launchPrefix: receiver.launchPrefix(devLog: false))
            d.waitFor("RUNNING", "out")
            var written = ""
            for i in 0..<50 {
                _ = d.call("supervisor.sendProcessStdin", "out", .string("line \(i)\nmore \(i)\n"))
                written += "line \(i)\nmore \(i)\n"
            }
            d.expect(eventually { d.read("out.log") == written }, "out.log: \(d.read("out.log"))")
            d.expect(d.state("out") == "RUNNING")
            let problems = d.stop()
            for problem in problems { d.expect(false, problem) }
            d.expect(receiver.messages.isEmpty, "\(receiver.messages)")
            return d
        }
    }

    /// The syslog header's time (`<PRI>Mmm dd hh:mm:ss `) and the harness's masks (log times, pids).
    static func masked(_ messages: [String]) -> [String] {
        messages.map {
            mask($0.replacingOccurrences(
                of: #"^<14>[A-Z][a-z]{2} [ 1-3]\d \d\d:\d\d:\d\d "#, with: "<14>TIME ", options: .regularExpression))
        }
    }
}
