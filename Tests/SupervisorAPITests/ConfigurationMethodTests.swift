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
            $0.nextConfiguration = .success(configuration([program("same", stdout: .path("/x")), changed, program("new")]))
        }
        #expect(try await f.call("supervisor.reloadConfig") == [[["new"], ["changes"], ["goes"]]])
        #expect(try await f.state("goes") == .running)

        f.services.state.withLock { $0.nextConfiguration = .failure(ConfigError("no good")) }
        #expect(await f.fault("supervisor.reloadConfig") == "92 CANT_REREAD: no good")
    }

    @Test func autoLogfilesAreNotAChange() async throws {
        let f = Fixture(program("p", stdout: .auto))
        f.services.state.withLock { $0.nextConfiguration = .success(configuration([program("p", stdout: .path("/a"))])) }
        #expect(try await f.call("supervisor.reloadConfig") == [[[], [], []]])
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
}
