import SupervisorConfig
import SupervisorEngine
@testable import SupervisorAPI
import Testing
import XMLRPC

/// `swiftsupervisor.getProcessChecks` / `getAllProcessChecks`, the description words, and the dependency fault.
@Suite struct CheckMethodTests {
    static func checked(_ name: String, autostart: Bool = true, checks: ProcessChecks) -> ProcessGroupConfig {
        var config = ProcessConfig(section: "program:\(name)", name: name, command: "/bin/\(name)", autostart: autostart,
                                   startSecs: 0)
        config.checks = checks
        return ProcessGroupConfig(name: name, priority: 999, kind: .program, processes: [config])
    }

    static let dbAndWeb = [
        checked("db", autostart: false, checks: ProcessChecks(readiness: ReadinessOptions(check: .notify))),
        checked("web", checks: ProcessChecks(
            health: HealthOptions(check: .tcp(host: "127.0.0.1", port: 8000)),
            dependencies: [Dependency(name: "db", condition: .ready, processes: [ProcessReference(group: "db", name: "db")])])),
    ]

    @Test func checksOfAWaitingDependent() async throws {
        let f = Fixture(Self.dbAndWeb[0], Self.dbAndWeb[1])
        await f.engine.tick()
        let web = try await f.call("swiftsupervisor.getProcessChecks", .string("web"))
        #expect(web["health_check"]?.stringValue == "tcp://127.0.0.1:8000")
        #expect(web["health"]?.stringValue == "unknown")
        #expect(web["ready"]?.boolValue == false)
        let deps = web["depends_on"]?.arrayValue ?? []
        #expect(deps.count == 1)
        #expect(deps.first?["name"]?.stringValue == "db")
        #expect(deps.first?["condition"]?.stringValue == "ready")
        #expect(deps.first?["met"]?.boolValue == false)
        #expect(deps.first?["state"]?.stringValue == "STOPPED")
        #expect(web["waiting_for"]?.stringValue == "waiting for db (STOPPED)")
        let db = try await f.call("swiftsupervisor.getProcessChecks", .string("db"))
        #expect(db["ready_check"]?.stringValue == "notify")
        #expect(db["health"]?.stringValue == "")
        let all = try await f.call("swiftsupervisor.getAllProcessChecks").arrayValue ?? []
        #expect(all.compactMap { $0["name"]?.stringValue } == ["db", "web"])
        #expect(await f.fault("swiftsupervisor.getProcessChecks", .string("nope")) == "10 BAD_NAME: nope")
    }

    @Test func listedOnlyWhenTheConfigurationUsesChecks() async throws {
        let f = Fixture()
        let plain = try await f.call("system.listMethods").arrayValue?.compactMap(\.stringValue) ?? []
        #expect(plain.count == 41)
        #expect(!plain.contains("swiftsupervisor.getProcessChecks"))
        // Callable all the same.
        #expect(try await f.call("swiftsupervisor.getAllProcessChecks").arrayValue?.isEmpty == true)
        let listing = SupervisorAPI(engine: f.engine, services: f.services, listExtensions: true)
        let names = await listing.call("system.listMethods", [])
        guard case .success(let value) = names else { Issue.record("listMethods failed"); return }
        let list = value.arrayValue?.compactMap(\.stringValue) ?? []
        #expect(list.count == 43)
        #expect(list.contains("swiftsupervisor.getProcessChecks"))
        #expect(list == list.sorted())
        let help = try await f.call("system.methodHelp", .string("swiftsupervisor.getProcessChecks")).stringValue ?? ""
        #expect(help.hasPrefix("Get readiness, health and dependency details of a process"))
    }

    @Test func aBlockedDependencyIsASpawnErrorNamingIt() async throws {
        let f = Fixture(Self.dbAndWeb[0], Self.dbAndWeb[1])
        f.runtime.state.withLock { $0.failSpawnsWith = SpawnFailure(.other, "boom") }
        let engine = f.engine
        let clock = f.clock
        let ticker = Task {
            for _ in 0..<200 {
                clock.advance(1)
                await engine.tick()
                try? await Task.sleep(for: .milliseconds(5))
            }
        }
        let fault = await f.fault("supervisor.startProcess", .string("web"))
        ticker.cancel()
        #expect(fault == "50 SPAWN_ERROR: web: dependency db is FATAL")
    }

    @Test func descriptionsCarryTheCheckWords() async throws {
        let f = Fixture(Self.dbAndWeb[0], Self.dbAndWeb[1])
        await f.engine.tick()
        let web = try await f.call("supervisor.getProcessInfo", .string("web"))
        #expect(web["description"]?.stringValue == "waiting for db (STOPPED)")
        _ = await f.fault("supervisor.startProcess", .string("db"), .bool(false))
        let db = try await f.call("supervisor.getProcessInfo", .string("db"))
        #expect(db["description"]?.stringValue == "waiting for READY=1")
        #expect(db["statename"]?.stringValue == "STARTING")
    }
}
