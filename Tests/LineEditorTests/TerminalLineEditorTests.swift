import Foundation
import Testing

/// The libedit editor in a real terminal: `line-editor-demo` runs inside a detached tmux session, keys are sent
/// with `send-keys`, and the screen is read back with `capture-pane`. The project's scripts install tmux; without
/// it these tests are skipped with a message.
@Suite(.enabled(if: tmuxPath != nil, "tmux is not installed (apt-get install -y tmux); terminal tests skipped"))
struct TerminalLineEditorTests {
    @Test(.enabled(if: libeditInstalled, "libedit.so.2 is not installed"))
    func typingCompletionHistoryAndHistoryFileInARealTerminal() throws {
        let directory = NSTemporaryDirectory() + "le-tmux-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let history = directory + "/history"
        // HOME points at the empty directory so a developer's ~/.editrc cannot change key bindings.
        let command = ["/usr/bin/env", "HOME=\(directory)", try demoExecutable(), history]

        // First session: type, complete, recall, quit.
        let first = try TmuxSession(command: command, socketPath: directory + "/tmux-1")
        defer { first.kill() }
        first.waitForScreen("the prompt") { $0.contains("backend: libedit") }
        first.waitForEmptyPrompt()

        try first.type("hello world")
        try first.press("Enter")
        first.waitForScreen("the typed line") { $0.contains("got: [hello world]") }
        first.waitForEmptyPrompt()

        // Tab completes a unique command name; the completer supplies the trailing space, libedit adds nothing.
        try first.type("shu")
        try first.press("Tab")
        first.waitForScreen("command completion") { _ in first.promptLine() == "demo> shutdown" }
        try first.press("Enter")
        first.waitForScreen("the completed command") { $0.contains("got: [shutdown ]") }
        first.waitForEmptyPrompt()

        // After a command, Tab completes process names; ':' is not a word break, so 'web:w' is one word and is
        // extended to the common prefix of web:web_00 and web:web_01.
        try first.type("tail web:w")
        try first.press("Tab")
        first.waitForScreen("common-prefix completion") { _ in first.promptLine() == "demo> tail web:web_0" }
        try first.type("1")
        try first.press("Enter")
        first.waitForScreen("the completed process name") { $0.contains("got: [tail web:web_01]") }
        first.waitForEmptyPrompt()

        // A second Tab on an ambiguous word lists the candidates.
        try first.type("st")
        try first.press("Tab")
        try first.press("Tab")
        first.waitForScreen("the candidate list") { screen in
            screen.components(separatedBy: "\n").contains { line in
                line.contains("start") && line.contains("status") && line.contains("stop") && !line.hasPrefix("demo>")
            }
        }
        try first.press("C-u")
        first.waitForEmptyPrompt()

        // Up walks back through the history, newest first.
        try first.press("Up")
        first.waitForScreen("the newest history entry") { _ in first.promptLine() == "demo> tail web:web_01" }
        try first.press("Up")
        first.waitForScreen("the entry before it") { _ in first.promptLine() == "demo> shutdown" }
        // libedit drops one trailing space from a recalled entry (hist_get in libedit's hist.c), so the recalled
        // "shutdown " comes back as "shutdown". Harmless for supervisorctl, which strips its lines.
        try first.press("Enter")
        first.waitForScreen("the recalled line run again") { $0.contains("got: [shutdown]") }
        first.waitForEmptyPrompt()

        try first.type("quit")
        try first.press("Enter")
        first.waitForScreen("the history being saved") { $0.contains("history saved") && $0.contains("bye") }

        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved == "_HiStOrY_V2_\nhello\\040world\nshutdown\\040\ntail\\040web:web_01\nshutdown\nquit\n")

        // Second session: the history file is read back, so Up recalls the first session's lines.
        let second = try TmuxSession(command: command, socketPath: directory + "/tmux-2")
        defer { second.kill() }
        second.waitForScreen("the prompt with history loaded") { $0.contains("history loaded") }
        second.waitForEmptyPrompt()
        for _ in 0..<5 { try second.press("Up") }
        second.waitForScreen("the oldest entry of the previous session") { _ in
            second.promptLine() == "demo> hello world"
        }
        try second.press("Enter")
        second.waitForScreen("the recalled line") { $0.contains("got: [hello world]") }
        second.waitForEmptyPrompt()
        try second.press("C-d")
        second.waitForScreen("end of input") { $0.contains("bye") }
    }
}
