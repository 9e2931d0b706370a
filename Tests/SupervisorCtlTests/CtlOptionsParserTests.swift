import Testing

@testable import SupervisorCtl

@Suite struct CtlOptionsParserTests {
    func realize(_ args: [String], files: [String: String] = [:], progname: String = "/opt/sv/bin/supervisorctl")
        -> CtlInvocation
    {
        CtlOptionsParser(context: testContext(files: files)).realize(args, progname: progname)
    }

    func options(_ args: [String], files: [String: String] = [:]) throws -> CtlOptions {
        guard case .run(let options) = realize(args, files: files) else {
            Issue.record("expected options, got \(realize(args, files: files))")
            throw CancellationError()
        }
        return options
    }

    @Test func defaultsWithoutAConfigFile() throws {
        let o = try options([])
        #expect(o.serverURL == "http://localhost:9001" && o.prompt == "supervisor")
        #expect(o.interactive && o.arguments.isEmpty && o.configFile == nil)
        let action = try options(["status", "foo"])
        #expect(!action.interactive && action.arguments == ["status", "foo"])
        #expect(try options(["-i", "status"]).interactive)
    }

    @Test func commandLineBeatsTheSection() throws {
        let file = """
            [supervisorctl]
            serverurl = unix://%(here)s/s.sock
            username = fileuser
            password = filepass
            prompt = prod
            history_file = ~/.hist
            """
        let fromFile = try options(["-c", "/etc/sv.conf", "status"], files: ["/etc/sv.conf": file])
        #expect(fromFile.serverURL == "unix:///etc/s.sock")
        #expect(fromFile.username == "fileuser" && fromFile.password == "filepass" && fromFile.prompt == "prod")
        #expect(fromFile.historyFile == "/home/u/.hist")
        let overridden = try options(["-c", "/etc/sv.conf", "-s", "http://127.0.0.1:1", "-u", "cli", "-r", "/tmp/h"],
                                     files: ["/etc/sv.conf": file])
        #expect(overridden.serverURL == "http://127.0.0.1:1" && overridden.username == "cli")
        #expect(overridden.password == "filepass" && overridden.historyFile == "/tmp/h")
    }

    @Test func searchesTheDefaultPaths() throws {
        let found = try options(["status"], files: ["/opt/sv/etc/supervisord.conf": "[supervisorctl]\nprompt=x\n"])
        #expect(found.configFile == "/opt/sv/etc/supervisord.conf" && found.prompt == "x")
        let cwd = try options(["status"], files: ["/work/supervisord.conf": "[supervisorctl]\nprompt=y\n"])
        #expect(cwd.configFile == "supervisord.conf" && cwd.prompt == "y")
    }

    @Test func usageErrorsHaveSupervisorsWording() {
        #expect(realize(["-x"]) == .usageError("option -x not recognized"))
        #expect(realize(["-s", "foo"]) == .usageError("invalid value for -s 'foo': value 'foo' is not a URL"))
        #expect(realize(["--serverurl=unix://"]) == .usageError(
            "invalid value for --serverurl 'unix://': value 'unix://' is not a URL"))
        #expect(realize(["-u", "a", "-u", "b"]) == .usageError("conflicting command line option '-u'"))
        #expect(realize(["-i", "--interactive"]) == .usageError("conflicting command line option '--interactive'"))
        #expect(realize(["-c", "/nonexist"]) == .usageError("could not find config file /nonexist"))
        #expect(realize(["-c", "/e.conf"], files: ["/e.conf": "[foo]\n"]) == .usageError(
            ".ini file does not include supervisorctl section"))
    }

    @Test func helpWinsOnlyOverWhatFollowsIt() {
        guard case .help(let text) = realize(["-u", "a", "-h", "-u", "b"]) else {
            Issue.record("expected help")
            return
        }
        #expect(text.hasPrefix("supervisorctl -- control applications run by supervisord from the cmd line.\n\n"
            + "Usage: /opt/sv/bin/supervisorctl [options] [action [arguments]]\n"))
        #expect(realize(["-u", "a", "-u", "b", "-h"]) == .usageError("conflicting command line option '-u'"))
    }

    @Test func emptyConfigurationNameReadsNoFile() throws {
        #expect(try options(["-c", "", "status"]).serverURL == "http://localhost:9001")
    }
}
