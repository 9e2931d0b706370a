import SupervisorClient
import Testing
import XMLRPC

@testable import SupervisorCtl

/// The controller against a scripted server: dispatch, exit statuses, the connection check and the error line.
@Suite struct ControllerTests {
    @Test func parseLineFollowsPythonsCmd() {
        #expect(Controller.parseLine("  status  web:* ").command == "status")
        #expect(Controller.parseLine("  status  web:* ").argument == "web:*")
        #expect(Controller.parseLine("?start").line == "help start")
        #expect(Controller.parseLine("!ls").command == nil)
        #expect(Controller.parseLine("sta!tus").command == "sta")
        #expect(Controller.parseLine("-x").command == "")
    }

    @Test func unknownSyntaxAndEmptyLines() {
        let f = ControllerFixture()
        #expect(f.run("").output == "")
        #expect(f.run("nosuch a b") == ("*** Unknown syntax: nosuch a b\n", 1))
        #expect(f.run("!ls").output == "*** Unknown syntax: !ls\n")
        #expect(f.run("-x").output == "*** Unknown syntax: -x\n")
        #expect(f.server.calls.isEmpty)
    }

    @Test func helpAndEOF() {
        let f = ControllerFixture()
        #expect(f.run("help help").output == HelpTexts.help + "\n")
        #expect(f.run("?status").output == HelpTexts.topics["status"]! + "\n")
        #expect(f.run("help EOF").output == "*** No help on EOF\n")
        #expect(f.run("help status extra").output == "*** No help on status extra\n")
        #expect(f.controller.runLine("EOF"))
        #expect(f.controller.runLine("quit"))
        #expect(f.controller.exitStatus == 0)
    }

