import SupervisorAPI
import SupervisorConfig
import SupervisorEngine
import Testing
import XMLRPC

/// reloadConfig, addProcessGroup, removeProcessGroup, getAllConfigInfo.
@Suite struct ConfigurationMethodTests {
    @Test func rereadReportsAddedChangedRemovedWithoutTouchingProcesses() async throws {
        let f = Fixture(program("same"), program("changes"), program("goes"))
        await f.startAll()
        var changed = program("changes")
        changed.processes[0].command = "/bin/other"
        f.services.state.withLock {
            $0.nextConfiguration = .success(configuration([program("same", stdout: .auto), changed, program("new")]))
        }
        #expect(try await f.call("supervisor.reloadConfig") == [[["new"], ["changes"], ["goes"]]])
        #expect(try await f.state("goes") == .running)

        f.services.state.withLock { $0.nextConfiguration = .failure(ConfigError("no good")) }
        #expect(await f.fault("supervisor.reloadConfig") == "92 CANT_REREAD: no good")
    }

    @Test func rereadRefusesABrokenDependencyGraphNamingFileLineAndCycle() async throws {
        let f = Fixture(program("p"))
        let cycle = try #require(Self.parseError(
            "[supervisord]\n[program:web]\ncommand=x\ndepends_on=db\n[program:db]\ncommand=x\ndepends_on=web\n"))
        f.services.state.withLock { $0.nextConfiguration = .failure(cycle) }
        #expect(await f.fault("supervisor.reloadConfig") == "92 CANT_REREAD: /etc/s.conf:7: [program:db] depends_on: "
            + "dependency cycle: db -> web -> db (remove one of these depends_on entries)")
        let badCheck = try #require(Self.parseError("[supervisord]\n[program:web]\ncommand=x\nready_check=tcp://x\n"))
        f.services.state.withLock { $0.nextConfiguration = .failure(badCheck) }
        #expect(await f.fault("supervisor.reloadConfig") == "92 CANT_REREAD: /etc/s.conf:4: [program:web] ready_check: "
            + "invalid tcp check 'tcp://x' (expected tcp://HOST:PORT or tcp://[IPV6]:PORT with a port from 1 to 65535)")
    }

    @Test func aNewAutoLogfileIsNoChangeButANewExplicitOneIs() async throws {
        // Supervisor compares with the active config, whose AUTO files were resolved on activation, and skips AUTO.
        let f = Fixture(program("p", stdout: .path("/a")), program("q", stdout: .auto))
        f.services.state.withLock {
            $0.nextConfiguration = .success(configuration([program("p", stdout: .auto), program("q", stdout: .path("/a"))]))
        }
        #expect(try await f.call("supervisor.reloadConfig") == [[[], ["q"], []]])
    }

    @Test func restartWithABrokenConfigurationIsRefusedAndNothingStops() async throws {
        let f = Fixture(program("p"))
        await f.startAll()
        f.services.state.withLock {
            $0.restartProblem = ConfigError("not a valid boolean value: 'maybe'", location: SupervisorConfig.SourceLocation(file: "/etc/s.conf", line: 4),
                                            section: "program:p", option: "autostart")
        }
        #expect(await f.fault("supervisor.restart")
            == "92 CANT_REREAD: /etc/s.conf:4: [program:p] autostart: not a valid boolean value: 'maybe'")
        #expect(await f.engine.state == .running)
        #expect(try await f.state("p") == .running)
        f.services.state.withLock { $0.restartProblem = nil }
        #expect(try await f.call("supervisor.restart") == true)
        #expect(await f.engine.state == .restarting)
    }

    @Test func addAndRemoveGroups() async throws {
        let f = Fixture(program("old"))
        await f.startAll()
        f.services.state.withLock {
            $0.nextConfiguration = .success(configuration([program("old"), program("new", autostart: false)]))
        }
        _ = try await f.call("supervisor.reloadConfig")
        #expect(await f.fault("supervisor.addProcessGroup", "nope") == "10 BAD_NAME: nope")
        #expect(try await f.call("supervisor.addProcessGroup", "new") == true)
        #expect(await f.fault("supervisor.addProcessGroup", "new") == "90 ALREADY_ADDED: new")
        #expect(f.events.all.contains(.processGroupAdded("new")))
        #expect(await f.fault("supervisor.removeProcessGroup", "old") == "91 STILL_RUNNING: old")
        #expect(await f.fault("supervisor.removeProcessGroup", "nope") == "10 BAD_NAME: nope")
        #expect(try await f.call("supervisor.removeProcessGroup", "new") == true)
        #expect(f.events.all.contains(.processGroupRemoved("new")))
        #expect(await f.fault("supervisor.getProcessInfo", "new") == "10 BAD_NAME: new")
    }

    @Test func configInfoHasSupervisorsKeysSortedByName() async throws {
        let f = Fixture(program("zz", priority: 1), program("aa", priority: 2, stdout: .none))
        let all = try await f.call("supervisor.getAllConfigInfo").arrayValue ?? []
        #expect(all.map { $0["name"]?.stringValue } == ["aa", "zz"])
        let aa = all[0]
        #expect(aa.structValue?.map { $0.name } == [
            "autostart", "directory", "uid", "command", "exitcodes", "group", "group_prio", "inuse", "killasgroup",
            "name", "process_prio", "redirect_stderr", "startretries", "startsecs", "stdout_capture_maxbytes",
            "stdout_events_enabled", "stdout_logfile", "stdout_logfile_backups", "stdout_logfile_maxbytes",
            "stdout_syslog", "stopsignal", "stopwaitsecs", "stderr_capture_maxbytes", "stderr_events_enabled",
            "stderr_logfile", "stderr_logfile_backups", "stderr_logfile_maxbytes", "stderr_syslog", "serverurl",
        ])
        #expect(aa["directory"] == "none" && aa["uid"] == "none" && aa["serverurl"] == "none")
        #expect(aa["stdout_logfile"] == "none" && aa["stderr_logfile"] == .string(f.dir + "/aa-stderr.log"))
        #expect(aa["inuse"] == true && aa["group_prio"] == 2 && aa["exitcodes"] == [0] && aa["stopsignal"] == 15)
        #expect(aa["stdout_logfile_maxbytes"] == 52_428_800)

        f.services.state.withLock { $0.nextConfiguration = .success(configuration([program("aa"), program("bb")])) }
        _ = try await f.call("supervisor.reloadConfig")
        let after = try await f.call("supervisor.getAllConfigInfo").arrayValue ?? []
        #expect(after.map { "\($0["name"]!.stringValue!) \($0["inuse"]!) \($0["stdout_logfile"]!)" }
            == ["aa True 'auto'", "bb False 'auto'"])
    }

    /// The error SupervisordConfigParser gives for `text` as /etc/s.conf, or nil when it parses.
    static func parseError(_ text: String) -> ConfigError? {
        struct NoUsers: UserDatabase {
            func user(named name: String) -> UserRecord? { nil }
            func user(id: UInt32) -> UserRecord? { nil }
            func groupID(named name: String) -> UInt32? { nil }
            func groupExists(id: UInt32) -> Bool { false }
        }
        let context = ConfigContext(
            fileSystem: InMemoryConfigFileSystem(files: ["/etc/s.conf": text], directories: ["/tmp", "/work"]),
            users: NoUsers(), environment: [:], hostName: "h", currentDirectory: "/work", tempDirectory: "/tmp",
            effectiveUID: 0)
        let result = Result { () throws(ConfigError) in
            try SupervisordConfigParser(context: context).parse(path: "/etc/s.conf")
        }
        guard case .failure(let error) = result else { return nil }
        return error
    }
}
