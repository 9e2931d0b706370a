import SupervisorConfig
@testable import SupervisorEngine
import Testing

/// `depends_on` through the engine: starts wait for dependencies, blockers are named, stops go dependents first.
@Suite struct DependencyEngineTests {
    let clock = ManualClock()
    let runtime = FakeProcessRuntime()
    let events = RecordingEventSink()
    let logger = RecordingLogger()
    let probes = FakeProbeRunner()

    func engine(_ groups: ProcessGroupConfig...) -> Engine {
        Engine(configuration: SupervisorConfiguration(
            configFile: "/etc/s.conf", here: "/etc", supervisord: SupervisordOptions(), httpServers: [],
            groups: groups, rpcInterfaces: [], includedFiles: [], messages: []),
            runtime: runtime, clock: clock, logger: logger, events: events, probes: probes)
    }

    func info(_ e: Engine, _ name: String) async throws -> ProcessSnapshot { try await e.processInfo(name) }
    /// `startProcess(name, wait: true)` in a task: nil when it started, else the error.
    func startWithWait(_ e: Engine, _ name: String) -> Task<EngineError?, Never> {
        Task {
            do throws(EngineError) {
                try await e.startProcess(ProcessKey(group: name, name: name), wait: true)
                return nil
            } catch {
                return error
            }
        }
    }

    var spawned: [String] { runtime.state.withLock { $0.spawned.map(\.name) } }
    func pid(_ name: String) -> Int32 { runtime.state.withLock { $0.spawned.last { $0.name == name }?.pid ?? 0 } }

    @Test func aDependentWaitsUntilItsDependencyIsReadyThenStartsAtOnce() async throws {
        let e = engine(
            checkedProgram("web", priority: 1, dependsOn: [dependency("db")]),
            checkedProgram("db", priority: 2, readiness: ReadinessOptions(check: .notify)))
        await e.tick()
        #expect(spawned == ["db"])
        let web = try await info(e, "web")
        #expect(web.state == .stopped)
        #expect(web.note == "waiting for db (STARTING)")
        // Logged once, as the pass saw it (web comes first by priority).
        #expect(logger.all.contains("INFO web is waiting for db (STOPPED)"))
        await e.childOutput(.notify(pid: pid("db"), message: NotifyMessage(ready: true)))
        // The change asks for another pass at once (no deadline wait).
        #expect(await e.nextDeadline() <= clock.now().monotonic)
        await e.tick()
        #expect(spawned == ["db", "web"])
    }

    @Test func aCompletedDependencyGatesOnTheExitCode() async throws {
        let e = engine(
            checkedProgram("migrate", autorestart: .never),
            checkedProgram("web", dependsOn: [dependency("migrate", .completed)]))
        await e.tick()
        #expect(spawned == ["migrate"])
        clock.advance(0.1)
        await e.tick()
        #expect(try await info(e, "migrate").state == .running)
        await e.childExited(pid: pid("migrate"), status: .exited(code: 0))
        await e.tick()
        #expect(spawned == ["migrate", "web"])
    }