    @Test func statusFiltersAndExitStatuses() {
        let f = ControllerFixture()
        f.server.processes([
            ("cat", "cat", 20, "RUNNING", "pid 1, uptime 0:00:01"),
            ("web", "web_00", 0, "STOPPED", "Not started"),
            ("web", "web_01", 20, "RUNNING", "pid 2, uptime 0:00:01"),
        ])
        #expect(f.run("status cat").status == 0)
        #expect(f.run("status web:web_01 cat").output == """
            web:web_01                       RUNNING   pid 2, uptime 0:00:01
            cat                              RUNNING   pid 1, uptime 0:00:01

            """)
        let unknown = f.run("status foo bar:* web:nope cat")
        #expect(unknown.output.hasPrefix("foo: ERROR (no such process)\nbar: ERROR (no such group)\n"
            + "web:nope: ERROR (no such process)\ncat "))
        #expect(unknown.status == 4)
        let g = ControllerFixture()
        g.server.answers = f.server.answers
        #expect(g.run("status web:* foo").status == 3)
    }

    @Test func upcheckOutcomes() {
        let mismatch = ControllerFixture()
        mismatch.server.answers["supervisor.getVersion"] = { _ in "2.0" }
        #expect(mismatch.run("version") == ("Sorry, this version of supervisorctl expects to talk to a server with "
            + "API version 3.0, but the remote version is 2.0.\n", 5))
        #expect(mismatch.run("status").status == 4)

        let noNamespace = ControllerFixture()
        noNamespace.server.answers["supervisor.getVersion"] = nil
        #expect(noNamespace.run("version").status == 3)
        #expect(noNamespace.console.stdout.hasPrefix("Sorry, supervisord responded but did not recognize"))

        let refused = ControllerFixture()
        refused.server.answers["supervisor.getVersion"] = { _ in
            throw ClientError.socket(operation: "connect", errno: 111)
        }
        #expect(refused.run("pid") == ("unix:///s.sock refused connection\n", 4))
        let missing = ControllerFixture()
        missing.server.answers["supervisor.getVersion"] = { _ in
            throw ClientError.socket(operation: "connect", errno: 2)
        }
        #expect(missing.run("start x") == ("unix:///s.sock no such file\n", 7))
        #expect(missing.run("status") == ("unix:///s.sock no such file\n", 4))
    }

    @Test func uncaughtErrorsBecomeSupervisorsErrorLine() {
        let f = ControllerFixture()
        f.server.answers["supervisor.getAllConfigInfo"] = { _ in
            throw ClientError.socket(operation: "connect", errno: 111)
        }
        let result = f.run("avail")
        #expect(result.status == 1)
        #expect(result.output.hasPrefix(
            "error: <class 'ConnectionRefusedError'>, [Errno 111] Connection refused: file: SupervisorCtl/"))

        let unknownCode = ControllerFixture()
        unknownCode.server.answers["supervisor.startProcess"] = { _ in
            throw ClientError.fault(code: 30, string: "FAILED")
        }
        #expect(unknownCode.run("start foo").output.hasPrefix(
            "error: <class 'ValueError'>, Unknown result code 30 for foo: file: "))

        let badURL = ControllerFixture()
        badURL.connectError = .invalidServerURL("foo://x", reason: "Unknown protocol for serverurl foo://x")
        #expect(badURL.run("status").output.hasPrefix(
            "error: <class 'ValueError'>, Unknown protocol for serverurl foo://x: file: "))
    }

    @Test func unauthorizedRunsTwiceWhenNotInteractive() {
        let f = ControllerFixture()
        f.server.credentials = ("user", "pw")
        let result = f.run("version")
        #expect(result.status == 1)
        #expect(result.output.hasPrefix("Server requires authentication\nerror: <class 'xmlrpc.client.ProtocolError'>, "
            + "<ProtocolError for 127.0.0.1/RPC2: 401 Unauthorized>: file: "))
        #expect(f.server.calls == ["getVersion", "getVersion"])
    }

    @Test func unauthorizedPromptsInTheShellAndRetries() {
        let f = ControllerFixture(interactive: true)
        f.server.credentials = ("user", "pw")
        f.server.answers["supervisor.getSupervisorVersion"] = { _ in "4.3.0" }
        f.console.inputs = [.line("user"), .line("wrong"), .line("user"), .line("pw")]
        let result = f.run("version")
        #expect(result.output == "Server requires authentication\nUsername:\nServer requires authentication\n"
            + "Username:\n4.3.0\n")
        #expect(result.status == 0)
        #expect(f.console.prompts == ["Username:", "Password:", "Username:", "Password:"])
        #expect(f.connects.last == ConnectionTarget(serverURL: "unix:///s.sock", username: "user", password: "pw"))
    }

    @Test func startResultsAndStatuses() {
        let f = ControllerFixture()
        f.server.answers["supervisor.startProcess"] = { params in
            switch params.first?.stringValue {
            case "a": return true
            case "b": throw ClientError.fault(code: 60, string: "ALREADY_STARTED: b")
            case "g:c": throw ClientError.fault(code: 50, string: "SPAWN_ERROR: g:c")
            default: throw ClientError.fault(code: 10, string: "BAD_NAME")
            }
        }
        f.server.answers["supervisor.startProcessGroup"] = { _ in
            throw ClientError.fault(code: 10, string: "BAD_NAME: nog")
        }
        #expect(f.run("start a b") == ("a: started\nb: ERROR (already started)\n", 0))
        #expect(f.run("start g:c") == ("g:c: ERROR (spawn error)\n", 7))
        let g = ControllerFixture()
        g.server.answers = f.server.answers
        #expect(g.run("start nog:*") == ("nog: ERROR (no such group)\n", 2))
        let h = ControllerFixture()
        #expect(h.run("start").status == 2)
        #expect(h.console.stdout == "Error: start requires a process name\n" + HelpTexts.topics["start"]! + "\n")
    }

    @Test func startAllUsesTheResultStructs() {
        let f = ControllerFixture()
        f.server.answers["supervisor.startAllProcesses"] = { _ in
            [["name": "a", "group": "a", "status": 80, "description": "OK"],
             ["name": "w", "group": "web", "status": 60, "description": "ALREADY_STARTED"]]
        }
        #expect(f.run("start x all") == ("a: started\nweb:w: ERROR (already started)\n", 0))
        #expect(f.server.calls == ["getVersion", "startAllProcesses"])
    }

    @Test func tailArgumentErrors() {
        let f = ControllerFixture()
        #expect(f.run("tail").output == "Error: too few arguments\n" + HelpTexts.topics["tail"]! + "\n")
        #expect(f.run("tail a b c d").output == "Error: too many arguments\n" + HelpTexts.topics["tail"]! + "\n")
        #expect(f.run("tail -f").output == "Error: tail requires process name\n")
        #expect(f.run("tail x BAD").output == "Error: bad channel 'bad'\n")
        #expect(f.run("tail -x foo").output == "Error: bad argument -x\n")
        #expect(f.controller.exitStatus == 1)
    }

    @Test func tailReadsTheRequestedSlice() {
        let f = ControllerFixture()
        f.server.answers["supervisor.readProcessStderrLog"] = { _ in "two\n" }
        #expect(f.run("tail -100 cat STDERR") == ("two\n\n", 0))
        #expect(f.server.calls.last == "readProcessStderrLog('cat', -100, 0)")
        f.server.answers["supervisor.readProcessStdoutLog"] = { _ in throw ClientError.fault(code: 20, string: "NO_FILE") }
        #expect(f.run("tail cat") == ("cat: ERROR (no log file)\n", 1))
        #expect(f.run("tail -99999999999 cat").output.hasPrefix(
            "error: <class 'OverflowError'>, int exceeds XML-RPC limits: file: "))
    }

    @Test func tailFollowStreamsAndReportsRefusals() {
        let f = ControllerFixture()
        f.server.streamChunks = [Array("line1\n".utf8), Array("line2\n".utf8)]
        #expect(f.run("tail -f cat stderr") == ("==> Press Ctrl-C to exit <==\nline1\nline2\n", 0))
        #expect(f.server.calls.last == "GET /logtail/cat/stderr")
        f.server.streamError = .httpStatus(code: 404, reason: "Not Found")
        f.run("maintail -f")
        #expect(f.console.stderr == "unix:///s.sock/mainlogtail Cannot read, status code 404\n")
        #expect(f.controller.exitStatus == 0)
    }

    @Test func updateStopsRemovesAndAdds() {
        let f = ControllerFixture()
        f.server.answers["supervisor.reloadConfig"] = { _ in [[["new"], ["changed"], ["gone"]]] }
        f.server.answers["supervisor.stopProcessGroup"] = { _ in [] }
        f.server.answers["supervisor.removeProcessGroup"] = { _ in true }
        f.server.answers["supervisor.addProcessGroup"] = { _ in true }
        f.server.processes([("changed", "changed", 20, "RUNNING", ""), ("gone", "gone", 20, "RUNNING", "")])
        #expect(f.run("update") == ("""
            gone: stopped
            gone: removed process group
            changed: stopped
            changed: updated process group
            new: added process group

            """, 0))
        #expect(f.run("update nosuch new") == ("ERROR: no such group: nosuch\nnew: added process group\n", 1))
    }

    @Test func shutdownAsksInTheShell() {
        let f = ControllerFixture(interactive: true)
        f.server.answers["supervisor.shutdown"] = { _ in true }
        f.console.inputs = [.line("n")]
        #expect(f.run("shutdown").output == "Really shut the remote supervisord process down y/N? ")
        f.console.inputs = [.line("Yes")]
        #expect(f.run("shutdown").output == "Really shut the remote supervisord process down y/N? Shut down\n")
        f.console.inputs = []
        let eof = f.run("reload")
        #expect(eof.output.hasPrefix("Really restart the remote supervisord process y/N? "
            + "error: <class 'EOFError'>, EOF when reading a line: file: SupervisorCtl/Controller+Daemon.swift line: "))
        #expect(eof.status == 1)
    }

    @Test func shutdownConnectionMessages() {
        let f = ControllerFixture()
        f.server.answers["supervisor.shutdown"] = { _ in throw ClientError.socket(operation: "connect", errno: 2) }
        #expect(f.run("shutdown") == ("ERROR: unix:///s.sock no such file (already shut down?)\n", 1))
        let g = ControllerFixture()
        g.server.answers["supervisor.shutdown"] = { _ in throw ClientError.fault(code: 6, string: "SHUTDOWN_STATE") }
        #expect(g.run("shutdown") == ("ERROR: already shutting down\n", 0))
    }

    @Test func reloadRefusedForABrokenConfigShowsWhy() {
        let f = ControllerFixture()
        f.server.answers["supervisor.restart"] = { _ in
            throw ClientError.fault(code: 92, string: "CANT_REREAD: /etc/s.conf:3: [program:x] startsecs: bad")
        }
        #expect(f.run("reload") == ("ERROR: CANT_REREAD: /etc/s.conf:3: [program:x] startsecs: bad\n", 1))
        let g = ControllerFixture()
        g.server.answers["supervisor.restart"] = { _ in throw ClientError.fault(code: 6, string: "SHUTDOWN_STATE") }
        #expect(g.run("reload") == ("ERROR: already shutting down\n", 1))
    }

    @Test func openKeepsTheExitStatus() {
        let f = ControllerFixture()
        #expect(f.run("open ftp://x") == ("ERROR: url must be http:// or unix://\n", 1))
        let g = ControllerFixture()
        g.server.answers["supervisor.getVersion"] = { _ in throw ClientError.socket(operation: "connect", errno: 111) }
        #expect(g.run("open http://127.0.0.1:1") == ("http://127.0.0.1:1 refused connection\n", 0))
    }

    @Test func pidVariants() {
        let f = ControllerFixture()
        f.server.answers["supervisor.getPID"] = { _ in 42 }
        f.server.answers["supervisor.getProcessInfo"] = { params in
            if params.first == "cat" { return ["pid": 0] }
            throw ClientError.fault(code: 10, string: "BAD_NAME")
        }
        #expect(f.run("pid") == ("42\n", 0))
        #expect(f.run("pid cat") == ("0\n", 7))
        #expect(f.run("pid dog") == ("No such process dog\n", 1))
    }

    @Test func foregroundErrors() {
        let f = ControllerFixture()
        f.server.answers["supervisor.getProcessInfo"] = { params in
            if params.first == "cat" { return ["state": 0] }
            throw ClientError.fault(code: 10, string: "BAD_NAME")
        }
        #expect(f.run("fg").output == "ERROR: no process name supplied\n" + HelpTexts.topics["fg"]! + "\n")
        #expect(f.run("fg a b").output == "ERROR: too many process names supplied\n")
        #expect(f.run("fg dog").output == "ERROR: bad process name supplied\n")
        #expect(f.run("fg cat").output == "ERROR: process not running\n")
    }

    @Test func foregroundSendsLinesUntilEndOfInput() {
        let f = ControllerFixture()
        f.server.answers["supervisor.getProcessInfo"] = { _ in ["state": 20] }
        f.server.answers["supervisor.sendProcessStdin"] = { _ in true }
        f.console.inputs = [.line("hello")]
        let result = f.run("fg cat")
        #expect(result.output.hasPrefix("==> Press Ctrl-C to exit <==\n"))
        #expect(result.output.hasSuffix("Exiting foreground\n"))
        #expect(f.server.calls.contains("sendProcessStdin('cat', 'hello\n')"))
    }
}
