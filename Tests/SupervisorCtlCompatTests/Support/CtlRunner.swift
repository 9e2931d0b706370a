import Foundation
import Glibc
import SupervisorTestSupport

/// What one supervisorctl run printed and returned.
struct CtlOutput: Equatable, CustomStringConvertible {
    var stdout: String
    var stderr: String
    var status: Int32

    var description: String {
        "status \(status)\n--- stdout ---\n\(stdout)--- stderr ---\n\(stderr)"
    }
}

/// Runs a supervisorctl binary with arguments and standard input, optionally interrupting it with SIGINT once a
/// condition holds, with a deadline.
struct CtlRunner {
    let binary: String
    let scratch: TempDirectory

    /// - Parameters:
    ///   - stdin: written to a file that becomes standard input; nil gives `/dev/null`.
    ///   - directory: the working directory.
    ///   - interruptWhen: polled while the command runs; when it returns true, SIGINT is sent once.
    func run(
        _ arguments: [String], stdin: String? = nil, directory: String? = nil,
        interruptWhen: ((String) -> Bool)? = nil, timeout: Duration = .seconds(60)
    ) throws -> CtlOutput {
        let id = UInt32.random(in: 0...UInt32.max)
        let inPath = scratch.file("in-\(id)")
        let outPath = scratch.file("out-\(id)")
        let errPath = scratch.file("err-\(id)")
        defer {
            unlink(inPath)
            unlink(outPath)
            unlink(errPath)
        }
        try (stdin ?? "").write(toFile: inPath, atomically: false, encoding: .utf8)
        // `env -C` changes the directory (posix_spawn_file_actions_addchdir_np needs _GNU_SOURCE); the program
        // still sees its own path as argv[0].
        let prefix = directory.map { ["/usr/bin/env", "-C", $0] } ?? []
        let child = try ChildProcess(prefix + [binary] + arguments, stdinPath: stdin == nil ? "/dev/null" : inPath,
                                     stdoutPath: outPath, stderrPath: errPath)
        if let interruptWhen {
            let fired = eventually(timeout: timeout) {
                !child.isRunning || interruptWhen((try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "")
            }
            if fired && child.isRunning { kill(child.pid, SIGINT) }
        }
        guard let status = child.wait(timeout: timeout) else {
            child.signalGroup(SIGKILL)
            _ = child.wait(timeout: .seconds(5))
            throw HarnessError("\(binary) \(arguments) did not finish within \(timeout)")
        }
        return CtlOutput(
            stdout: (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? "",
            stderr: (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? "",
            status: status)
    }
}

/// Masks what legitimately differs between two runs: pids, uptimes, dates, Python source locations in error
/// lines, and the program's own path.
struct Masking: Sendable {
    /// Extra (regex, replacement) pairs for a row.
    var extra: [(String, String)] = []
    /// Replace lines made only of digits (pids printed by `pid`).
    var digitLines = false
    /// Sort the lines of standard output: supervisord answers `stopAllProcesses` in the order processes
    /// happen to stop, which differs from one call to the next.
    var sortLines = false
    /// For `start` results in an order that varies: the exit status depends on the last error line (spec
    /// `ctl.md` §2, the last assignment wins), so it is checked against the run's own order and, when it agrees,
    /// replaced by -1 before the sorted outputs are compared.
    var startStatusFollowsOrder = false

    /// The status `start` leaves after printing `lines` in this order.
    static func startStatus(after lines: [Substring]) -> Int32 {
        var status: Int32 = 0
        for line in lines {
            if line.hasSuffix("ERROR (spawn error)") || line.hasSuffix("ERROR (abnormal termination)") {
                status = 7
            } else if line.hasSuffix("ERROR (already started)") {
                continue
            } else if line.contains(": ERROR (") {
                status = 1
            }
        }
        return status
    }

    func apply(_ text: String, binary: String) -> String {
        var out = text.replacingOccurrences(of: binary, with: "supervisorctl")
        let rules: [(String, String)] = [
            (#"pid \d+"#, "pid N"),
            (#"uptime \d+:\d\d:\d\d"#, "uptime U"),
            (#"[A-Z][a-z]{2} \d\d \d\d:\d\d [AP]M"#, "DATE"),
            (#"file: \S+ line: \d+"#, "file: F line: L"),
        ] + extra
        for (pattern, replacement) in rules {
            out = out.replacingOccurrences(of: pattern, with: replacement, options: .regularExpression)
        }
        if digitLines {
            out = out.replacingOccurrences(of: #"(?m)^\d+$"#, with: "N", options: .regularExpression)
        }
        if sortLines {
            out = out.split(separator: "\n", omittingEmptySubsequences: false).sorted().joined(separator: "\n")
        }
        return out
    }

    func apply(_ output: CtlOutput, binary: String) -> CtlOutput {
        var status = output.status
        if startStatusFollowsOrder && status == Self.startStatus(after: output.stdout.split(separator: "\n")) {
            status = -1
        }
        return CtlOutput(stdout: apply(output.stdout, binary: binary), stderr: apply(output.stderr, binary: binary),
                         status: status)
    }
}
