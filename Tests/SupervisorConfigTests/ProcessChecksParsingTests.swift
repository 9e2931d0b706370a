@testable import SupervisorConfig
import Testing

/// `ready_check`, `health_check`, `depends_on` and their options in program sections.
@Suite struct ProcessChecksParsingTests {
    static let file = "/etc/supervisor/supervisord.conf"

    /// The checks of the only process of `[program:web]` with `lines` after its `command=` (line 3).
    static func checks(_ lines: String, environment: [String: String] = TestContext.environment) throws
        -> ProcessChecks? {
        let c = try TestContext.parse("[supervisord]\n[program:web]\ncommand=/bin/web\n\(lines)\n",
                                      environment: environment)
        return try #require(c.groups.first?.processes.first).checks
    }

    /// The error of `[program:web]` with `lines` after its `command=`, described in full.
    static func error(_ lines: String) throws -> ConfigError {
        try #require(TestContext.error("[supervisord]\n[program:web]\ncommand=/bin/web\n\(lines)\n"))
    }

    // MARK: - Compatibility

    @Test func aConfigWithoutTheNewKeysHasNoChecks() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [program:a]
            command=/bin/a
            numprocs=2
            process_name=%(program_name)s_%(process_num)d
            [group:g]
            programs=b
            [program:b]
            command=/bin/b
            [eventlistener:l]
            command=/bin/l
            events=TICK_5
            [fcgi-program:f]
            command=/bin/f
            socket=tcp://127.0.0.1:9000
            """)
        let all = c.groups.flatMap(\.processes)
        #expect(all.count == 5)
        #expect(all.allSatisfy { $0.checks == nil })
        #expect(c.groups.first { $0.name == "b" } == nil)
        #expect(try TestContext.parse("[supervisord]\n[program:cat]\ncommand=/bin/cat\n").groups[0].processes
            == [ProcessConfig(section: "program:cat", name: "cat", command: "/bin/cat")])
    }

    @Test func anEmptyDependsOnIsNoCheck() throws {
        #expect(try Self.checks("depends_on =") == nil)
    }

    // MARK: - ready_check

    @Test func tcpChecks() throws {
        #expect(try Self.checks("ready_check = tcp://127.0.0.1:5432")?.readiness
            == ReadinessOptions(check: .probe(.tcp(host: "127.0.0.1", port: 5432))))
        #expect(try Self.checks("ready_check = tcp://db.local:1")?.readiness?.check
            == .probe(.tcp(host: "db.local", port: 1)))
        #expect(try Self.checks("ready_check = tcp://[::1]:65535")?.readiness?.check
            == .probe(.tcp(host: "::1", port: 65535)))
        #expect(ProbeCheck.tcp(host: "::1", port: 80).description == "tcp://[::1]:80")
    }

    @Test func httpChecks() throws {
        #expect(try Self.checks("ready_check = http://127.0.0.1:8000/health?full=1")?.readiness?.check
            == .probe(.http(HTTPCheck(secure: false, host: "127.0.0.1", port: 8000, path: "/health?full=1",
                                      url: "http://127.0.0.1:8000/health?full=1"))))
        #expect(try Self.checks("ready_check = http://localhost")?.readiness?.check
            == .probe(.http(HTTPCheck(secure: false, host: "localhost", port: 80, path: "/",
                                      url: "http://localhost"))))
        #expect(try Self.checks("health_check = http://[::1]:81?x=y")?.health?.check
            == .http(HTTPCheck(secure: false, host: "::1", port: 81, path: "/?x=y", url: "http://[::1]:81?x=y")))
    }

    @Test func execChecksAreSplitLikeCommand() throws {
        #expect(try Self.checks(#"ready_check = exec:pg_isready -h 127.0.0.1 -d "my db""#)?.readiness?.check
            == .probe(.exec(arguments: ["pg_isready", "-h", "127.0.0.1", "-d", "my db"])))
        #expect(try Self.checks("health_check = exec: /bin/true")?.health?.check == .exec(arguments: ["/bin/true"]))
    }

    @Test func logAndNotifyChecks() throws {
        #expect(try Self.checks(#"ready_check = log:listening on port \d+"#)?.readiness?.check
            == .log(pattern: #"listening on port \d+"#))
        #expect(try Self.checks("ready_check = notify")?.readiness?.check == .notify)
    }

    @Test func readinessDefaultsAndOptions() throws {
        let defaults = try #require(try Self.checks("ready_check = notify")?.readiness)
        #expect(defaults.timeout == 60 && defaults.interval == 0.5 && defaults.watchdogSeconds == nil)
        let set = try #require(try Self.checks("""
            ready_check = notify
            ready_timeout = 12.5
            ready_interval = .25
            watchdog_sec = 30
            """)?.readiness)
        #expect(set == ReadinessOptions(check: .notify, timeout: 12.5, interval: 0.25, watchdogSeconds: 30))
    }

    @Test func healthDefaultsAndOptions() throws {
        let defaults = try #require(try Self.checks("health_check = tcp://127.0.0.1:80")?.health)
        #expect(defaults == HealthOptions(check: .tcp(host: "127.0.0.1", port: 80), interval: 10, timeout: 5,
                                          startPeriod: 0, retries: 3, action: .restart))
        let set = try #require(try Self.checks("""
            health_check = tcp://127.0.0.1:80
            health_interval = 1
            health_timeout = 0.5
            health_start_period = 30
            health_retries = 1
            health_action = SHUTDOWN
            """)?.health)
        #expect(set == HealthOptions(check: .tcp(host: "127.0.0.1", port: 80), interval: 1, timeout: 0.5,
                                     startPeriod: 30, retries: 1, action: .shutdown))
        for action in HealthAction.allCases {
            #expect(try Self.checks("health_check = tcp://h:1\nhealth_action = \(action.rawValue)")?.health?.action
                == action)
        }
        #expect(try Self.checks("ready_check = notify")?.health == nil)
    }

    @Test func valuesArePercentExpandedPerProcess() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [program:web]
            command=/bin/web
            numprocs=2
            numprocs_start=1
            process_name=%(program_name)s_%(process_num)d
            environment=PORT="80%(process_num)02d"
            ready_check=tcp://127.0.0.1:%(ENV_PORT)s
            health_check=exec:/bin/check %(program_name)s %(group_name)s %(ENV_APP_ENV)s
            ready_timeout=%(process_num)d
            """)
        let processes = c.groups[0].processes
        #expect(processes.map { $0.checks?.readiness?.check } == [
            .probe(.tcp(host: "127.0.0.1", port: 8001)), .probe(.tcp(host: "127.0.0.1", port: 8002)),
        ])
        #expect(processes.map { $0.checks?.readiness?.timeout } == [1, 2])
        #expect(processes[0].checks?.health?.check == .exec(arguments: ["/bin/check", "web", "web", "prod"]))
    }

    // MARK: - Errors in the check keys

    /// Each broken line (at line 4 unless `line` says otherwise), the option blamed and the message's start.
    static let badChecks: [(lines: String, option: String, message: String, line: Int)] = [
        ("ready_check = bogus", "ready_check", "invalid ready_check 'bogus'", 4),
        ("ready_check =", "ready_check", "invalid ready_check ''", 4),
        ("ready_check = tcp://127.0.0.1", "ready_check", "invalid tcp check 'tcp://127.0.0.1'", 4),
        ("ready_check = tcp://:80", "ready_check", "invalid tcp check", 4),
        ("ready_check = tcp://h:0", "ready_check", "invalid tcp check", 4),
        ("ready_check = tcp://h:65536", "ready_check", "invalid tcp check", 4),
        ("ready_check = tcp://h:80/x", "ready_check", "invalid tcp check", 4),
        ("ready_check = tcp://[::1:80", "ready_check", "invalid tcp check", 4),
        ("ready_check = tcp://[zz]:80", "ready_check", "invalid tcp check", 4),
        ("ready_check = http://", "ready_check", "invalid http check 'http://'", 4),
        ("ready_check = http://h:x/", "ready_check", "invalid http check", 4),
        ("ready_check = http://user@h/", "ready_check", "invalid http check", 4),
        ("ready_check = http://h/a b", "ready_check", "invalid http check", 4),
        ("ready_check = https://h:99999", "ready_check", "https checks are not supported", 4),
        ("health_check = https://example.org/up", "health_check", "https checks are not supported", 4),
        ("ready_check = exec:", "ready_check", "exec: needs a command", 4),
        ("ready_check = exec:check 'open", "ready_check", "can't parse command in 'exec:check 'open': No closing", 4),
        ("ready_check = exec:check ''", "ready_check", "empty word in", 4),
        ("ready_check = log:", "ready_check", "log: needs a regular expression", 4),
        ("ready_check = log:(unclosed", "ready_check", "invalid regular expression '(unclosed': expected ')'", 4),
        ("ready_check = notify\nready_timeout = 0", "ready_timeout", "0 seconds is too short", 5),
        ("ready_check = notify\nready_timeout = soon", "ready_timeout", "not a number of seconds: 'soon'", 5),
        ("ready_check = notify\nready_timeout = 1e3", "ready_timeout", "not a number of seconds", 5),
        ("ready_check = notify\nready_interval = -1", "ready_interval", "not a number of seconds", 5),
        ("ready_check = notify\nready_interval = 0.0", "ready_interval", "0.0 seconds is too short", 5),
        ("ready_check = notify\nwatchdog_sec = 0", "watchdog_sec", "0 seconds is too short", 5),
        ("ready_check = tcp://h:1\nwatchdog_sec = 5", "watchdog_sec", "watchdog_sec needs ready_check = notify", 5),
        ("ready_timeout = 5", "ready_timeout", "ready_timeout is set but ready_check is not", 4),
        ("ready_interval = 5", "ready_interval", "ready_interval is set but ready_check is not", 4),
        ("watchdog_sec = 5", "watchdog_sec", "watchdog_sec is set but ready_check is not", 4),
        ("health_check = notify", "health_check", "notify cannot be a health_check", 4),
        ("health_check = log:x", "health_check", "log: cannot be a health_check", 4),
        ("health_check = udp://h:1", "health_check", "invalid health_check 'udp://h:1'", 4),
        ("health_check = tcp://h:1\nhealth_interval = 0", "health_interval", "0 seconds is too short", 5),
        ("health_check = tcp://h:1\nhealth_timeout = x", "health_timeout", "not a number of seconds", 5),
        ("health_check = tcp://h:1\nhealth_start_period = -1", "health_start_period", "not a number of seconds", 5),
        ("health_check = tcp://h:1\nhealth_retries = 0", "health_retries", "health_retries must be 1 or more", 5),
        ("health_check = tcp://h:1\nhealth_retries = 1.5", "health_retries", "invalid literal for int()", 5),
        ("health_check = tcp://h:1\nhealth_action = reboot", "health_action", "invalid health_action 'reboot'", 5),
        ("health_interval = 5", "health_interval", "health_interval is set but health_check is not", 4),
        ("health_action = none", "health_action", "health_action is set but health_check is not", 4),
        ("health_retries = 2", "health_retries", "health_retries is set but health_check is not", 4),
        ("depends_on = a:b:c", "depends_on", "invalid depends_on entry 'a:b:c'", 4),
        ("depends_on = :ready", "depends_on", "invalid depends_on entry ':ready'", 4),
        ("depends_on = a b", "depends_on", "invalid depends_on entry 'a b'", 4),
        ("depends_on = %(nope)s", "depends_on", "Format string '%(nope)s' for 'program:web.depends_on'", 4),
    ]

    @Test(arguments: 0..<badChecks.count)
    func badCheckValuesAreRefusedWithTheirPlace(_ index: Int) throws {
        let c = Self.badChecks[index]
        let e = try Self.error(c.lines)
        #expect(e.message.hasPrefix(c.message), "\(c.lines) -> \(e.message)")
        #expect(e.location == SourceLocation(file: Self.file, line: c.line), "\(c.lines)")
        #expect(e.section == "program:web" && e.option == c.option, "\(c.lines)")
        #expect(e.hint?.isEmpty == false, "\(c.lines)")
        #expect(e.inOptionBeyondSupervisor)
    }

    @Test func errorsDescribeFileLineSectionOptionAndHint() throws {
        #expect(try Self.error("ready_check = bogus").description
            == "/etc/supervisor/supervisord.conf:4: [program:web] ready_check: invalid ready_check 'bogus' (expected "
            + "tcp://HOST:PORT, http://HOST[:PORT][/PATH], exec:COMMAND ARGS, log:REGEX or notify)")
        #expect(try Self.error("ready_check = tcp://h:1\nwatchdog_sec = 5").description
            == "/etc/supervisor/supervisord.conf:5: [program:web] watchdog_sec: watchdog_sec needs ready_check = "
            + "notify (the program's WATCHDOG=1 messages arrive over sd_notify) (set ready_check = notify or remove "
            + "watchdog_sec)")
    }

    @Test func theSameKeysWorkInEventListenersAndFastCGIPrograms() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [eventlistener:l]
            command=/bin/l
            events=TICK_5
            ready_check=notify
            [fcgi-program:f]
            command=/bin/f
            socket=tcp://127.0.0.1:9000
            health_check=tcp://127.0.0.1:9000
            depends_on=l
            """)
        let l = try #require(c.groups.first { $0.name == "l" }?.processes.first)
        let f = try #require(c.groups.first { $0.name == "f" }?.processes.first)
        #expect(l.checks == ProcessChecks(readiness: ReadinessOptions(check: .notify)))
        #expect(f.checks?.health?.check == .tcp(host: "127.0.0.1", port: 9000))
        #expect(f.checks?.dependencies == [Dependency(name: "l", condition: .ready,
                                                      processes: [ProcessReference(group: "l", name: "l")])])
    }

    @Test func anErrorInAnIncludedFileNamesThatFile() throws {
        let error = try #require(TestContext.error(
            "[supervisord]\n[include]\nfiles=conf.d/*.conf\n",
            extra: ["/etc/supervisor/conf.d/web.conf": "[program:web]\ncommand=x\n\nready_check=tcp://x\n"]))
        #expect(error.location == SourceLocation(file: "/etc/supervisor/conf.d/web.conf", line: 4))
        #expect(error.option == "ready_check")
    }

    // MARK: - depends_on

    static let multi = """
        [supervisord]
        [program:db]
        command=/bin/db
        ready_check=notify
        [program:migrate]
        command=/bin/migrate
        autorestart=false
        [group:pool]
        programs=web,api
        [program:web]
        command=/bin/web
        [program:api]
        command=/bin/api
        numprocs=2
        process_name=%(program_name)s_%(process_num)d
        [program:worker]
        command=/bin/worker
        numprocs=2
        process_name=%(program_name)s_%(process_num)02d

        """

    static func dependencies(of group: String, _ process: String, in text: String) throws -> [Dependency] {
        let c = try TestContext.parse(text)
        let g = try #require(c.groups.first { $0.name == group })
        return try #require(g.processes.first { $0.name == process }?.checks?.dependencies)
    }

    @Test func namesResolveToProcesses() throws {
        let text = Self.multi + """
            [program:front]
            command=/bin/front
            depends_on = db, migrate:completed , pool:web:started, pool:api_1, pool, api:ready, worker
            """
        let deps = try Self.dependencies(of: "front", "front", in: text)
        let ref = ProcessReference.init(group:name:)
        #expect(deps == [
            Dependency(name: "db", condition: .ready, processes: [ref("db", "db")]),
            Dependency(name: "migrate", condition: .completed, processes: [ref("migrate", "migrate")]),
            Dependency(name: "pool:web", condition: .started, processes: [ref("pool", "web")]),
            Dependency(name: "pool:api_1", condition: .ready, processes: [ref("pool", "api_1")]),
            Dependency(name: "pool", condition: .ready,
                       processes: [ref("pool", "web"), ref("pool", "api_0"), ref("pool", "api_1")]),
            Dependency(name: "api", condition: .ready, processes: [ref("pool", "api_0"), ref("pool", "api_1")]),
            Dependency(name: "worker", condition: .ready,
                       processes: [ref("worker", "worker_00"), ref("worker", "worker_01")]),
        ])
    }

    @Test func aGroupMemberMayDependOnAnotherMemberByItsProgramName() throws {
        let text = Self.multi.replacingOccurrences("command=/bin/web\n", "command=/bin/web\ndepends_on=api, db\n")
        let deps = try Self.dependencies(of: "pool", "web", in: text)
        #expect(deps.map(\.processes) == [
            [ProcessReference(group: "pool", name: "api_0"), ProcessReference(group: "pool", name: "api_1")],
            [ProcessReference(group: "db", name: "db")],
        ])
    }

    /// `text` fails on its `depends_on` line `line` of `section` with a message starting `message`.
    static func expectDependencyError(
        _ text: String, line: Int, section: String, _ message: String, sourceLocation: Testing.SourceLocation = #_sourceLocation
    ) throws {
        let e = try #require(TestContext.error(text), sourceLocation: sourceLocation)
        #expect(e.message.hasPrefix(message), "\(e.message)", sourceLocation: sourceLocation)
        #expect(e.location == SupervisorConfig.SourceLocation(file: file, line: line), sourceLocation: sourceLocation)
        #expect(e.section == section && e.option == "depends_on", sourceLocation: sourceLocation)
        #expect(e.hint?.isEmpty == false, sourceLocation: sourceLocation)
        #expect(e.inOptionBeyondSupervisor, sourceLocation: sourceLocation)
    }

    @Test func unknownNamesAreRefused() throws {
        // multi has 19 lines; the appended section starts at line 20, its depends_on is line 22.
        let front = Self.multi + "[program:front]\ncommand=/bin/front\ndepends_on = %@\n"
        try Self.expectDependencyError(front.replacingOccurrences("%@", "nosuch"), line: 22, section: "program:front",
                                       "depends_on names unknown program or group 'nosuch'")
        try Self.expectDependencyError(front.replacingOccurrences("%@", "nosuch:web"), line: 22,
                                       section: "program:front", "depends_on names unknown group 'nosuch' in")
        try Self.expectDependencyError(front.replacingOccurrences("%@", "pool:nosuch"), line: 22,
                                       section: "program:front", "group 'pool' has no process 'nosuch'")
        try Self.expectDependencyError(front.replacingOccurrences("%@", "db:bogus"), line: 22,
                                       section: "program:front", "group 'db' has no process 'bogus'")
        // A program of a [group:x] is not a group of its own.
        try Self.expectDependencyError(front.replacingOccurrences("%@", "web:web"), line: 22,
                                       section: "program:front", "depends_on names unknown group 'web'")
    }

    @Test func selfDependencyIsRefused() throws {
        try Self.expectDependencyError(
            "[supervisord]\n[program:db]\ncommand=x\ndepends_on=db\n", line: 4, section: "program:db",
            "db depends on itself through 'db'")
        try Self.expectDependencyError(
            Self.multi.replacingOccurrences("command=/bin/web\n", "command=/bin/web\ndepends_on=db,pool\n"),
            line: 12, section: "program:web", "pool:web depends on itself through 'pool'")
        try Self.expectDependencyError(
            Self.multi.replacingOccurrences("command=/bin/worker\n", "command=/bin/worker\ndepends_on=worker\n"),
            line: 18, section: "program:worker", "worker:worker_00 depends on itself through 'worker'")
    }

    @Test func cyclesAreRefusedWithTheirPath() throws {
        try Self.expectDependencyError("""
            [supervisord]
            [program:web]
            command=x
            depends_on=db
            [program:db]
            command=x
            depends_on=web:started
            """, line: 7, section: "program:db", "dependency cycle: db -> web -> db")
        try Self.expectDependencyError("""
            [supervisord]
            [program:a]
            command=x
            depends_on=b
            [program:b]
            command=x
            depends_on=c:completed
            [program:c]
            command=x
            depends_on=a
            """, line: 4, section: "program:a", "dependency cycle: a -> b -> c -> a")
        // Through a group: worker_01 waits for the pool, whose web waits for worker (all its processes).
        try Self.expectDependencyError(
            Self.multi
                .replacingOccurrences("command=/bin/web\n", "command=/bin/web\ndepends_on=worker:worker_00\n")
                .replacingOccurrences("command=/bin/worker\n", "command=/bin/worker\ndepends_on=pool\n"),
            line: 12, section: "program:web", "dependency cycle: pool:web -> worker:worker_00 -> pool:web")
    }

    @Test func cycleErrorsNameFileLineSectionAndTheCycle() throws {
        let e = try #require(TestContext.error("""
            [supervisord]
            [program:web]
            command=x
            depends_on=db
            [program:db]
            command=x
            depends_on=web
            """))
        #expect(e.description == "/etc/supervisor/supervisord.conf:7: [program:db] depends_on: dependency cycle: "
            + "db -> web -> db (remove one of these depends_on entries)")
    }
}
