import Glibc
import SupervisorConfig
import SupervisorEngine
import Testing

@testable import SupervisorRuntime

/// `environment_file` and `rlimit_*` through a real `LiveProcessRuntime`: the child prints what it got. Exit tests,
/// each in a fresh copy of the test process: the runtime's reaper waits for any child.
@Suite struct EnvironmentFileRuntimeTests {
    @Test func everySyntaxCaseReachesTheChild() async {
        await #expect(processExitsWith: .success) {
            let (runtime, recorder) = startedRuntime()
            let dir = TempDirectory()
            let file = dir.file("app.env", contents: """
                # comment
                PLAIN=one
                  SPACED = two words  
                export EXPORTED=three
                SINGLE='$HOME "x" \\n # kept'
                DOUBLE="a \\"q\\" b\\\\c\\nd"
                MULTI="line 1
                line 2"
                TRAILING=value # comment
                HASH=a#b
                EMPTY=
                NOEXPAND=${HOME}

                CRLF=yes\r
                """, mode: 0o600)
            var config = envPrinter(dir, ["PLAIN", "SPACED", "EXPORTED", "SINGLE", "DOUBLE", "MULTI", "TRAILING", "HASH",
                                       "EMPTY", "NOEXPAND", "CRLF"])
            config.environmentFiles = [EnvironmentFileRef(path: file)]
            let out = runToExit(runtime, recorder, config)
            let expected = """
                PLAIN=[one]
                SPACED=[two words]
                EXPORTED=[three]
                SINGLE=[$HOME "x" \\n # kept]
                DOUBLE=[a "q" b\\c
                d]
                MULTI=[line 1
                line 2]
                TRAILING=[value]
                HASH=[a#b]
                EMPTY=[]
                NOEXPAND=[${HOME}]
                CRLF=[yes]

                """
            requireThat(out == expected, "got:\n\(out)")
            dir.remove()
            exit(0)
        }
    }

    @Test func laterFilesWinAndEnvironmentWinsOverAllAndSupervisorsVariablesAreUnderTheFiles() async {
        await #expect(processExitsWith: .success) {
            let (runtime, recorder) = startedRuntime(environment: ["PATH": "/usr/bin:/bin", "FROM_DAEMON": "daemon",
                                                                   "OVERRIDDEN": "daemon"])
            let dir = TempDirectory()
            let common = dir.file("common.env", contents: "A=common\nB=common\nC=common\nOVERRIDDEN=file\n", mode: 0o600)
            let own = dir.file("own.env", contents: "B=own\nC=own\nSUPERVISOR_GROUP_NAME=file\n", mode: 0o600)
            var config = envPrinter(dir, ["A", "B", "C", "FROM_DAEMON", "OVERRIDDEN", "SUPERVISOR_GROUP_NAME"])
            config.environmentFiles = [EnvironmentFileRef(path: common), EnvironmentFileRef(path: own)]
            config.environment = ["C": "environment"]
            let out = runToExit(runtime, recorder, config)
            requireThat(out == "A=[common]\nB=[own]\nC=[environment]\nFROM_DAEMON=[daemon]\nOVERRIDDEN=[file]\n"
                + "SUPERVISOR_GROUP_NAME=[file]\n", "got:\n\(out)")
            dir.remove()
            exit(0)
        }
    }

    @Test func missingUnreadableAndMalformedFilesAreSpawnErrorsWithoutValues() async {
        await #expect(processExitsWith: .success) {
            let (runtime, recorder) = startedRuntime()
            let dir = TempDirectory()
            var config = envPrinter(dir, ["A"])
            config.environmentFiles = [EnvironmentFileRef(path: dir.path + "/missing.env")]
            let missing = spawnFailure(runtime, config)
            requireThat(missing == "couldn't read environment file \(dir.path)/missing.env: No such file or directory",
                        missing)
            config.environmentFiles = [EnvironmentFileRef(path: dir.path)]
            let directory = spawnFailure(runtime, config)
            requireThat(directory == "couldn't read environment file \(dir.path): Is a directory", directory)
            let bad = dir.file("bad.env", contents: "A=1\nB='s3cret\n", mode: 0o600)
            config.environmentFiles = [EnvironmentFileRef(path: bad)]
            let malformed = spawnFailure(runtime, config)
            requireThat(malformed == "malformed environment file \(bad), line 2: the quote opened here is never closed",
                        malformed)
            let noEquals = dir.file("noeq.env", contents: "A=1\n\nTOKEN_s3cret\n", mode: 0o600)
            config.environmentFiles = [EnvironmentFileRef(path: noEquals)]
            let line = spawnFailure(runtime, config)
            requireThat(line == "malformed environment file \(noEquals), line 3: no '=' in this line (expected "
                + "KEY=VALUE)", line)
            // A leading `-`: a missing file is skipped, the others still apply.
            let good = dir.file("good.env", contents: "A=good\n", mode: 0o600)
            config.environmentFiles = [EnvironmentFileRef(path: good),
                                       EnvironmentFileRef(path: dir.path + "/missing.env", optional: true)]
            let out = runToExit(runtime, recorder, config)
            requireThat(out == "A=[good]\n", "optional missing file: \(out)")
            requireThat(!recorder.lines.contains { $0.contains("s3cret") }, "no value in the log: \(recorder.lines)")
            dir.remove()
            exit(0)
        }
    }

    @Test func aChangedFileIsPickedUpByTheNextSpawn() async {
        await #expect(processExitsWith: .success) {
            let (runtime, recorder) = startedRuntime()
            let dir = TempDirectory()
            let file = dir.file("secret.env", contents: "TOKEN=first\n", mode: 0o600)
            var config = envPrinter(dir, ["TOKEN"])
            config.environmentFiles = [EnvironmentFileRef(path: file)]
            requireThat(runToExit(runtime, recorder, config) == "TOKEN=[first]\n", "first")
            _ = dir.file("secret.env", contents: "TOKEN=rotated\n", mode: 0o600)
            requireThat(runToExit(runtime, recorder, config) == "TOKEN=[rotated]\n", "rotated")
            dir.remove()
            exit(0)
        }
    }

    @Test func limitsReachTheChildThroughTheRuntime() async {
        await #expect(processExitsWith: .success) {
            let (runtime, recorder) = startedRuntime()
            let dir = TempDirectory()
            var config = ProcessConfig(section: "program:limits", name: "limits", command: "cat /proc/self/limits")
            config.stdout.logfile = .path(dir.path + "/out.log")
            config.stderr.logfile = .none
            config.limits = ProcessLimits([ResourceLimit(.nofile, soft: 123, hard: 456), ResourceLimit(.cpu, soft: 77, hard: 88)])
            let out = runToExit(runtime, recorder, config)
            requireThat(ResourceLimitTests.has(out, row: "Max open files", "123", "456"), out)
            requireThat(ResourceLimitTests.has(out, row: "Max cpu time", "77", "88"), out)
            dir.remove()
            exit(0)
        }
    }
}

