@testable import SupervisorConfig
@testable import SupervisorEngine
import Testing

/// Group and "all" operations, orders, reread diff, stdin, log clearing, remote events (Engine+Groups,
/// Engine+Configuration).
@Suite struct EngineGroupsTests {
    let clock = ManualClock()
    let runtime = FakeProcessRuntime()
    let events = RecordingEventSink()
    let logger = RecordingLogger()

    func engine(_ groups: ProcessGroupConfig...) -> Engine {
        Engine(configuration: configuration(groups), runtime: runtime, clock: clock, logger: logger, events: events)
    }

    func configuration(_ groups: [ProcessGroupConfig]) -> SupervisorConfiguration {
        SupervisorConfiguration(configFile: "/etc/s.conf", here: "/etc", supervisord: SupervisordOptions(), httpServers: [],
                                groups: groups, rpcInterfaces: [], includedFiles: [], messages: [])
    }

    static func pair(_ name: String, priority: Int = 999, first: Int = 5, second: Int = 1) -> ProcessGroupConfig {
        ProcessGroupConfig(name: name, priority: priority, kind: .program, processes: [
            ProcessConfig(section: "program:\(name)", name: "a", command: "x", priority: first, autostart: false, startSecs: 0),
            ProcessConfig(section: "program:\(name)", name: "b", command: "x", priority: second, autostart: false, startSecs: 0),
        ])
    }

    @Test func ordersFollowPriorityThenAdditionOrder() async throws {
        let e = engine(Self.pair("late", priority: 10), Self.pair("early", priority: 1), program("mid", priority: 5))
        #expect(await e.allProcessKeys().map(\.namespec) == ["early:b", "early:a", "mid", "late:b", "late:a"])
        #expect(try await e.processKeys(inGroup: "late").map(\.name) == ["b", "a"])
        await #expect(throws: EngineError.badName("nope")) { try await e.processKeys(inGroup: "nope") }
        #expect(await e.activeGroupNames == ["late", "early", "mid"])
    }

    /// A `[fcgi-program:x]` group: its socket is checked once when the group is created (startup and `update`),
    /// every spawn of its processes carries it, and each exit is reported back with `finished(pid:)` after the
    /// engine handled it (the runtime then gives back that process's reference to the socket).
    @Test func fastCGIGroupsHandTheirSocketToEverySpawnAndFinishEachExit() async throws {
        let socket = FastCGISocket(address: .tcp(host: "127.0.0.1", port: 9000), backlog: 8)
        var fcgi = Self.pair("php")
        fcgi.kind = .fastCGI(socket)
        let e = engine(fcgi, program("plain"))
        #expect(runtime.state.withLock { $0.checkedSockets } == ["php tcp://127.0.0.1:9000"])
        _ = await e.startProcesses(try await e.processKeys(inGroup: "php") + e.processKeys(inGroup: "plain"), wait: false)
        let (sockets, pids) = runtime.state.withLock { ($0.spawnSockets, $0.spawned.map(\.pid)) }
        #expect(sockets == [socket, socket, nil])
        await e.childExited(pid: pids[0], status: ExitStatus(waitStatus: 0))
        await e.childExited(pid: pids[2], status: ExitStatus(waitStatus: 0))
        await e.childExited(pid: 4242, status: ExitStatus(waitStatus: 0))
        #expect(runtime.state.withLock { $0.finished } == [pids[0], pids[2]])
        fcgi.name = "php2"
        try await e.addGroup(fcgi)
        try await e.addGroup(program("plain2"))
        #expect(runtime.state.withLock { $0.checkedSockets } == ["php tcp://127.0.0.1:9000", "php2 tcp://127.0.0.1:9000"])
    }

    @Test func aTrailingColonMeansTheWholeGroup() async throws {
        let e = engine(Self.pair("g"))
        #expect(try await e.resolve("g:") == ("g", nil))
    }

    @Test func groupStartSkipsRunningProcessesAndWaitsForTheRest() async throws {
        let e = engine(Self.pair("g"))
        try await e.startProcess(ProcessKey(group: "g", name: "b"), wait: false)
        let keys = try await e.processKeys(inGroup: "g")
        async let outcomes = e.startProcesses(keys, wait: true)
        try await pollUntil { try await e.processInfo("g:a").state == .starting }
        clock.advance(0.5)
        await e.tick()
        #expect(await outcomes == [ProcessOutcome(key: ProcessKey(group: "g", name: "a"), error: nil)])
    }

    @Test func groupStopSignalsEveryRunningProcessAtOnceInAscendingPriority() async throws {
        let e = engine(Self.pair("g"))
        let keys = try await e.processKeys(inGroup: "g")
        _ = await e.startProcesses(keys, wait: false)
        let pids = runtime.state.withLock { $0.spawned.map(\.pid) }
        async let outcomes = e.stopProcesses(keys, wait: true)
        try await pollUntil { runtime.signals.count == 2 }
        #expect(runtime.signals.map(\.pid) == pids)
        await e.childExited(pid: pids[1], status: .exited(code: 0))
        await e.childExited(pid: pids[0], status: .exited(code: 0))
        #expect(await outcomes.map(\.key.name) == ["a", "b"], "in the order they stopped")
        #expect(await e.stopProcesses(keys, wait: true) == [], "nothing is running any more")
    }

