@testable import SupervisorConfig
@testable import SupervisorEngine
import Testing

/// `ConfigDiff.compare`: Supervisor's `diff_to_active` with `ProcessGroupConfig.__eq__`, `ProcessConfig.__eq__`
/// and the pool and FastCGI variants.
@Suite struct ConfigDiffTests {
    static func group(_ name: String, priority: Int = 999, kind: ProcessGroupConfig.Kind = .program,
                      _ processes: [ProcessConfig]? = nil) -> ProcessGroupConfig {
        ProcessGroupConfig(name: name, priority: priority, kind: kind,
                           processes: processes ?? [ProcessConfig(section: "program:\(name)", name: name, command: "/bin/x")])
    }

    static func changing(_ change: (inout ProcessConfig) -> Void) -> ProcessGroupConfig {
        var g = group("p")
        change(&g.processes[0])
        return g
    }

    @Test func namesComeInNewOrderAndRemovedInActivationOrder() {
        let diff = ConfigDiff.compare(
            active: [Self.group("z"), Self.group("a"), Self.group("m")],
            new: [Self.group("b"), Self.group("m", priority: 5), Self.group("a"), Self.group("c")])
        #expect(diff == ConfigDiff(added: ["b", "c"], changed: ["m"], removed: ["z"]))
        #expect(ConfigDiff.compare(active: [], new: []) == ConfigDiff(added: [], changed: [], removed: []))
    }

    @Test func everyProcessOptionCounts() {
        let changes: [(String, (inout ProcessConfig) -> Void)] = [
            ("name", { $0.name = "q" }), ("command", { $0.command = "/bin/y" }),
            ("directory", { $0.directory = "/tmp" }), ("umask", { $0.umask = 0o22 }), ("priority", { $0.priority = 1 }),
            ("autostart", { $0.autostart = false }), ("autorestart", { $0.autorestart = .always }),
            ("startsecs", { $0.startSecs = 5 }), ("startretries", { $0.startRetries = 9 }), ("uid", { $0.uid = 1 }),
            ("stdout_logfile", { $0.stdout.logfile = .path("/x") }), ("stderr_logfile", { $0.stderr.logfile = .none }),
            ("stdout_logfile_maxbytes", { $0.stdout.maxBytes = 1 }), ("stderr_logfile_backups", { $0.stderr.backups = 1 }),
            ("stdout_capture_maxbytes", { $0.stdout.captureMaxBytes = 1 }),
            ("stderr_events_enabled", { $0.stderr.eventsEnabled = true }), ("stdout_syslog", { $0.stdout.syslog = true }),
            ("stopsignal", { $0.stopSignal = 9 }), ("stopwaitsecs", { $0.stopWaitSecs = 1 }),
            ("stopasgroup", { $0.stopAsGroup = true }), ("killasgroup", { $0.killAsGroup = true }),
            ("exitcodes", { $0.exitCodes = [0, 2] }), ("redirect_stderr", { $0.redirectStderr = true }),
            ("environment", { $0.environment = ["A": "1"] }), ("serverurl", { $0.serverURL = "http://x" }),
        ]
        for (option, change) in changes {
            var active = Self.group("p")
            active.processes[0].stdout.logfile = .path("/tmp/p-stdout---supervisor-x.log")
            active.processes[0].stderr.logfile = .path("/tmp/p-stderr---supervisor-x.log")
            #expect(ConfigDiff.compare(active: [active], new: [Self.changing(change)]).changed == ["p"], "\(option)")
        }
        #expect(ConfigDiff.sameGroup(Self.group("p"), Self.changing { $0.section = "fcgi-program:p" }),
                "the section is not an option")
    }

    @Test func anAutoLogfileOnEitherSideIsSkipped() {
        let explicit = Self.changing { $0.stdout.logfile = .path("/var/log/p.log") }
        #expect(ConfigDiff.sameGroup(explicit, Self.group("p")))
        #expect(ConfigDiff.sameGroup(Self.group("p"), explicit))
        #expect(!ConfigDiff.sameGroup(explicit, Self.changing { $0.stdout.logfile = .none }))
    }

    @Test func membershipOrderAndCountOfProcessesCount() {
        let a = ProcessConfig(section: "program:a", name: "a", command: "/bin/a")
        let b = ProcessConfig(section: "program:b", name: "b", command: "/bin/b")
        let g = Self.group("g", kind: .heterogeneous, [a, b])
        #expect(ConfigDiff.sameGroup(g, Self.group("g", kind: .heterogeneous, [a, b])))
        #expect(!ConfigDiff.sameGroup(g, Self.group("g", kind: .heterogeneous, [b, a])))
        #expect(!ConfigDiff.sameGroup(g, Self.group("g", kind: .heterogeneous, [a])))
        #expect(!ConfigDiff.sameGroup(g, Self.group("g", priority: 1, kind: .heterogeneous, [a, b])))
    }

    @Test func groupKindsCompareAsSupervisorsConfigClassesDo() {
        #expect(ConfigDiff.sameGroup(Self.group("g"), Self.group("g", kind: .heterogeneous)),
                "[program:x] and [group:x] are both ProcessGroupConfig")
        let pool = EventListenerPoolOptions(bufferSize: 10, events: [.tick5, .processState], resultHandler: "h")
        let poolGroup = Self.group("g", kind: .eventListenerPool(pool))
        #expect(!ConfigDiff.sameGroup(Self.group("g"), poolGroup))
        #expect(!ConfigDiff.sameGroup(poolGroup, Self.group("g")))
        var reordered = pool
        reordered.events = [.processState, .tick5]
        #expect(ConfigDiff.sameGroup(poolGroup, Self.group("g", kind: .eventListenerPool(reordered))),
                "pool_events compare as a set")
        for change in [{ (p: inout EventListenerPoolOptions) in p.bufferSize = 20 }, { $0.events = [.tick5] },
                       { $0.resultHandler = "other" }] {
            var other = pool
            change(&other)
            #expect(!ConfigDiff.sameGroup(poolGroup, Self.group("g", kind: .eventListenerPool(other))))
        }
        let socket = FastCGISocket(address: .unix(path: "/tmp/f.sock", mode: 0o700, owner: nil), backlog: nil)
        let fcgi = Self.group("g", kind: .fastCGI(socket))
        #expect(!ConfigDiff.sameGroup(fcgi, Self.group("g")))
        #expect(!ConfigDiff.sameGroup(Self.group("g"), fcgi))
        var modeOnly = socket
        modeOnly.address = .unix(path: "/tmp/f.sock", mode: 0o777, owner: nil)
        modeOnly.backlog = 5
        #expect(ConfigDiff.sameGroup(fcgi, Self.group("g", kind: .fastCGI(modeOnly))), "sockets compare by URL")
        var moved = socket
        moved.address = .tcp(host: "127.0.0.1", port: 9000)
        #expect(!ConfigDiff.sameGroup(fcgi, Self.group("g", kind: .fastCGI(moved))))
    }
}
