import SupervisorConfig
import Testing

/// Start and stop levels from resolved `depends_on`.
@Suite struct DependencyOrderTests {
    static func ref(_ s: String) -> ProcessReference {
        let parts = s.split(separator: ":").map(String.init)
        return parts.count == 2 ? ProcessReference(group: parts[0], name: parts[1]) : ProcessReference(group: s, name: s)
    }

    /// A process of `section`, depending (with `ready`) on each of `on`.
    static func process(_ name: String, priority: Int = 999, on: [String] = []) -> ProcessConfig {
        var p = ProcessConfig(section: "program:\(name)", name: name, command: "/bin/\(name)", priority: priority)
        if !on.isEmpty {
            p.checks = ProcessChecks(dependencies: on.map {
                Dependency(name: $0, condition: .ready, processes: [ref($0)])
            })
        }
        return p
    }

    static func group(_ name: String, priority: Int = 999, _ processes: [ProcessConfig]) -> ProcessGroupConfig {
        ProcessGroupConfig(name: name, priority: priority, kind: .program, processes: processes)
    }

    static func names(_ levels: [[ProcessReference]]) -> [[String]] {
        levels.map { $0.map(\.description) }
    }

    @Test func withoutDependenciesEverythingIsOneLevelInConfigurationOrder() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [program:b]
            command=x
            [program:a]
            command=x
            priority=5
            [program:c]
            command=x
            numprocs=2
            process_name=c%(process_num)d
            """)
        let order = DependencyOrder(groups: c.groups)
        #expect(Self.names(order.startLevels) == [["a", "b", "c:c0", "c:c1"]])
        #expect(Self.names(order.stopLevels) == [["c:c1", "c:c0", "b", "a"]])
        #expect(!order.hasDependencies)
        #expect(DependencyOrder.cycle(in: c.groups) == nil)
        #expect(DependencyOrder(groups: []).startLevels.isEmpty)
    }

    @Test func levelsFollowTheLongestChainAndKeepSupervisorsOrderWithin() {
        // Groups in configuration order (by priority, then name), as the parser sorts them.
        let groups = [
            Self.group("db", priority: 1, [Self.process("db")]),
            Self.group("migrate", priority: 2, [Self.process("migrate", on: ["db"])]),
            Self.group("cache", [Self.process("cache")]),
            Self.group("web", [Self.process("web", on: ["migrate", "cache"])]),
            Self.group("workers", [
                Self.process("w0", priority: 1, on: ["web"]), Self.process("w1", priority: 2, on: ["db"]),
            ]),
        ]
        let order = DependencyOrder(groups: groups)
        #expect(Self.names(order.startLevels) == [["db", "cache"], ["migrate", "workers:w1"], ["web"], ["workers:w0"]])
        #expect(Self.names(order.stopLevels) == [["workers:w0"], ["web"], ["workers:w1", "migrate"], ["cache", "db"]])
        #expect(order.hasDependencies)
        #expect(order.level(of: Self.ref("db")) == 0)
        #expect(order.level(of: Self.ref("workers:w0")) == 3)
        #expect(order.level(of: Self.ref("nope")) == nil)
        #expect(DependencyOrder.cycle(in: groups) == nil)
    }

    @Test func aDependencyOnSeveralProcessesWaitsForAll() {
        var web = Self.process("web")
        web.checks = ProcessChecks(dependencies: [
            Dependency(name: "pool", condition: .started, processes: [Self.ref("pool:a"), Self.ref("pool:b")]),
        ])
        let groups = [
            Self.group("pool", [Self.process("a"), Self.process("b", on: ["solo"])]),
            Self.group("solo", [Self.process("solo")]),
            Self.group("web", [web]),
        ]
        #expect(Self.names(DependencyOrder(groups: groups).startLevels) == [["pool:a", "solo"], ["pool:b"], ["web"]])
    }

    @Test func referencesOutsideTheConfigurationAreIgnored() {
        let groups = [Self.group("web", [Self.process("web", on: ["gone"])])]
        #expect(Self.names(DependencyOrder(groups: groups).startLevels) == [["web"]])
        #expect(DependencyOrder.cycle(in: groups) == nil)
    }

    @Test func cyclesAreFoundAndDoNotHangTheOrder() {
        let two = [Self.group("db", [Self.process("db", on: ["web"])]), Self.group("web", [Self.process("web", on: ["db"])])]
        #expect(DependencyOrder.cycle(in: two)?.map(\.description) == ["db", "web", "db"])
        let three = [
            Self.group("a", [Self.process("a", on: ["b"])]), Self.group("b", [Self.process("b", on: ["c"])]),
            Self.group("c", [Self.process("c", on: ["a"])]), Self.group("d", [Self.process("d")]),
            Self.group("e", [Self.process("e", on: ["a"])]),
        ]
        #expect(DependencyOrder.cycle(in: three)?.map(\.description) == ["a", "b", "c", "a"])
        #expect(Self.names(DependencyOrder(groups: three).startLevels) == [["d"], ["a", "b", "c", "e"]])
        let selfish = [Self.group("s", [Self.process("s", on: ["s"])])]
        #expect(DependencyOrder.cycle(in: selfish)?.map(\.description) == ["s", "s"])
    }

    @Test func aParsedConfiguration() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [program:db]
            command=/bin/db
            ready_check=notify
            [program:migrate]
            command=/bin/migrate
            autorestart=false
            depends_on=db
            [program:web]
            command=/bin/web
            depends_on=db, migrate:completed
            health_check=http://127.0.0.1:8000/health
            [program:worker]
            command=/bin/worker
            numprocs=2
            process_name=%(program_name)s_%(process_num)02d
            depends_on=web:started
            """)
        let order = DependencyOrder(groups: c.groups)
        #expect(Self.names(order.startLevels)
            == [["db"], ["migrate"], ["web"], ["worker:worker_00", "worker:worker_01"]])
    }
}
