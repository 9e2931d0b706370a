import Foundation
import Glibc
import Testing
import SupervisorTestSupport

// Adapted from LineEditorTests (test targets cannot share sources without a support target).

/// The path of `tmux`, or nil when it is not installed.
let tmuxPath: String? = ["/usr/bin/tmux", "/usr/local/bin/tmux", "/bin/tmux"].first {
    FileManager.default.isExecutableFile(atPath: $0)
}

/// True when libedit can be loaded (the shell then edits lines and completes names).
let libeditInstalled: Bool = {
    for name in ["libedit.so.2", "libedit.so"] {
        if let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) {
            dlclose(handle)
            return true
        }
    }
    return false
}()

/// A detached tmux session on a private server socket, running one command in a pane of fixed size. The pane
/// stays after the command ends (`remain-on-exit`), so its last screen and exit status can be read.
///
/// The command runs directly, not behind a shell: Ctrl-C reaches the whole foreground process group, and a
/// non-interactive `sh` waiting for the command would die of it.
final class TmuxSession {
    let tmux: String
    let socketPath: String
    let target = "ctl"

    /// Runs `command` (an absolute path and its arguments; no shell quoting needed beyond single quotes).
    init(command: [String], socketPath: String, width: Int = 110, height: Int = 100) throws {
        guard let tmuxPath else { throw HarnessError("tmux is not installed") }
        tmux = tmuxPath
        self.socketPath = socketPath
        let quoted = command.map { "'" + $0.replacingOccurrences(of: "'", with: "'\\''") + "'" }.joined(separator: " ")
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
        let (status, output) = try runQuietly([tmux, "-S", socketPath, "-f", "/dev/null"] + arguments,
                                              timeout: .seconds(30))
        guard status == 0 else { throw HarnessError("tmux \(arguments) exited \(status)") }
        return output
    }

    /// Types `text` literally.
    func type(_ text: String) throws { try tmuxCommand(["send-keys", "-t", target, "-l", text]) }

    /// Presses keys by tmux name (`Enter`, `Tab`, `Up`, `C-c`).
    func press(_ keys: String...) throws { try tmuxCommand(["send-keys", "-t", target] + keys) }

    /// The screen with the pane's history above it (output written while tmux was still sizing a new pane can
    /// scroll into the history), trailing blank lines and tmux's `Pane is dead` notice removed.
    func screen() -> String {
        let text = (try? tmuxCommand(["capture-pane", "-p", "-S", "-", "-t", target])) ?? ""
        var lines = text.components(separatedBy: "\n").filter { !$0.hasPrefix("Pane is dead (") }
        while lines.last?.trimmingCharacters(in: .whitespaces).isEmpty == true { lines.removeLast() }
        return lines.joined(separator: "\n")
    }

    /// The last screen line.
    func lastLine() -> String {
        screen().components(separatedBy: "\n").last ?? ""
    }

    /// Waits until the last line is exactly `prompt` (an empty prompt, trailing space trimmed by tmux) and the
    /// line editor has switched the terminal out of canonical mode, so the next keys reach the editor. (The prompt
    /// can show a moment before that, and a Ctrl-D typed in canonical mode is lost when the mode changes.)
    @discardableResult
    func waitForPrompt(_ prompt: String = "supervisor>", sourceLocation: SourceLocation = #_sourceLocation) -> Bool {
        waitForScreen("an empty prompt in raw mode", sourceLocation: sourceLocation) { _ in
            lastLine() == prompt && isRaw()
        }
    }

    /// True when the pane's terminal is not in canonical (line) mode.
    func isRaw() -> Bool {
        guard let tty = try? tmuxCommand(["display-message", "-p", "-t", target, "#{pane_tty}"])
            .trimmingCharacters(in: .whitespacesAndNewlines), !tty.isEmpty,
              let (status, settings) = try? runQuietly(["/bin/stty", "-F", tty, "-a"], timeout: .seconds(10)),
              status == 0
        else { return false }
        return settings.contains("-icanon")
    }

    /// Waits until `predicate` holds for the screen; on timeout records the screen as an issue.
    @discardableResult
    func waitForScreen(
        _ what: String, timeout: Duration = .seconds(20), sourceLocation: SourceLocation = #_sourceLocation,
        _ predicate: (String) -> Bool
    ) -> Bool {
        if eventually(timeout: timeout, interval: .milliseconds(10), { predicate(screen()) }) { return true }
        Issue.record("timed out waiting for \(what); screen:\n\(screen())", sourceLocation: sourceLocation)
        return false
    }

    /// The command's exit status once it has ended, else nil. A command that has exited but that tmux has not
    /// reaped yet (a zombie, which happens when the machine is busy) counts as ended, with the status the kernel
    /// keeps for it.
    func exitStatus() -> Int32? {
        let format = "#{pane_dead}:#{pane_dead_status}:#{pane_dead_signal}:#{pane_pid}"
        let text = (try? tmuxCommand(["list-panes", "-t", target, "-F", format])) ?? ""
        let fields = text.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 4 else { return nil }
        // tmux may mark the pane dead when the terminal closes, before it has reaped the process and knows the
        // status; then the zombie's status below is used, or the next poll finds it.
        if fields[0] == "1" {
            if let status = Int32(fields[1]) { return status }
            if let signal = Int32(fields[2]) { return 128 + signal }
        }
        // /proc/<pid>/stat: the state is the first field after the parenthesised name, the wait status the last.
        guard let pid = fields.last, let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")")
        else { return nil }
        let rest = stat[stat.index(after: close)...].split(separator: " ")
        guard rest.first == "Z", let last = rest.last, let wait = Int32(last.trimmingCharacters(in: .whitespacesAndNewlines))
        else { return nil }
        return wait & 0x7F == 0 ? (wait >> 8) & 0xFF : 128 + (wait & 0x7F)
    }

    /// Waits for the command to end and returns its exit status (nil on timeout, recorded as an issue).
    func waitForExit(sourceLocation: SourceLocation = #_sourceLocation) -> Int32? {
        var status: Int32?
        if eventually(timeout: .seconds(20), interval: .milliseconds(20), { status = exitStatus(); return status != nil }) {
            return status
        }
        Issue.record("timed out waiting for the command to end; screen:\n\(screen())", sourceLocation: sourceLocation)
        return nil
    }

    func kill() {
        _ = try? tmuxCommand(["kill-server"])
        unlink(socketPath)
    }
}
