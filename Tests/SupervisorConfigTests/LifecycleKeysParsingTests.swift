@testable import SupervisorConfig
import Testing

/// `rlimit_*` and `environment_file` in program sections and `[supervisord]`.
@Suite struct LifecycleKeysParsingTests {
    static let file = "/etc/supervisor/supervisord.conf"

    /// The only process of `[program:web]` with `lines` after its `command=` (line 3) and `supervisord` in
    /// `[supervisord]`.
    static func process(_ lines: String, supervisord: String = "") throws -> ProcessConfig {
        let c = try TestContext.parse("[supervisord]\(supervisord.isEmpty ? "" : "\n" + supervisord)\n[program:web]\n"
            + "command=/bin/web\n\(lines)\n")
        return try #require(c.groups.first?.processes.first)
    }

    static func error(_ lines: String) throws -> ConfigError {
        try #require(TestContext.error("[supervisord]\n[program:web]\ncommand=/bin/web\n\(lines)\n"))
    }

    // MARK: - Compatibility

    @Test func aConfigWithoutTheKeysIsUnchanged() throws {
        let p = try Self.process("")
        #expect(p.limits == nil)
        #expect(p.environmentFiles.isEmpty)
        #expect(p == ProcessConfig(section: "program:web", name: "web", command: "/bin/web"))
        #expect(try TestContext.parse("[supervisord]\n").supervisord.environmentFiles.isEmpty)
        #expect(try Self.process("environment_file =").environmentFiles.isEmpty)
    }

    // MARK: - rlimit_*

    @Test func aSingleValueSetsBothLimits() throws {
        let p = try Self.process("rlimit_nofile = 4096")
        #expect(p.limits == ProcessLimits([ResourceLimit(.nofile, soft: 4096, hard: 4096)]))
    }

