import Foundation
import Testing

/// Broken readiness and dependency configurations stop our real `supervisord` before anything starts: exit status
/// 2 with the file and line of the key; `--check-config` prints the start levels of a good one.
@Suite(.serialized) struct DependencyConfigErrorTests {
    /// Runs `supervisord ARGS -c <config>` to completion: exit status and output.
    static func supervisord(_ d: DaemonHarness, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try DaemonHarness.run(DaemonHarness.supervisord, arguments + ["-c", d.configPath], timeout: 30)
    }

    /// The 1-based line of the first line of `path` that is exactly `text`.
    static func line(of text: String, in path: String) throws -> Int {
        let lines = try String(contentsOfFile: path, encoding: .utf8).components(separatedBy: "\n")
        return try #require(lines.firstIndex(of: text)) + 1
    }

    /// `supervisord -n` and `--check-config` both refuse the config with `message` (after `Error: FILE:LINE: `).
    static func expectRefused(_ d: DaemonHarness, file: String, line: Int, _ message: String,
                              sourceLocation: SourceLocation = #_sourceLocation) throws {
        for arguments in [["-n"], ["--check-config"]] {
            let (status, output) = try supervisord(d, arguments)
            #expect(status == 2, "\(arguments): \(output)", sourceLocation: sourceLocation)
            #expect(output.hasPrefix("Error: \(file):\(line): \(message)\nFor help, use "), "\(arguments): \(output)",
                    sourceLocation: sourceLocation)
        }
        #expect(!FileManager.default.fileExists(atPath: d.pidfile), "nothing started", sourceLocation: sourceLocation)
        #expect(!d.read(d.mainLog).contains("spawned:"), sourceLocation: sourceLocation)
    }

    @Test func aDependencyCycleIsAConfigurationError() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:db]
            command=/bin/sleep 100000
            depends_on = web

            [program:cache]
            command=/bin/sleep 100000

            [program:web]
            command=/bin/sleep 100000
            depends_on = cache, db:started
            """)
        try Self.expectRefused(
            d, file: d.configPath, line: Self.line(of: "depends_on = web", in: d.configPath),
            "[program:db] depends_on: dependency cycle: db -> web -> db (remove one of these depends_on entries)")
    }

    @Test func anUnknownDependencyInAnIncludedFileNamesThatFile() throws {
        let d = DaemonHarness()
        let included = d.dir + "/web.conf"
        d.writeConfig("""
            [include]
            files = \(included)

            [program:db]
            command=/bin/sleep 100000
            """)
        try """
            [program:web]
            command=/bin/sleep 100000
            depends_on = db, dbb:ready
            """.write(toFile: included, atomically: true, encoding: .utf8)
        try Self.expectRefused(
            d, file: included, line: 3,
            "[program:web] depends_on: depends_on names unknown program or group 'dbb' (expected a program or group name,"
                + " or GROUP:PROCESS, optionally followed by :ready, :started or :completed)")
    }

    @Test func aBadCheckStringIsAConfigurationError() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:web]
            command=/bin/sleep 100000
            startsecs = 0
            ready_check = ftp://x
            """)
        try Self.expectRefused(
            d, file: d.configPath, line: Self.line(of: "ready_check = ftp://x", in: d.configPath),
            "[program:web] ready_check: invalid ready_check 'ftp://x' (expected tcp://HOST:PORT, http://HOST[:PORT][/PATH],"
                + " exec:COMMAND ARGS, log:REGEX or notify)")
    }

    @Test func checkConfigPrintsTheStartLevels() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:web]
            command=/bin/sleep 100000
            depends_on = redis, migrate:completed
            ready_check = tcp://127.0.0.1:8000

            [program:migrate]
            command=/bin/true
            autorestart = false
            startsecs = 0
            depends_on = redis

            [program:redis]
            command=/bin/sleep 100000
            ready_check = notify

            [program:worker]
            command=/bin/sleep 100000
            """)
        let (status, output) = try Self.supervisord(d, ["--check-config"])
        #expect(status == 0, "\(output)")
        #expect(output == """
            migrate
            redis
            web
            worker
            start level 1: redis worker
            start level 2: migrate
            start level 3: web

            """)
        #expect(!FileManager.default.fileExists(atPath: d.pidfile))
    }
}
