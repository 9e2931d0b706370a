import Foundation
import Testing

/// Issue 17's `environment_file` and `rlimit_*` keys with the real daemon and real children: what the child gets,
/// spawn errors for missing and malformed files (BACKOFF, then FATAL), and a rotated file picked up by a restart.
@Suite(.serialized) struct EnvironmentFileAndLimitTests {
    func write(_ path: String, _ text: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    @Test func filesEnvironmentAndLimitsReachTheChildInOrder() throws {
        let d = DaemonHarness()
        write("\(d.dir)/common.env", "A=common\nB=common\nC=common\n")
        write("\(d.dir)/own.env", "# the program's own\nexport B=own\nC=\"own\"\n")
        d.writeConfig("""
            [program:show]
            command=/bin/sh -c 'echo "A=$A B=$B C=$C"; grep -E "^Max (open files|cpu time)" /proc/self/limits'
            stdout_logfile=\(d.dir)/show.out
            startsecs=0
            autorestart=false
            environment_file=\(d.dir)/own.env
            environment=C="environment"
            rlimit_nofile=256:512
            rlimit_cpu=100
            """, supervisord: "environment_file=\(d.dir)/common.env, -\(d.dir)/absent.env")
        try d.start()
        d.waitFor(timeout: 20, "show exited") { d.read(d.mainLog).contains("exited: show (exit status 0") }
        let out = d.read("\(d.dir)/show.out")
        #expect(out.contains("A=common B=own C=environment\n"), "\(out)")
        let limits = out.split(separator: "\n").dropFirst().map { $0.split(separator: " ").filter { !$0.isEmpty } }
        #expect(limits.contains(["Max", "cpu", "time", "100", "100", "seconds"]), "\(out)")
        #expect(limits.contains(["Max", "open", "files", "256", "512", "files"]), "\(out)")
        _ = d.stop()
    }

    @Test func missingAndMalformedFilesAreSpawnErrorsThatEndFatalWithoutValues() throws {
        let d = DaemonHarness()
        write("\(d.dir)/bad.env", "GOOD=1\nTOKEN_s3cret_without_equals\n")
        d.writeConfig("""
            [program:missing]
            command=/bin/true
            environment_file=\(d.dir)/missing.env
            startretries=1

            [program:malformed]
            command=/bin/true
            environment_file=\(d.dir)/bad.env
            startretries=1
            """)
        try d.start()
        d.waitFor(timeout: 30, "both FATAL") {
            let log = d.read(d.mainLog)
            return log.contains("gave up: missing entered FATAL") && log.contains("gave up: malformed entered FATAL")
        }
        let log = d.read(d.mainLog)
        #expect(log.contains("spawnerr: couldn't read environment file \(d.dir)/missing.env: No such file or directory"))
        #expect(log.contains("spawnerr: malformed environment file \(d.dir)/bad.env, line 2: no '=' in this line "
            + "(expected KEY=VALUE)"))
        #expect(log.components(separatedBy: "spawnerr: couldn't read environment file").count == 3,
                "a first try and one retry (startretries=1) before FATAL")
        #expect(!log.contains("s3cret"), "no text of the file in the log")
        _ = d.stop()
    }

    @Test func aRotatedFileIsPickedUpByTheNextStart() throws {
        let d = DaemonHarness()
        write("\(d.dir)/secret.env", "TOKEN=first\n")
        d.writeConfig("""
            [program:rotating]
            command=/bin/sh -c 'echo "$TOKEN" >> \(d.dir)/tokens; sleep 0.5'
            startsecs=0
            autorestart=true
            environment_file=\(d.dir)/secret.env
            """)
        try d.start()
        d.waitFor(timeout: 20, "first run") { d.read("\(d.dir)/tokens").contains("first\n") }
        write("\(d.dir)/secret.env", "TOKEN=rotated\n")
        d.waitFor(timeout: 20, "a run after the rotation") { d.read("\(d.dir)/tokens").contains("rotated\n") }
        _ = d.stop()
    }
}
