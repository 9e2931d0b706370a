import Foundation
import Glibc
import Testing
import SupervisorTestSupport

/// The `line-editor-demo` executable built next to the test bundle.
func demoExecutable() throws -> String {
    let testBinaryDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
    let candidates = [
        testBinaryDirectory.appendingPathComponent("line-editor-demo").path,
        Bundle.main.bundleURL.appendingPathComponent("line-editor-demo").path,
        Bundle.main.bundleURL.deletingLastPathComponent().appendingPathComponent("line-editor-demo").path,
    ]
    guard let found = candidates.first(where: { FileManager.default.isExecutableFile(atPath: $0) }) else {
        throw DemoError("line-editor-demo not found in \(candidates)")
    }
    return found
}

struct DemoError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// Polls `condition` every 10 ms until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        if condition() { return true }
        if clock.now >= deadline { return false }
        usleep(10_000)
    }
}

/// Runs `arguments` to completion and returns the status and standard output (see ``runToCompletion``).
func run(_ arguments: [String], input: String? = nil) throws -> (status: Int32, output: String) {
    try runToCompletion(arguments, input: input, timeout: .seconds(30))
}

/// The path of `tmux`, or nil when it is not installed.
let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// A detached tmux session on a private server socket, running one command in a pane of fixed size.
final class TmuxSession {
    let tmux: String
    /// The server's socket (`-S`); put it in the test's temporary directory so it goes away with it (tmux leaves
    /// the socket file behind after `kill-server`).
    let socketPath: String
    let target = "demo"

    init(command: [String], socketPath: String, width: Int = 100, height: Int = 30) throws {
        guard let tmuxPath else { throw DemoError("tmux is not installed") }
        tmux = tmuxPath
        self.socketPath = socketPath
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
        // remain-on-exit keeps the pane (and its last screen) after the command ends.
        do {
            try tmuxCommand(["new-session", "-d", "-s", target, "-x", "\(width)", "-y", "\(height)", quoted,
                             ";", "set-option", "-t", target, "remain-on-exit", "on"])
        } catch {
            kill()
            throw error
        }
    }

    @discardableResult
    func tmuxCommand(_ arguments: [String]) throws -> String {
        let (status, output) = try run([tmux, "-S", socketPath, "-f", "/dev/null"] + arguments)
        guard status == 0 else { throw DemoError("tmux \(arguments) exited \(status)") }
        return output
    }

    /// Types `text` literally.
    func type(_ text: String) throws { try tmuxCommand(["send-keys", "-t", target, "-l", text]) }

    /// Presses keys by tmux name (`Enter`, `Tab`, `Up`, `C-u`).
    func press(_ keys: String...) throws { try tmuxCommand(["send-keys", "-t", target] + keys) }

    /// The visible screen, trailing blank lines removed.
    func screen() -> String {
        let text = (try? tmuxCommand(["capture-pane", "-p", "-t", target])) ?? ""
        var lines = text.components(separatedBy: "\n")
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The last line of the screen that shows the prompt, without trailing spaces.
    func promptLine() -> String? {
        screen().components(separatedBy: "\n").last { $0.hasPrefix("demo>") }
    }

    /// Waits until the last screen line is an empty prompt, so the next keys reach libedit in raw mode rather than
    /// the terminal's cooked mode between two `readline()` calls.
    @discardableResult
    func waitForEmptyPrompt(sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        waitForScreen("an empty prompt", sourceLocation: sourceLocation) {
            $0.components(separatedBy: "\n").last == "demo>"
        }
    }

    /// Waits until `predicate` holds for the screen; on timeout records the screen as an issue.
    @discardableResult
    func waitForScreen(
        _ what: String, timeout: Duration = .seconds(10), sourceLocation: SourceLocation = #_sourceLocation,
        _ predicate: (String) -> Bool
    ) -> Bool {
        if eventually(timeout: timeout, { predicate(screen()) }) { return true }
        Issue.record("timed out waiting for \(what); screen:\n\(screen())", sourceLocation: sourceLocation)
        return false
    }

    func kill() {
        _ = try? tmuxCommand(["kill-server"])
        unlink(socketPath)
    }
}
