import Foundation
import Glibc
import SupervisorTestSupport

/// Polls `condition` every few milliseconds until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        if condition() { return true }
        if clock.now >= deadline { return false }
        usleep(5000)
    }
}

/// The package root: the nearest ancestor of this file holding `Package.swift`.
func packageRoot(file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url.path
        }
        url = url.deletingLastPathComponent()
    }
    return FileManager.default.currentDirectoryPath
}

/// Runs `arguments` to completion; exit code and output (stdout and stderr together).
func run(_ arguments: [String], timeout: Duration = .seconds(60)) throws -> (status: Int32, output: String) {
    let out = "/tmp/cmp-run-\(getpid())-\(UInt64.random(in: 0...UInt64.max)).out"
    defer { unlink(out) }
    let child = try ChildProcess(arguments, stdoutPath: out, stderrPath: out)
    guard let status = child.wait(timeout: timeout) else {
        child.signalGroup(SIGKILL)
        _ = child.wait(timeout: .seconds(5))
        throw HarnessError("\(arguments) did not finish within \(timeout)")
    }
    return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
}

/// The bin directory of the Python Supervisor 4.3.0 venv (`scripts/python-supervisor.sh` installs it on first
/// use), computed once per test process.
let pythonBin: Result<String, HarnessError> = {
    let script = packageRoot() + "/scripts/python-supervisor.sh"
    do {
        let (status, output) = try run(["/bin/bash", script], timeout: .seconds(600))
        let bin = output.split(separator: "\n").last.map(String.init) ?? ""
        guard status == 0, FileManager.default.isExecutableFile(atPath: bin + "/supervisorctl") else {
            return .failure(HarnessError("\(script) exited \(status) without a usable venv: \(output)"))
        }
        return .success(bin)
    } catch {
        return .failure(HarnessError("cannot run \(script): \(error)"))
    }
}()

/// Our `supervisord`, built beside the test bundle.
let swiftSupervisord: String = {
    var dir = (CommandLine.arguments[0] as NSString).deletingLastPathComponent
    while !dir.isEmpty, dir != "/", !FileManager.default.fileExists(atPath: dir + "/supervisord") {
        dir = (dir as NSString).deletingLastPathComponent
    }
    return dir + "/supervisord"
}()

/// Replaces what differs from run to run (pids, uptimes, stop times, AUTO log names) with fixed markers.
func mask(_ text: String) -> String {
    var s = text
    let rules: [(String, String)] = [
        (#"pid \d+, uptime \d+:\d\d:\d\d"#, "pid PID, uptime UPTIME"),
        (#"[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M"#, "STOPTIME"),
        (#"---supervisor-[A-Za-z0-9_]+\.log"#, "---supervisor-AUTO.log"),
        (#"(?m)^[1-9]\d*$"#, "PID"),
        (#"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d,\d{3}"#, "TIME"),
        (#"with pid \d+"#, "with pid PID"),
        (#"/tmp/cmp-[A-Za-z0-9]{6}"#, "DIR"),  // TempDirectory(prefix: "cmp")
        (#"file: \S+ line: \d+"#, "file: FILE line: N"),
    ]
    for (pattern, replacement) in rules {
        s = s.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
    }
    return s
}