    @Test func groupSignalsSkipStoppedProcessesAndReportBadSignalsPerProcess() async throws {
        let e = engine(Self.pair("g"))
        try await e.startProcess(ProcessKey(group: "g", name: "a"), wait: false)
        let keys = try await e.processKeys(inGroup: "g")
        #expect(await e.signalProcesses(keys, signal: 10, spelling: "USR1")
            == [ProcessOutcome(key: ProcessKey(group: "g", name: "a"), error: nil)])
        #expect(await e.signalProcesses(keys, signal: nil, spelling: "NOPE")
            == [ProcessOutcome(key: ProcessKey(group: "g", name: "a"), error: .badSignal("NOPE"))])
    }

    @Test func stopFailureIsReportedWithTheSignalError() async throws {
        let e = engine(program("p"))
        await e.tick()
        runtime.state.withLock { $0.signalOutcome = .failed("EPERM") }
        await #expect(throws: EngineError.failed("unknown problem killing p (101):EPERM")) {
            try await e.stopProcess(ProcessKey(group: "p", name: "p"), wait: false)
        }
    }

    @Test func rereadComparesWithTheActiveGroupsAsActivated() async throws {
        let e = engine(program("same"), program("changed"), program("gone"), program("explicit"))
        var changed = program("changed")
        changed.processes[0].startSecs = 7
        var explicitNow = program("same")
        explicitNow.processes[0].stdout.logfile = .path("/var/log/same.log")
        var wasExplicit = program("explicit")
        wasExplicit.processes[0].stderr.logfile = .path("/var/log/explicit.err")
        let e2 = engine(wasExplicit)
        #expect(await e2.reread([program("explicit")]) == ConfigDiff(added: [], changed: [], removed: []),
                "a new AUTO matches any active file (Supervisor skips AUTO)")
        let diff = await e.reread([program("new"), explicitNow, changed, program("explicit")])
        #expect(diff == ConfigDiff(added: ["new"], changed: ["same", "changed"], removed: ["gone"]),
                "an explicit file differs from the generated one an active AUTO got")
        var sameFile = program("same")
        sameFile.processes[0].stdout.logfile = .path("/tmp/same-stdout---supervisor-AUTO.log")
        #expect(await e.reread([sameFile]).changed == [], "unless it names that very file")
        _ = await e.reread([program("new"), explicitNow, changed])
        #expect(await e.availableGroups().map(\.config.name) == ["new", "same", "changed"])
        #expect(await e.availableGroups().map(\.inUse) == [false, true, true])
    }

    @Test func removedGroupsComeInActivationOrder() async throws {
        let e = engine(program("a"), program("b"), program("c"))
        try await e.removeGroup("a")
        _ = await e.reread([program("a")])
        try await e.addGroup(named: "a")
        #expect(await e.reread([]).removed == ["b", "c", "a"])
    }

    @Test func addGroupByNameComesFromTheLastConfigurationRead() async throws {
        let e = engine(program("old", autostart: false))
        await #expect(throws: EngineError.badName("new")) { try await e.addGroup(named: "new") }
        _ = await e.reread([program("old", autostart: false), program("new", autostart: false)])
        try await e.addGroup(named: "new")
        await #expect(throws: EngineError.alreadyAdded("new")) { try await e.addGroup(named: "new") }
        #expect(events.all.contains(.processGroupAdded("new")))
        let info = await e.availableGroups().first { $0.config.name == "new" }
        #expect(info?.resolvedLogfiles?["new"]?.stdout == "/tmp/new-stdout---supervisor-AUTO.log")
    }

    @Test func stdinGoesToTheRunningChildOnly() async throws {
        let e = engine(program("p"), program("idle", autostart: false))
        await e.tick()
        let key = ProcessKey(group: "p", name: "p")
        try await e.sendStdin(key, name: "p", bytes: [65])
        #expect(runtime.state.withLock { $0.stdin[101] } == [65])
        await #expect(throws: EngineError.notRunning("idle")) {
            try await e.sendStdin(ProcessKey(group: "idle", name: "idle"), name: "idle", bytes: [65])
        }
        runtime.state.withLock { $0.stdinClosed = true }
        await #expect(throws: EngineError.noFile("p")) { try await e.sendStdin(key, name: "p", bytes: [65]) }
        try await e.stopProcess(key, wait: false)
        await #expect(throws: EngineError.notRunning("p")) { try await e.sendStdin(key, name: "p", bytes: [65]) }
    }

    @Test func logsAreClearedOnlyForProcessesThatRan() async throws {
        let e = engine(program("p"), program("never", autostart: false))
        await e.tick()
        try await e.clearLogs(ProcessKey(group: "never", name: "never"), name: "never")
        try await e.clearLogs(ProcessKey(group: "p", name: "p"), name: "p")
        let cleared = runtime.state.withLock { $0.clearedLogs }
        #expect(cleared.map(\.pid) == [101])
        #expect(cleared.first?.paths == ["/tmp/p-stdout---supervisor-AUTO.log", "/tmp/p-stderr---supervisor-AUTO.log"])
        runtime.state.withLock { $0.clearProblem = "EACCES" }
        await #expect(throws: EngineError.failed("p")) { try await e.clearLogs(ProcessKey(group: "p", name: "p"), name: "p") }
    }

    @Test func remoteCommunicationIsEmittedInAnyState() async {
        let e = engine()
        await e.requestShutdown()
        await e.sendRemoteCommEvent(type: "t", data: "d")
        #expect(events.all.last == .remoteCommunication(type: "t", data: "d"))
    }
}
