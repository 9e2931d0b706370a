@testable import SupervisorConfig
import Testing

/// `startretries = infinite`, `backoff_strategy`, `backoff_max`, `restart_backoff`, `backoff_reset_after` and
/// `shutdown_on`.
@Suite struct LifecycleParsingTests {
    static func process(_ lines: String) throws -> ProcessConfig {
        let c = try TestContext.parse("[supervisord]\n[program:web]\ncommand=/bin/web\n\(lines)\n")
        return try #require(c.groups.first?.processes.first)
    }

    static func error(_ lines: String) throws -> ConfigError {
        try #require(TestContext.error("[supervisord]\n[program:web]\ncommand=/bin/web\n\(lines)\n"))
    }

    @Test func withoutTheKeysNothingChanges() throws {
        let p = try Self.process("startretries = 5")
        #expect(p.restartPolicy == nil)
        #expect(p.shutdownOn == nil)
        #expect(p.startRetries == 5)
    }

    @Test func infiniteStartRetries() throws {
        #expect(try Self.process("startretries = infinite").startRetries == ProcessConfig.infiniteStartRetries)
        #expect(try Self.process("startretries = INFINITE").startRetries == ProcessConfig.infiniteStartRetries)
    }

    @Test func policies() throws {
        #expect(try Self.process("backoff_strategy = exponential").restartPolicy
            == RestartPolicy(strategy: .exponential, maxDelay: 300))
        #expect(try Self.process("backoff_strategy = linear\nbackoff_max = 30").restartPolicy
            == RestartPolicy(strategy: .linear, maxDelay: 30))
        #expect(try Self.process("restart_backoff = true").restartPolicy == RestartPolicy(restartBackoff: true))
        #expect(try Self.process("restart_backoff = yes\nbackoff_reset_after = 120\nbackoff_max = 2.5").restartPolicy
            == RestartPolicy(maxDelay: 2.5, restartBackoff: true, resetAfter: 120))
        #expect(try Self.process("shutdown_on = Unexpected").shutdownOn == .unexpected)
        #expect(try Self.process("shutdown_on = fatal").shutdownOn == .fatal)
        #expect(try Self.process("shutdown_on = exit").shutdownOn == .exit)
    }

    @Test func errorsNameTheLineAndKey() throws {
        let cases: [(String, String, String, Int)] = [
            ("backoff_strategy = fibonacci", "backoff_strategy", "invalid backoff_strategy 'fibonacci'", 4),
            ("backoff_max = 0", "backoff_max", "0 seconds is too short", 4),
            ("restart_backoff = maybe", "restart_backoff", "not a valid boolean value", 4),
            ("backoff_reset_after = soon", "backoff_reset_after", "not a number of seconds", 4),
            ("shutdown_on = always", "shutdown_on", "invalid shutdown_on 'always'", 4),
            ("startretries = lots", "startretries", "invalid literal for int()", 4),
        ]
        for (lines, option, message, line) in cases {
            let e = try Self.error(lines)
            #expect(e.option == option, "\(lines)")
            #expect(e.message.contains(message), "\(lines): \(e.message)")
            #expect(e.location?.line == line, "\(lines)")
        }
    }
}