    @Test func softAndHardAndUnlimited() throws {
        let limits = try #require(try Self.process("""
            rlimit_nofile = 1024:4096
            rlimit_nproc = 100 : unlimited
            rlimit_core = unlimited
            rlimit_as = 512MB:1GB
            rlimit_memlock = 64kb
            rlimit_stack = 8MB:UNLIMITED
            rlimit_cpu = 30:60
            """).limits)
        #expect(limits.limits == [
            ResourceLimit(.nofile, soft: 1024, hard: 4096),
            ResourceLimit(.nproc, soft: 100, hard: nil),
            ResourceLimit(.core, soft: nil, hard: nil),
            ResourceLimit(.as, soft: 512 * 1024 * 1024, hard: 1024 * 1024 * 1024),
            ResourceLimit(.memlock, soft: 64 * 1024, hard: 64 * 1024),
            ResourceLimit(.stack, soft: 8 * 1024 * 1024, hard: nil),
            ResourceLimit(.cpu, soft: 30, hard: 60),
        ])
        #expect(limits[.as]?.description == "536870912:1073741824")
        #expect(limits[.core]?.description == "unlimited:unlimited")
        #expect(try Self.process("rlimit_core = 0").limits?[.core] == ResourceLimit(.core, soft: 0, hard: 0))
        #expect(try Self.process("rlimit_stack = infinity").limits?[.stack] == ResourceLimit(.stack, soft: nil, hard: nil))
    }

    @Test func valuesAreExpanded() throws {
        let p = try Self.process("numprocs = 1\nrlimit_nofile = %(ENV_FDS)s", supervisord: "environment = FDS=2048")
        #expect(p.limits?[.nofile] == ResourceLimit(.nofile, soft: 2048, hard: 2048))
    }

    static let badLimits: [(lines: String, message: String)] = [
        ("rlimit_nofile = lots", "invalid rlimit_nofile 'lots'"),
        ("rlimit_nofile = 1:2:3", "invalid rlimit_nofile '1:2:3'"),
        ("rlimit_nofile = 512MB", "invalid rlimit_nofile '512MB'"),
        ("rlimit_nproc = -1", "rlimit_nproc cannot be negative: '-1'"),
        ("rlimit_cpu = 1.5", "invalid rlimit_cpu '1.5'"),
        ("rlimit_as = 12XB", "invalid rlimit_as '12XB'"),
        ("rlimit_core = :", "invalid rlimit_core ''"),
        ("rlimit_nofile = 8192:4096", "rlimit_nofile soft limit 8192 is above its hard limit 4096"),
        ("rlimit_stack = unlimited:8MB", "rlimit_stack soft limit unlimited is above its hard limit 8388608"),
        ("rlimit_nofile =", "invalid rlimit_nofile ''"),
    ]

    @Test(arguments: badLimits.indices)
    func badLimitsAreRefusedWithTheirPlace(_ index: Int) throws {
        let c = Self.badLimits[index]
        let e = try Self.error("autostart = true\n" + c.lines)
        #expect(e.message == c.message, "\(c.lines) -> \(e.message)")
        #expect(e.location == SourceLocation(file: Self.file, line: 5))
        #expect(e.section == "program:web" && e.option == c.lines.split(separator: " ")[0].description)
        #expect(e.hint?.isEmpty == false)
        #expect(e.inOptionBeyondSupervisor)
    }

    @Test func limitErrorsDescribeFileLineSectionOptionAndHint() throws {
        #expect(try Self.error("rlimit_as = big").description
            == "/etc/supervisor/supervisord.conf:4: [program:web] rlimit_as: invalid rlimit_as 'big' (expected "
            + "SOFT[:HARD] or unlimited, each a number of bytes with an optional KB, MB or GB suffix or unlimited, "
            + "e.g. 512MB or 64MB:1GB)")
    }

    // MARK: - environment_file

    @Test func environmentFilesWithOptionalOnesAndRelativePaths() throws {
        let p = try Self.process("environment_file = /etc/app.env, -/etc/app.local.env ,secrets.env, - ~/x.env")
        #expect(p.environmentFiles == [
            EnvironmentFileRef(path: "/etc/app.env"),
            EnvironmentFileRef(path: "/etc/app.local.env", optional: true),
            EnvironmentFileRef(path: "/work/secrets.env"),
            EnvironmentFileRef(path: "/home/chrism/x.env", optional: true),
        ])
        #expect(try Self.process("environment_file = %(here)s/app.env").environmentFiles
            == [EnvironmentFileRef(path: "/etc/supervisor/app.env")])
    }

    @Test func supervisordFilesComeFirstForEveryProgram() throws {
        let c = try TestContext.parse("""
            [supervisord]
            environment_file = /etc/common.env, -/etc/common.local.env
            [program:web]
            command = /bin/web
            environment_file = /etc/web.env
            [program:other]
            command = /bin/other
            [eventlistener:l]
            command = /bin/l
            events = TICK_5
            environment_file = /etc/l.env
            """)
        let common = [EnvironmentFileRef(path: "/etc/common.env"),
                      EnvironmentFileRef(path: "/etc/common.local.env", optional: true)]
        #expect(c.supervisord.environmentFiles == common)
        func files(_ name: String) -> [EnvironmentFileRef]? {
            c.groups.first { $0.name == name }?.processes.first?.environmentFiles
        }
        #expect(files("web") == common + [EnvironmentFileRef(path: "/etc/web.env")])
        #expect(files("other") == common)
        #expect(files("l") == common + [EnvironmentFileRef(path: "/etc/l.env")])
    }

    @Test func theSupervisordFilesDoNotFeedEnvExpansion() throws {
        // The files are read at spawn time; %(ENV_X)s sees only the daemon's environment and environment=.
        let e = try #require(TestContext.error("""
            [supervisord]
            environment_file = /etc/common.env
            [program:web]
            command = /bin/web %(ENV_FROM_FILE)s
            """, extra: ["/etc/common.env": "FROM_FILE=1\n"]))
        #expect(e.message.contains("ENV_FROM_FILE"))
    }

    @Test func emptyPathsAreRefused() throws {
        let e = try Self.error("environment_file = /a.env, , /b.env")
        #expect(e.message == "empty path in environment_file '/a.env, , /b.env'")
        #expect(e.location == SourceLocation(file: Self.file, line: 4))
        #expect(e.option == "environment_file" && e.inOptionBeyondSupervisor)
        let dash = try Self.error("environment_file = -")
        #expect(dash.message == "empty path in environment_file '-'")
        let top = try #require(TestContext.error("[supervisord]\nenvironment_file = ,\n"))
        #expect(top.section == "supervisord" && top.option == "environment_file" && top.inOptionBeyondSupervisor)
        #expect(top.location == SourceLocation(file: Self.file, line: 2))
    }

    @Test func theKeysWorkInFastCGIProgramsToo() throws {
        let c = try TestContext.parse("""
            [supervisord]
            [fcgi-program:f]
            command = /bin/f
            socket = tcp://127.0.0.1:9000
            rlimit_nofile = 100
            environment_file = /f.env
            """)
        let p = try #require(c.groups.first?.processes.first)
        #expect(p.limits?[.nofile] == ResourceLimit(.nofile, soft: 100, hard: 100))
        #expect(p.environmentFiles == [EnvironmentFileRef(path: "/f.env")])
    }
}
