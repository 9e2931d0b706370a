import Foundation
import Testing

/// Runs the real `supervisord` binary on a configuration in a fresh short temp directory, and tears it down.
final class DaemonHarness: @unchecked Sendable {
    // @unchecked: used from one test at a time; `process` is set once in `start`.
    let dir: String
    var process: ChildProcess?
    var configPath: String { dir + "/supervisord.conf" }
    var mainLog: String { dir + "/supervisord.log" }
    var pidfile: String { dir + "/supervisord.pid" }

    /// The directory holding the built executables (beside the test bundle).
    static let productsDirectory: String = {
        let path = CommandLine.arguments[0]
        var dir = (path as NSString).deletingLastPathComponent
        while !dir.isEmpty, dir != "/", !FileManager.default.fileExists(atPath: dir + "/supervisord") {
            dir = (dir as NSString).deletingLastPathComponent
        }
        return dir
    }()

    static var supervisord: String { productsDirectory + "/supervisord" }

    init() {
        var template = Array("/tmp/svd-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        dir = String(cString: made!)
    }

    deinit {
        stop(signal: SIGKILL)
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Writes the config: `[supervisord]` with logs and pid file in the temp dir, then `body`.
    func writeConfig(_ body: String, supervisord extra: String = "") {
        let text = """
            [supervisord]
            logfile=\(mainLog)
            pidfile=\(pidfile)
            childlogdir=\(dir)
            loglevel=debug
            \(extra)

            \(body)
            """
        _ = FileManager.default.createFile(atPath: configPath, contents: Data(text.utf8))
    }

    /// Starts `supervisord -n -c <config>` (plus `arguments`), optionally behind a `prefix` command.
    func start(_ arguments: [String] = ["-n"], executable: String = DaemonHarness.supervisord, prefix: [String] = []) throws {
        let argv = prefix + [executable] + arguments + ["-c", configPath]
        process = try ChildProcess(argv, output: dir + "/daemon.out")
    }

    /// Sends a signal to the daemon (through the pid file when it daemonized).
    func send(_ signal: Int32) {
        if let pid = daemonPid { kill(pid, signal) }
    }

    var daemonPid: pid_t? {
        if let text = try? String(contentsOfFile: pidfile, encoding: .utf8),
           let pid = pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)) {
            return pid
        }
        return process?.pid
    }

    /// Sends `signal` and waits for the launched process to exit; returns its exit status (nil if it had to be
    /// killed).
    @discardableResult
    func stop(signal: Int32 = SIGTERM, timeout: Double = 15) -> Int32? {
        guard let p = process else { return nil }
        if let status = p.exitStatus { return status }
        kill(p.pid, signal)
        if let status = p.wait(timeout: timeout) { return status }
        kill(p.pid, SIGKILL)
        _ = p.wait(timeout: 5)
        return nil
    }

    func read(_ path: String) -> String {
        (try? String(contentsOfFile: path.hasPrefix("/") ? path : dir + "/" + path, encoding: .utf8)) ?? ""
    }

    /// Waits until the main log contains `text`.
    func waitForLog(_ text: String, timeout: Double = 10, sourceLocation: SourceLocation = #_sourceLocation) {
        waitFor(timeout: timeout, "main log to contain \(text)\n--- log:\n\(read(mainLog))", sourceLocation: sourceLocation) {
            self.read(self.mainLog).contains(text)
        }
    }

    /// Polls `condition` until it holds or records an issue at the deadline.
    func waitFor(timeout: Double = 10, _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: () -> Bool) {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return }
            usleep(20_000)
        }
        if !condition() { Issue.record("timed out waiting for \(what())", sourceLocation: sourceLocation) }
    }

    /// The pid in the main log's `spawned: '<name>' with pid N` line (the last one).
    func spawnedPid(_ name: String) -> pid_t? {
        let marker = "spawned: '\(name)' with pid "
        guard let line = read(mainLog).split(separator: "\n").last(where: { $0.contains(marker) }),
              let range = line.range(of: marker) else { return nil }
        return pid_t(line[range.upperBound...])
    }

    static func isAlive(_ pid: pid_t) -> Bool {
        // A zombie counts as gone.
        guard kill(pid, 0) == 0 else { return false }
        let stat = (try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8)) ?? ""
        return !stat.contains(") Z ")
    }

    /// Runs a command to completion and returns its exit status and output (stdout and stderr together).
    static func run(_ path: String, _ args: [String], timeout: Double = 30) throws -> (Int32, String) {
        let out = "/tmp/svd-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
        defer { unlink(out) }
        let p = try ChildProcess([path] + args, output: out)
        let status = p.wait(timeout: timeout) ?? -1
        return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
    }
}
