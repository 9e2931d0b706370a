import SupervisorConfig
import Testing

@Suite struct SupervisorctlConfigParserTests {
    func parse(_ text: String, path: String = "/etc/supervisor/supervisord.conf") throws -> SupervisorctlOptions {
        try SupervisorctlConfigParser(context: TestContext.make(files: [path: text])).parse(path: path)
    }

    @Test func readsTheSection() throws {
        let o = try parse("""
            [supervisorctl]
            serverurl=unix://%(here)s/../run/s.sock
            username=u
            password=p%%w
            prompt=prod
            history_file=~/.sc_history
            [ctlplugin:wildcards]
            supervisor.ctl_factory = supervisorwildcards.controllerplugin:make_wildcards_controllerplugin
            """)
        #expect(o.serverURL == "unix:///etc/run/s.sock")
        #expect(o.username == "u" && o.password == "p%w" && o.prompt == "prod")
        #expect(o.historyFile == "/home/chrism/.sc_history")
        #expect(o.unsupportedPlugins == ["ctlplugin:wildcards"])
    }

    @Test func defaultsWithAnEmptySection() throws {
        let o = try parse("[supervisorctl]\n")
        #expect(o == SupervisorctlOptions())
        #expect(o.serverURL == "http://localhost:9001")
    }

    @Test func requiresTheSection() {
        #expect {
            try parse("[supervisord]\n")
        } throws: { ($0 as! ConfigError).message == ".ini file does not include supervisorctl section" }
    }

    @Test func includeIsIgnored() throws {
        let o = try parse("[supervisorctl]\n[include]\nfiles=/nonexistent/*.conf\n")
        #expect(o.serverURL == "http://localhost:9001")
    }
}

@Suite struct ConfigSearchPathTests {
    @Test func candidatesFollowSupervisor() {
        #expect(ConfigSearchPath.candidates(argv0: "/usr/local/bin/supervisord") == [
            "/usr/local/etc/supervisord.conf", "/usr/local/supervisord.conf", "supervisord.conf",
            "etc/supervisord.conf", "/etc/supervisord.conf", "/etc/supervisor/supervisord.conf",
        ])
        #expect(ConfigSearchPath.candidates(argv0: "supervisord").prefix(2) == ["etc/supervisord.conf", "supervisord.conf"])
    }

    @Test func firstExistingWins() {
        let context = TestContext.make(files: [
            "/etc/supervisor/supervisord.conf": "", "/work/etc/supervisord.conf": "",
        ])
        #expect(ConfigSearchPath.find(argv0: "/usr/bin/supervisord", in: context) == "etc/supervisord.conf")
        let onlyEtc = TestContext.make(files: ["/etc/supervisor/supervisord.conf": ""])
        #expect(ConfigSearchPath.find(argv0: "/usr/bin/supervisord", in: onlyEtc) == "/etc/supervisor/supervisord.conf")
        #expect(ConfigSearchPath.find(argv0: "/usr/bin/supervisord", in: TestContext.make(files: [:])) == nil)
    }

    @Test func notFoundMessage() {
        #expect(ConfigSearchPath.notFoundMessage(argv0: "supervisord")
            == "No config file found at default paths (etc/supervisord.conf, supervisord.conf, supervisord.conf, "
            + "etc/supervisord.conf, /etc/supervisord.conf, /etc/supervisor/supervisord.conf); use the -c option "
            + "to specify a config file at a different path")
    }
}
