import Foundation
import Glibc
import Testing
import SupervisorTestSupport

/// The interactive shell in a real terminal: supervisorctl runs inside a detached tmux session against a live
/// supervisord, keys are sent with `send-keys`, the screen is read back with `capture-pane`.
@Suite(.serialized, .enabled(if: tmuxPath != nil && libeditInstalled, "needs tmux and libedit.so.2"))
final class TerminalShellTests {
    let daemon: Daemon
    let scratch: TempDirectory

    init() throws {
        daemon = try Daemon(binary: try supervisordBinary(compatDaemons.first ?? "python"), programs: compatPrograms)
        scratch = try TempDirectory()
        try daemon.start()
    }

    deinit {
        daemon.stop()
        scratch.remove()
    }

    /// `binary` with `arguments`, HOME pointing at an empty directory so a developer's ~/.editrc cannot change
    /// key bindings.
    private func command(_ binary: String, _ arguments: String) -> [String] {
        ["/usr/bin/env", "HOME=\(scratch.path)", binary] + arguments.split(separator: " ").map(String.init)
    }

    @Test func completionHistoryTailAndForegroundInOurShell() throws {
        let history = scratch.file("history")
        let session = try TmuxSession(
            command: command(ourSupervisorctl, "-c \(daemon.configPath) -r \(history)"),
            socketPath: scratch.file("tmux-1"))
        defer { session.kill() }
        session.waitForScreen("the initial status") { $0.contains("echoer") && $0.contains("RUNNING") }
        session.waitForPrompt()

        // Tab completes a command, with the trailing space Supervisor's completer adds.
        try session.type("vers")
        try session.press("Tab")
        session.waitForScreen("command completion") { _ in session.lastLine() == "supervisor> version" }
        try session.press("Enter")
        session.waitForScreen("the version") { $0.contains("\n4.3.0\n") || $0.hasSuffix("\n4.3.0") || $0.contains("4.3.0\nsupervisor>") }
        session.waitForPrompt()

        // Process names complete after process commands; ':' and '*' are part of a name.
        try session.type("status ech")
        try session.press("Tab")
        session.waitForScreen("process completion") { _ in session.lastLine() == "supervisor> status echoer" }
        try session.press("C-u")
        try session.type("status web:w")
        try session.press("Tab")
        session.waitForScreen("common prefix of web:web_00 and web:web_01") { _ in
            session.lastLine() == "supervisor> status web:web_0"
        }
        try session.type("1")
        try session.press("Enter")
        session.waitForScreen("the completed status line") { $0.contains("web:web_01                       RUNNING") }
        session.waitForPrompt()

        // Group names complete after update.
        try session.type("update gr")
        try session.press("Tab")
        session.waitForScreen("group completion") { _ in session.lastLine() == "supervisor> update grp" }
        try session.press("C-u")

        // tail -f streams until Ctrl-C, which returns to the prompt.
        try session.type("tail -f echoer")
        try session.press("Enter")
        session.waitForScreen("the streamed log") { $0.contains("==> Press Ctrl-C to exit <==") && $0.contains("out2") }
        try session.press("C-c")
        session.waitForPrompt()

        // fg sends typed lines to the process (cat echoes them into its log) until Ctrl-C.
        try session.type("fg cat")
        try session.press("Enter")
        session.waitForScreen("the fg banner") { $0.hasSuffix("==> Press Ctrl-C to exit <==") }
        try session.type("hello from fg")
        try session.press("Enter")
        session.waitForScreen("the echoed line from cat's log") {
            $0.components(separatedBy: "\n").filter { $0 == "hello from fg" }.count >= 2
        }
        try session.press("C-c")
        session.waitForScreen("leaving fg") { $0.contains("Exiting foreground") }
        session.waitForPrompt()

        try session.type("quit")
        try session.press("Enter")
        #expect(session.waitForExit() == 0)
        let saved = try String(contentsOfFile: history, encoding: .utf8)
        #expect(saved.hasPrefix("_HiStOrY_V2_\n"))
        #expect(saved.contains("status\\040web:web_01\n") && saved.hasSuffix("quit\n"))

        // A second session reads the history back.
        let second = try TmuxSession(
            command: command(ourSupervisorctl, "-c \(daemon.configPath) -r \(history)"),
            socketPath: scratch.file("tmux-2"))
        defer { second.kill() }
        second.waitForPrompt()
        try second.press("Up")
        second.waitForScreen("the last line of the previous session") { _ in second.lastLine() == "supervisor> quit" }
        try second.press("Enter")
        #expect(second.waitForExit() == 0)
    }

    @Test func credentialsArePromptedForWhenTheServerAnswers401() throws {
        let session = try TmuxSession(command: command(ourSupervisorctl, "-s \(daemon.httpURL)"),
                                      socketPath: scratch.file("tmux-auth"))
        defer { session.kill() }
        session.waitForScreen("the user name prompt") { $0.hasSuffix("Server requires authentication\nUsername:") }
        try session.type("user")
        try session.press("Enter")
        session.waitForScreen("the password prompt") { _ in session.lastLine() == "Password:" }
        try session.type("pw")
        try session.press("Enter")
        session.waitForScreen("the status after logging in") { $0.contains("echoer") }
        session.waitForPrompt()
        #expect(!session.screen().contains("pw"), "the password must not be echoed")
        try session.press("C-c")
        #expect(session.waitForExit() == 0)
        #expect(session.screen().hasSuffix("supervisor>"), "Ctrl-C at the prompt prints an empty line")
    }

    @Test func ctrlCDuringACommandEndsTheShell() throws {
        try daemon.ensureStopped(["slow"])
        let session = try TmuxSession(command: command(ourSupervisorctl, "-c \(daemon.configPath)"),
                                      socketPath: scratch.file("tmux-int"))
        defer {
            session.kill()
            try? daemon.ensureStopped(["slow"])
        }
        session.waitForPrompt()
        try session.type("start slow")
        try session.press("Enter")
        #expect(eventually(timeout: .seconds(20)) { daemon.state("slow") == "STARTING" })
        try session.press("C-c")
        #expect(session.waitForExit() == 0)
        #expect(session.screen().hasSuffix("supervisor> start slow\n^C"))
    }

    /// The same keys typed at Python's supervisorctl and at ours give the same screen (pids and uptimes masked).
    @Test func sameScreenAsPythonsShell() throws {
        let python = try pythonSupervisorBin.get() + "/supervisorctl"
        var screens: [String] = []
        for (index, binary) in [python, ourSupervisorctl].enumerated() {
            // The same state for both: sleeper stopped after having run (its description is then a date).
            try daemon.ensureRunning(["sleeper"])
            try daemon.ensureStopped(["sleeper"])
            let session = try TmuxSession(command: command(binary, "-c \(daemon.configPath)"),
                                          socketPath: scratch.file("tmux-cmp-\(index)"))
            defer { session.kill() }
            session.waitForPrompt()
            for line in ["version", "status web:* sleeper", "start sleeper", "foo bar", "help stop", "", "tail echoer",
                         "shutdown"] {
                try session.type(line)
                try session.press("Enter")
                if line == "shutdown" { break }
                session.waitForPrompt()
            }
            session.waitForScreen("the confirmation question") { $0.hasSuffix("y/N?") }
            try session.type("n")
            try session.press("Enter")
            session.waitForPrompt()
            try session.press("C-d")
            #expect(session.waitForExit() == 0)
            screens.append(Masking().apply(session.screen(), binary: binary))
        }
        #expect(screens[0] == screens[1])
    }
}
