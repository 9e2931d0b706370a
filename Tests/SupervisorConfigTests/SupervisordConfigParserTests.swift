@testable import SupervisorConfig
import Testing

@Suite struct SupervisordConfigParserTests {
    @Test func defaultsOfAMinimalProgram() throws {
        let c = try TestContext.parse("[supervisord]\n[program:cat]\ncommand=/bin/cat\n")
        #expect(c.supervisord.logfile == "/work/supervisord.log")
        #expect(c.supervisord.pidfile == "/work/supervisord.pid")
        #expect(c.supervisord.logfileMaxBytes == 50 * 1024 * 1024)
        #expect(c.supervisord.logLevel == .info)
        #expect(c.supervisord.childlogdir == "/tmp")
        #expect(c.supervisord.umask == 0o22)
        #expect(c.supervisord.identifier == "supervisor")
        #expect(c.groups.count == 1)
        let g = c.groups[0]
        #expect(g.name == "cat" && g.priority == 999 && g.kind == .program)
        #expect(g.processes == [ProcessConfig(section: "program:cat", name: "cat", command: "/bin/cat")])
        #expect(g.namespec(of: g.processes[0]) == "cat")
        #expect(c.httpServers.isEmpty)
        #expect(c.serverURL == nil)
    }

    @Test func everyProgramOption() throws {
        let c = try TestContext.parse("""
            [supervisord]
            environment=GLOBAL=1,SHARED=global
            [program:web]
            command=/usr/bin/python3 app.py --name %(program_name)s
            directory=/opt/%(program_name)s
            umask=027
            priority=5
            autostart=false
            autorestart=true
            startsecs=5
            startretries=7
            exitcodes=0,2
            stopsignal=QUIT
            stopwaitsecs=30
            stopasgroup=true
            user=www-data
            redirect_stderr=true
            stdout_logfile=/var/log/%(program_name)s.log
            stdout_logfile_maxbytes=1MB
            stdout_logfile_backups=3
            stdout_capture_maxbytes=1KB
            stdout_events_enabled=true
            stdout_syslog=true
            environment=SHARED=mine,B="x y"
            serverurl=AUTO
            """)
        let p = try #require(c.groups.first?.processes.first)
        #expect(p.command == "/usr/bin/python3 app.py --name web")
        #expect(p.directory == "/opt/web")
        #expect(p.umask == 0o27)
        #expect(p.priority == 5 && c.groups[0].priority == 5)
        #expect(p.autostart == false && p.autorestart == .always)
        #expect(p.startSecs == 5 && p.startRetries == 7 && p.exitCodes == [0, 2])
        #expect(p.stopSignal == 3 && p.stopWaitSecs == 30)
        #expect(p.stopAsGroup && p.killAsGroup)
        #expect(p.uid == 33)
        #expect(p.redirectStderr && p.stderr.logfile == .none)
        #expect(p.stdout == LogChannelConfig(logfile: .path("/var/log/web.log"), maxBytes: 1_048_576, backups: 3,
                                             captureMaxBytes: 1024, eventsEnabled: true, syslog: true))
        #expect(p.environment == ["GLOBAL": "1", "SHARED": "mine", "B": "x y"])
        #expect(p.serverURL == nil)
    }

    @Test func numprocsMakesNamedProcessesSortedByName() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [program:foo]
            command=/bin/sleep %(process_num)d
            numprocs=3
            numprocs_start=9
            process_name=%(program_name)s_%(process_num)d
            stdout_logfile=/tmp/%(program_name)s-%(process_num)02d.log
            """)
        let g = c.groups[0]
        #expect(g.processes.map(\.name) == ["foo_10", "foo_11", "foo_9"])
        #expect(g.processes.map(\.command) == ["/bin/sleep 10", "/bin/sleep 11", "/bin/sleep 9"])
        #expect(g.processes.map { g.namespec(of: $0) } == ["foo:foo_10", "foo:foo_11", "foo:foo_9"])
        #expect(g.processes[2].stdout.logfile == .path("/tmp/foo-09.log"))
    }

    @Test func numprocsZeroIsAnEmptyGroup() throws {
        let c = try TestContext.parse("[supervisord]\n[program:none]\nnumprocs=0\n")
        #expect(c.groups[0].processes.isEmpty)
    }

    @Test func heterogeneousGroupTakesItsProgramsAndNamesThem() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [group:g]
            programs=b,a
            priority=3
            [program:a]
            command=echo %(group_name)s %(program_name)s
            [program:b]
            command=echo b
            [program:c]
            command=echo c
            """)
        #expect(c.groups.map(\.name) == ["g", "c"])
        let g = c.groups[0]
        #expect(g.kind == .heterogeneous && g.priority == 3)
        #expect(g.processes.map(\.name) == ["b", "a"])
        #expect(g.processes[1].command == "echo g a")
        #expect(g.processes.map { g.namespec(of: $0) } == ["g:b", "g:a"])
    }

    @Test func groupsAreSortedByPriorityThenName() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [program:z]
            command=z
            priority=1
            [program:b]
            command=b
            [program:a]
            command=a
            [eventlistener:listener]
            command=l
            events=PROCESS_STATE,tick_60,PROCESS_STATE
            """)
        #expect(c.groups.map(\.name) == ["listener", "z", "a", "b"])
        guard case .eventListenerPool(let pool) = c.groups[0].kind else {
            Issue.record("not a pool")
            return
        }
        #expect(pool.events == [.processState, .tick60])
        #expect(pool.bufferSize == 10)
        #expect(c.groups[0].priority == -1)
    }

    @Test func includeGlobsRelativeToTheMainFileSortedAndHereIsEachFilesDirectory() throws {
        let c = try TestContext.parse(
            """
            [supervisord]
            logfile=%(here)s/main.log
            [include]
            files = conf.d/*.conf extra/none-*.ini
            """,
            extra: [
                "/etc/supervisor/conf.d/b.conf": "[program:b]\ncommand=%(here)s/run b\n",
                "/etc/supervisor/conf.d/a.conf": "[program:a]\ncommand=/bin/a\n",
                "/etc/supervisor/conf.d/.hidden.conf": "[program:hidden]\ncommand=/bin/h\n",
                "/etc/supervisor/conf.d/notes.txt": "not included",
            ])
        #expect(c.supervisord.logfile == "/etc/supervisor/main.log")
        #expect(c.includedFiles == ["/etc/supervisor/conf.d/a.conf", "/etc/supervisor/conf.d/b.conf"])
        #expect(c.groups.map(\.name) == ["a", "b"])
        #expect(c.groups[1].processes[0].command == "/etc/supervisor/conf.d/run b")
        #expect(c.messages.contains(ConfigMessage(.info, "Included extra file \"/etc/supervisor/conf.d/a.conf\" during parsing")))
        #expect(c.messages.contains(ConfigMessage(.warning, "No file matches via include \"/etc/supervisor/extra/none-*.ini\"")))
    }

    @Test func includedFilesAreNotRecursive() throws {
        let c = try TestContext.parse(
            "[supervisord]\n[include]\nfiles=one.conf\n",
            extra: [
                "/etc/supervisor/one.conf": "[include]\nfiles=two.conf\n[program:one]\ncommand=x\n",
                "/etc/supervisor/two.conf": "[program:two]\ncommand=x\n",
            ])
        #expect(c.groups.map(\.name) == ["one"])
    }

    @Test func anUnreadableIncludedFileIsSkippedWithAWarning() throws {
        var files = ["/etc/supervisor/supervisord.conf": "[supervisord]\n[include]\nfiles=*.ini\n"]
        files["/etc/supervisor/x.ini"] = "[program:x]\ncommand=x\n"
        let context = TestContext.make(files: files, unreadable: ["/etc/supervisor/x.ini"])
        let c = try SupervisordConfigParser(context: context).parse(path: "/etc/supervisor/supervisord.conf")
        #expect(c.groups.isEmpty)
        #expect(c.messages.contains { $0.level == .warning && $0.text.contains("Permission denied") })
    }

    @Test func environmentExpansionsIncludeSupervisordEnvironmentAndTheProgramsOwn() throws {
        let c = try TestContext.parse("""
            [supervisord]
            environment=LEVEL=%(ENV_APP_ENV)s
            [program:x]
            environment=PORT=80%(process_num)02d
            command=serve --level %(ENV_LEVEL)s --port %(ENV_PORT)s --home %(ENV_HOME)s --on %(host_node_name)s
            """)
        #expect(c.groups[0].processes[0].command == "serve --level prod --port 8000 --home /home/chrism --on testhost")
        #expect(c.groups[0].processes[0].environment == ["LEVEL": "prod", "PORT": "8000"])
    }

    @Test func defaultSectionAppliesToEveryProgram() throws {
        let c = try TestContext.parse("[DEFAULT]\nstartsecs=7\n[supervisord]\n[program:a]\ncommand=a\n")
        #expect(c.groups[0].processes[0].startSecs == 7)
    }

    @Test func serversAndTheirURL() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [inet_http_server]
            port=*:9001
            username=admin
            password={SHA}d033e22ae348aeb5660fc2140aec35850c4da997
            [unix_http_server]
            file=%(here)s/../run/supervisor.sock
            chmod=0770
            chown=nobody:nogroup
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            """)
        #expect(c.httpServers == [
            HTTPServerConfig(section: "inet_http_server", transport: .inet(host: "", port: 9001), username: "admin",
                             password: "{SHA}d033e22ae348aeb5660fc2140aec35850c4da997"),
            HTTPServerConfig(section: "unix_http_server",
                             transport: .unix(path: "/etc/run/supervisor.sock", chmod: 0o770,
                                              chown: Ownership(uid: 65534, gid: 65534)),
                             username: nil, password: nil),
        ])
        #expect(c.serverURL == "unix:///etc/run/supervisor.sock")
        #expect(c.rpcInterfaces.map(\.name) == ["supervisor"])
        #expect(!c.messages.contains { $0.text.contains("rpcinterface") })
    }

    @Test func inetServerURLUsesLocalhostForAllInterfaces() throws {
        let c = try TestContext.parse("[supervisord]\n[inet_http_server]\nport=9001\n")
        #expect(c.serverURL == "http://localhost:9001")
    }

    @Test func missingRPCInterfaceIsServedAnywayWithAWarning() throws {
        let c = try TestContext.parse("[supervisord]\n[unix_http_server]\nfile=/tmp/s.sock\n")
        #expect(c.messages.contains { $0.level == .warning && $0.text.contains("No [rpcinterface:supervisor] section") })
    }

    @Test func foreignRPCInterfacePluginIsReportedNotFatal() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [rpcinterface:twiddler]
            supervisor.rpcinterface_factory = supervisor_twiddler.rpcinterface:make_twiddler_rpcinterface
            """)
        #expect(c.rpcInterfaces.isEmpty)
        #expect(c.messages.contains { $0.text.contains("twiddler") && $0.level == .warning })
    }

    @Test func everyMainFactorySectionIsAnInterfaceInFileOrder() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [unix_http_server]
            file=/tmp/s.sock
            [rpcinterface:extra]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            """)
        #expect(c.rpcInterfaces.map(\.name) == ["extra", "supervisor"])
    }

    @Test func anOptionBesidesTheMainFactoryIsRefusedWhereItIs() throws {
        let error = try #require(TestContext.error("""
            [supervisord]
            [unix_http_server]
            file=/tmp/s.sock
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            retries = 3
            """))
        #expect(error.description == "/etc/supervisor/supervisord.conf:6: [rpcinterface:supervisor] retries: Could not "
            + "make supervisor rpc interface (make_main_rpcinterface() got an unexpected keyword argument 'retries': "
            + "supervisor.rpcinterface_factory is the only option of this section)")
    }

    /// Python's `parser.options(section)` includes `[DEFAULT]`, so a default reaches the factory too.
    @Test func aDefaultOptionReachesTheFactoryToo() throws {
        let error = try #require(TestContext.error("""
            [DEFAULT]
            foo = 1
            [supervisord]
            [inet_http_server]
            port=127.0.0.1:9001
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            """))
        #expect(error.message == "Could not make supervisor rpc interface")
        #expect(error.section == "rpcinterface:supervisor")
        #expect(error.option == "foo")
        #expect(error.location?.line == 2)
    }

    /// Without an HTTP server Supervisor makes no rpcinterface at all, so the options are never passed on.
    @Test func optionsBesidesTheFactoryAreHarmlessWithoutAServer() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            retries = 3
            """)
        #expect(c.rpcInterfaces.map(\.name) == ["supervisor"])
    }

    /// Every other configuration error comes first, as in Supervisor (which only makes the interfaces when it
    /// opens its servers).
    @Test func otherErrorsComeBeforeTheFactorysRefusal() throws {
        let error = try #require(TestContext.error("""
            [supervisord]
            [unix_http_server]
            file=/tmp/s.sock
            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface
            retries = 3
            [program:x]
            command=/bin/cat
            startsecs=soon
            """))
        #expect(error.option == "startsecs")
    }

    @Test func backslashContinuationInCommandIsJoinedLikeAShell() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [program:flask_prod]
            command=/opt/venv/bin/gunicorn -w 4 -k gthread -t 60 \\
                -b 127.0.0.1:8000 app:app
            """)
        #expect(c.groups[0].processes[0].command == "/opt/venv/bin/gunicorn -w 4 -k gthread -t 60 -b 127.0.0.1:8000 app:app")
        #expect(c.messages.contains { $0.level == .warning && $0.text.contains("backslash") })
    }

    @Test func backslashInsideSingleQuotesIsKept() {
        #expect(ProcessLineJoining.join("echo 'a \\\nb'") == "echo 'a \\\nb'")
        #expect(ProcessLineJoining.join("echo a \\\\\nb") == "echo a \\\\\nb")
        #expect(ProcessLineJoining.join("echo \"a \\\nb\"") == "echo \"a b\"")
    }

    @Test func loggingWarningsAreCollected() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [program:x]
            command=x
            stdout_logfile_maxbytes=0
            redirect_stderr=true
            stderr_logfile=/tmp/err.log
            [program:y]
            command=y
            stdout_logfile=syslog
            """)
        let texts = c.messages.map(\.text)
        #expect(texts.contains("For [program:x], AUTO logging used for stdout_logfile without rollover, set maxbytes > 0 to avoid filling up filesystem unintentionally"))
        #expect(texts.contains("For [program:x], redirect_stderr=true but stderr_logfile has also been set to a filename, the filename has been ignored"))
        #expect(texts.contains("For [program:y], stdout_logfile=syslog but this is deprecated and will be removed.  Use stdout_syslog=true to enable syslog instead."))
        let y = c.groups.first { $0.name == "y" }!.processes[0]
        #expect(y.stdout.logfile == .none && y.stdout.syslog)
    }

    @Test func fastCGIProgramSocket() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [fcgi-program:php]
            command=/usr/bin/php-cgi
            socket=unix:///var/run/%(program_name)s.sock
            user=www-data
            [fcgi-program:tcp]
            command=x
            socket=tcp://LOCALHOST:9000
            socket_backlog=128
            """)
        guard case .fastCGI(let php) = c.groups.first(where: { $0.name == "php" })!.kind,
              case .fastCGI(let tcp) = c.groups.first(where: { $0.name == "tcp" })!.kind
        else {
            Issue.record("not fcgi")
            return
        }
        #expect(php.address == .unix(path: "/var/run/php.sock", mode: 0o700, owner: Ownership(uid: 33, gid: 33)))
        #expect(tcp.url == "tcp://localhost:9000" && tcp.backlog == 128)
    }

    /// `socket=` expands `%(here)s`, `%(program_name)s` and `%(ENV_X)s`, as Supervisor's `get(..., expansions=)`.
    @Test func fastCGISocketExpansions() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [fcgi-program:web]
            command=x
            socket=unix://%(here)s/%(ENV_APP_ENV)s-%(program_name)s.sock
            socket_owner=www-data
            socket_mode=0660
            """)
        guard case .fastCGI(let web) = c.groups[0].kind else {
            Issue.record("not fcgi")
            return
        }
        #expect(web.address == .unix(path: "/etc/supervisor/prod-web.sock", mode: 0o660, owner: Ownership(uid: 33, gid: nil)))
    }

    /// Supervisor's `tcp://([^\s:]+):(\d+)$`, plus what it refuses and we take: `*` or an empty host for every IPv4
    /// interface, an IPv6 literal in brackets.
    @Test(arguments: [
        ("tcp://127.0.0.1:9000", "127.0.0.1", 9000), ("tcp://Example.org:1", "Example.org", 1),
        ("tcp://*:9000", "*", 9000), ("tcp://:9000", "", 9000), ("tcp://[::1]:9000", "[::1]", 9000),
        ("tcp://[fe80::1:2]:65535", "[fe80::1:2]", 65535),
    ])
    func fastCGITCPAddresses(_ text: String, host: String, port: Int) {
        let parsed = ProcessGroupsParser.tcpAddress(text)
        #expect(parsed?.host == host && parsed?.port == port)
    }

    @Test(arguments: [
        "tcp://127.0.0.1", "tcp://127.0.0.1:", "tcp://h:0", "tcp://h:65536", "tcp://h:9x", "tcp://::1:9000",
        "tcp://[::1]9000", "tcp://[]:9000", "tcp://[::g]:9000", "tcp://a b:9000", "udp://h:9000",
    ])
    func fastCGIBadTCPAddresses(_ text: String) {
        #expect(ProcessGroupsParser.tcpAddress(text) == nil)
    }

    @Test func commandLineOverridesWin() throws {
        var o = SupervisordOverrides()
        o.nodaemon = true
        o.logLevel = .init("debug", flag: "-e")
        o.logfile = .init("/tmp/cli.log", flag: "-l")
        o.user = .init("nobody", flag: "-u")
        let context = TestContext.make(files: ["/etc/s.conf": "[supervisord]\nloglevel=warn\nnodaemon=false\nuser=ghost\n"])
        let c = try SupervisordConfigParser(context: context).parse(path: "/etc/s.conf", overrides: o)
        #expect(c.supervisord.nodaemon && c.supervisord.logLevel == .debug)
        #expect(c.supervisord.logfile == "/tmp/cli.log")
        #expect(c.supervisord.uid == 65534)
    }

    @Test func duplicateGroupNamesKeepTheFirstInStartOrder() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [program:a]
            command=x
            [eventlistener:a]
            command=y
            events=TICK_5
            """)
        #expect(c.groups.count == 1)
        #expect(c.groups[0].kind != .program)
        #expect(c.messages.contains { $0.text.contains("More than one section defines the group 'a'") })
    }
}

/// Exposes the shell-style line joining for a direct test.
enum ProcessLineJoining {
    static func join(_ text: String) -> String {
        let config = "[supervisord]\n[program:x]\ncommand=" + text.replacingOccurrences("\n", "\n  ")
        return (try? TestContext.parse(config).groups[0].processes[0].command) ?? "<error>"
    }
}

extension String {
    func replacingOccurrences(_ a: String, _ b: String) -> String {
        split(separator: a, omittingEmptySubsequences: false).joined(separator: b)
    }
}