// MARK: - Helpers

/// A program printing `NAME=[value]` for each name (the value as `printenv` gives it, `-` when unset).
func envPrinter(_ dir: TempDirectory, _ names: [String]) -> ProcessConfig {
    let script = dir.file("show.sh", contents: """
        #!/bin/sh
        for k in \(names.joined(separator: " ")); do
          if printenv "$k" >/dev/null; then printf '%s=[%s]\\n' "$k" "$(printenv "$k")"; else echo "$k=-"; fi
        done
        """, mode: 0o755)
    var config = ProcessConfig(section: "program:show", name: "show", command: script)
    config.stdout.logfile = .path(dir.path + "/out.log")
    config.stderr.logfile = .none
    return config
}

/// Spawns `config`, waits for its exit and returns what it printed (the log is rewritten each run).
func runToExit(_ runtime: LiveProcessRuntime, _ recorder: RuntimeRecorder, _ config: ProcessConfig) -> String {
    guard case .path(let log) = config.stdout.logfile else { failHere("no log") }
    unlink(log)
    var spawnRequest = request(config)
    spawnRequest.stdoutLogfile = log
    let outcome = runtime.spawn(spawnRequest)
    guard case .spawned(let pid, false) = outcome else { failHere("spawn: \(outcome)") }
    requireThat(eventually(timeout: .seconds(20)) { recorder.exits[pid] != nil }, "exited")
    return readSmallFile(log) ?? ""
}

func spawnFailure(_ runtime: LiveProcessRuntime, _ config: ProcessConfig) -> String {
    let outcome = runtime.spawn(request(config))
    guard case .failed(let failure) = outcome, failure.kind == .other else { failHere("not a failure: \(outcome)") }
    return failure.message
}
