import SupervisorConfig
import Testing

/// The sample configurations: Supervisor 4.3.0's own `sample.conf`, the one `echo_supervisord_conf` prints, and
/// every `ini` block of the seed guide.
@Suite struct SampleConfigTests {
    @Test func supervisorsOwnSampleGivesTheModelTheSpecDescribes() throws {
        let c = try TestContext.parse(Fixture.text("supervisor-4.3.0-sample.conf"))
        var expected = SupervisordOptions()
        expected.logfile = "/tmp/supervisord.log"
        expected.logfileMaxBytes = 50 * 1024 * 1024
        expected.logfileBackups = 10
        expected.logLevel = .info
        expected.pidfile = "/tmp/supervisord.pid"
        expected.nodaemon = false
        expected.silent = false
        expected.minfds = 1024
        expected.minprocs = 200
        expected.childlogdir = "/tmp"
        #expect(c.supervisord == expected)
        #expect(c.httpServers == [
            HTTPServerConfig(section: "unix_http_server", transport: .unix(path: "/tmp/supervisor.sock", chmod: 0o700, chown: nil),
                             username: nil, password: nil),
        ])
        #expect(c.rpcInterfaces == [
            RPCInterfaceConfig(name: "supervisor", factory: SupervisordConfigParser.mainRPCInterfaceFactory)
        ])
        #expect(c.groups.isEmpty)
        #expect(c.messages.isEmpty)
        let ctl = try SupervisorctlConfigParser(context: TestContext.make(files: ["/etc/s.conf": Fixture.text("supervisor-4.3.0-sample.conf")]))
            .parse(path: "/etc/s.conf")
        #expect(ctl.serverURL == "unix:///tmp/supervisor.sock")
        #expect(ctl.prompt == "supervisor" && ctl.username == nil && ctl.historyFile == nil)
    }

    @Test func ourSampleIsAcceptedWithEveryCommentedProgramOptionToo() throws {
        let c = try TestContext.parse(SampleConfiguration.text)
        #expect(c.httpServers.count == 1)
        #expect(c.supervisord.logfile == "/tmp/supervisord.log")
        #expect(c.messages.isEmpty)
        // Uncommenting the example sections must give a valid configuration as well.
        var uncommented = ""
        for line in SampleConfiguration.text.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix(";[") || (line.hasPrefix(";") && line.dropFirst().first?.isLetter == true) {
                uncommented += line.dropFirst() + "\n"
            } else {
                uncommented += line + "\n"
            }
        }
        uncommented = uncommented.replacingOccurrences("user=chrism", "user=nobody")
            .replacingOccurrences("chown=nobody:nogroup", "chown=nobody:nogroup")
            .replacingOccurrences("=/a/path", "=/tmp/a.log")
            .replacingOccurrences("programs=progname1,progname2", "programs=theprogramname")
            .replacingOccurrences("files = conf.d/*.conf", "files = none/*.conf")
            .replacingOccurrences("user=supervisord", "user=nobody")
        let full = try TestContext.parse(uncommented, directories: ["/tmp"])
        #expect(full.groups.map(\.name) == ["theeventlistenername", "thegroupname"])
        #expect(full.httpServers.count == 2)
    }

    /// The `ini` blocks of the seed guide, in order.
    static let seedBlocks: [String] = {
        var blocks: [String] = []
        var current: [Substring]?
        for line in Fixture.text("seed-supervisor-guide.zh.md").split(separator: "\n", omittingEmptySubsequences: false) {
            if current == nil, line.trimmingPrefix(while: { $0 == " " }) == "```ini" {
                current = []
            } else if current != nil, line.hasPrefix("```") {
                blocks.append(current!.joined(separator: "\n") + "\n")
                current = nil
            } else {
                current?.append(line)
            }
        }
        return blocks
    }()

    static let seedDirectories: Set<String> = [
        "/var/log/supervisor", "/var/log/app", "/var/log/flask", "/opt/demo", "/opt/flask_demo", "/opt/app",
        "/opt/venv/bin", "/etc/supervisor/conf.d",
    ]

    @Test func theGuideHasItsTenIniBlocks() {
        #expect(Self.seedBlocks.count == 10)
    }

    @Test(arguments: 0..<10)
    func everySeedBlockIsAccepted(index: Int) throws {
        var text = Self.seedBlocks[index]
        // One block is the fragment of a program section that fixes a virtualenv's PATH.
        if !text.hasPrefix("[") { text = "[program:venv_app]\n" + text }
        if !text.contains("[supervisord]") { text = "[supervisord]\n" + text }
        let c = try TestContext.parse(text, directories: Self.seedDirectories)
        #expect(c.groups.count + c.httpServers.count >= 1 || text.contains("[include]"))
    }

    @Test func theGuidesProgramsParseAsWritten() throws {
        let blocks = Self.seedBlocks
        let demo = try TestContext.parse("[supervisord]\n" + blocks[1], directories: Self.seedDirectories).groups[0].processes[0]
        #expect(demo.command == "python app.py" && demo.directory == "/opt/demo" && demo.startSecs == 5 && demo.uid == 33)
        #expect(demo.autorestart == .always && demo.environment == ["ENV": "prod", "DEBUG": "false"])
        #expect(demo.stdout.logfile == .path("/var/log/demo.out.log"))

        let web = try TestContext.parse("[supervisord]\n" + blocks[2], directories: Self.seedDirectories)
        #expect(web.httpServers == [HTTPServerConfig(section: "inet_http_server", transport: .inet(host: "0.0.0.0", port: 9001),
                                                     username: "admin", password: "admin123")])

        let template = try TestContext.parse("[supervisord]\n" + blocks[7], directories: Self.seedDirectories).groups[0].processes[0]
        #expect(template.command == "/opt/venv/bin/gunicorn -w 4 -b 127.0.0.1:8000 app:app")
        #expect(template.stopAsGroup && template.killAsGroup && template.stopWaitSecs == 30 && template.startRetries == 3)
        #expect(template.stdout.maxBytes == 100 * 1024 * 1024 && template.stderr.backups == 10)
        #expect(template.environment == ["ENV": "prod", "PYTHONUNBUFFERED": "1"])

        let prod = try TestContext.parse("[supervisord]\n" + blocks[9], directories: Self.seedDirectories)
        #expect(prod.groups[0].processes[0].command
            == "/opt/venv/bin/gunicorn -w 4 -k gthread -t 60 -b 127.0.0.1:8000 app:app")
        #expect(prod.messages.contains { $0.text.contains("backslash") })

        let venv = try TestContext.parse("[supervisord]\n[program:venv_app]\n" + blocks[5]).groups[0].processes[0]
        #expect(venv.environment == ["PATH": "/opt/venv/bin"])
    }

    @Test func theGuidesProductionLayoutWithConfD() throws {
        let blocks = Self.seedBlocks
        let c = try TestContext.parse(
            blocks[6],
            extra: [
                "/etc/supervisor/conf.d/flask_demo.conf": blocks[3],
                "/etc/supervisor/conf.d/flask_gunicorn.conf": blocks[4],
            ],
            directories: Self.seedDirectories)
        #expect(c.supervisord.logfile == "/var/log/supervisor/supervisord.log")
        #expect(c.supervisord.pidfile == "/var/run/supervisord.pid")
        #expect(c.groups.map(\.name) == ["flask_demo", "flask_gunicorn"])
        #expect(c.httpServers == [HTTPServerConfig(
            section: "unix_http_server", transport: .unix(path: "/var/run/supervisor.sock", chmod: 0o700, chown: Ownership(uid: 0, gid: 0)),
            username: nil, password: nil)])
        #expect(c.messages.contains { $0.text.contains("No [rpcinterface:supervisor] section") })
    }
}