    @Test func aFailedCompletionBlocksTheDependentAndSaysSoOnce() async throws {
        let e = engine(
            checkedProgram("migrate", autorestart: .never),
            checkedProgram("web", dependsOn: [dependency("migrate", .completed)]))
        await e.tick()
        await e.tick()
        await e.childExited(pid: pid("migrate"), status: .exited(code: 3))
        await e.tick()
        await e.tick()
        clock.advance(5)
        await e.tick()
        #expect(spawned == ["migrate"])
        #expect(try await info(e, "web").note == "dependency migrate exited with status 3")
        #expect(logger.all.filter { $0.contains("web is not started") } == [
            "WARN web is not started: dependency migrate exited with status 3",
        ])
    }

    @Test func aDependencyWithoutAutostartIsWaitedForNotABlocker() async throws {
        let e = engine(
            checkedProgram("db", autostart: false),
            checkedProgram("web", dependsOn: [dependency("db")]))
        await e.tick()
        #expect(spawned.isEmpty)
        #expect(try await info(e, "web").note == "waiting for db (STOPPED)")
        try await e.startProcess(ProcessKey(group: "db", name: "db"), wait: false)
        await e.tick()
        #expect(spawned == ["db"])
        clock.advance(0.1)
        await e.tick()
        await e.tick()
        #expect(spawned == ["db", "web"])
    }

    @Test func aFatalDependencyRecoveringLetsTheDependentStart() async throws {
        let e = engine(
            checkedProgram("db", startSecs: 1, startRetries: 0),
            checkedProgram("web", dependsOn: [dependency("db")]))
        await e.tick()
        await e.childExited(pid: pid("db"), status: .exited(code: 1))
        clock.advance(1)
        await e.tick()
        #expect(try await info(e, "db").state == .fatal)
        await e.tick()
        #expect(try await info(e, "web").note == "dependency db is FATAL")
        try await e.startProcess(ProcessKey(group: "db", name: "db"), wait: false)
        clock.advance(1.5)
        await e.tick()
        await e.tick()
        #expect(spawned == ["db", "db", "web"])
    }

    @Test func startingADependentStartsItsDependenciesFirstAndWaits() async throws {
        let e = engine(
            checkedProgram("db", autostart: false, readiness: ReadinessOptions(check: .notify)),
            checkedProgram("web", autostart: false, dependsOn: [dependency("db")]))
        let runtime = runtime
        let started = startWithWait(e, "web")
        try await pollUntil { runtime.spawnCount == 1 }
        #expect(spawned == ["db"])
        await e.childOutput(.notify(pid: pid("db"), message: NotifyMessage(ready: true)))
        await e.tick()
        try await pollUntil { runtime.spawnCount == 2 }
        clock.advance(0.1)
        await e.tick()
        #expect(await started.value == nil)
        #expect(try await info(e, "web").state == .running)
    }

    @Test func startingADependentFailsNamingTheBlocker() async throws {
        let e = engine(
            checkedProgram("db", autostart: false, startSecs: 1, startRetries: 0),
            checkedProgram("web", autostart: false, dependsOn: [dependency("db")]))
        let runtime = runtime
        let clock = clock
        let started = startWithWait(e, "web")
        try await pollUntil { runtime.spawnCount == 1 }
        await e.childExited(pid: runtime.lastPid, status: .exited(code: 1))
        clock.advance(1)
        await e.tick()
        await e.tick()
        #expect(await started.value == .dependencyFailed("web", "dependency db is FATAL"))
        #expect(spawned == ["db"])
    }

    @Test func shutdownStopsDependentsBeforeTheirDependencies() async throws {
        let e = engine(
            checkedProgram("db", priority: 900),
            checkedProgram("web", priority: 1, dependsOn: [dependency("db", .started)]))
        await e.tick()
        await e.tick()
        #expect(spawned == ["db", "web"])
        await e.requestShutdown()
        await e.tick()
        #expect(runtime.signals.map(\.pid) == [pid("web")])
        await e.tick()
        #expect(runtime.signals.count == 1)
        await e.childExited(pid: pid("web"), status: .signaled(signal: 15, coreDumped: false))
        await e.tick()
        #expect(runtime.signals.map(\.pid) == [pid("web"), pid("db")])
    }

    @Test func stopAllStopsDependentsFirst() async throws {
        let e = engine(
            checkedProgram("db", priority: 900),
            checkedProgram("web", priority: 1, dependsOn: [dependency("db", .started)]))
        await e.tick()
        await e.tick()
        let runtime = runtime
        let webPid = pid("web")
        let dbPid = pid("db")
        let keys = await e.allProcessKeys()
        let stopped = Task { await e.stopProcesses(keys, wait: true) }
        try await pollUntil { runtime.signals.count == 1 }
        #expect(runtime.signals.map(\.pid) == [webPid])
        await e.childExited(pid: webPid, status: .signaled(signal: 15, coreDumped: false))
        try await pollUntil { runtime.signals.count == 2 }
        #expect(runtime.signals.map(\.pid) == [webPid, dbPid])
        await e.childExited(pid: dbPid, status: .signaled(signal: 15, coreDumped: false))
        #expect(await stopped.value.map(\.error) == [nil, nil])
    }

    @Test func startAllStartsDependenciesBeforeDependents() async throws {
        let e = engine(
            checkedProgram("web", priority: 1, autostart: false, dependsOn: [dependency("db", .started)]),
            checkedProgram("db", priority: 2, autostart: false))
        let keys = await e.allProcessKeys()
        let results = await e.startProcesses(keys, wait: false)
        #expect(results.count == 2)
        #expect(spawned == ["db"])
        await e.tick()
        #expect(spawned == ["db", "web"])
    }
}
