import LineEditor

/// The interactive shell (Supervisor's `exec_cmdloop` and `cmd.Cmd.cmdloop`): runs `status` first, then reads
/// commands at `<prompt>> ` until `exit`, `quit`, end of input or Ctrl-C, with line editing, tab completion and a
/// history file when the terminal allows it.
public struct Shell {
    let controller: Controller
    let console: TerminalConsole

    public init(controller: Controller, console: TerminalConsole) {
        self.controller = controller
        self.console = console
    }

    /// Runs until the user leaves. The shell's exit status is always 0, whatever its commands did.
    public func run() {
        let editor = console.isEditing ? console.editor : nil
        let history = controller.options.historyFile
        if let editor {
            let box = ControllerBox(controller)
            editor.setCompletion(wordBreakCharacters: defaultWordBreakCharacters) { request in
                box.controller.completionCandidates(text: request.word, line: request.line)
            }
            if let history { editor.loadHistory(path: history) }
        }
        Interrupts.install()
        var queue = ["status"]
        loop: while true {
            let line: String
            if !queue.isEmpty {
                line = queue.removeFirst()
            } else {
                Interrupts.mode = .remember
                _ = Interrupts.takePending()
                var input = console.readLine(prompt: controller.options.prompt + "> ", editing: true)
                if Interrupts.takePending() { input = .interrupted }
                switch input {
                case .interrupted:
                    controller.output("")
                    break loop
                case .endOfInput:
                    // libedit writes "^D" when Ctrl-D ends the input (em-delete-or-list); GNU readline, which
                    // Python's shell uses, writes nothing. Back over it so the screen looks the same.
                    if editor != nil { console.write("\u{8}\u{8}  \u{8}\u{8}") }
                    line = "EOF"
                case .line(let text):
                    line = text
                    if let editor, !line.isEmpty {
                        editor.addHistory(line)
                        // Saved after every line, so the history survives a Ctrl-C that ends the shell mid-command.
                        if let history { editor.saveHistory(path: history) }
                    }
                }
            }
            if run(line) { break }
        }
        Interrupts.mode = .terminate
    }

    /// Runs one line with Ctrl-C ending the shell; returns true to stop.
    @discardableResult
    private func run(_ line: String) -> Bool {
        Interrupts.mode = .exitShell
        defer { Interrupts.mode = .remember }
        return controller.runLine(line)
    }
}

/// Lets the completion callback, which libedit calls on the thread inside `readLine`, reach the controller.
private final class ControllerBox: @unchecked Sendable {
    // @unchecked Sendable: the controller is only used on the shell's thread; libedit runs the completer inside
    // `readLine` on that same thread, between commands.
    let controller: Controller
    init(_ controller: Controller) { self.controller = controller }
}

extension Controller {
    /// Tab-completion candidates; process names come from `getAllProcessInfo`, cached until the next command.
    func completionCandidates(text: String, line: String) -> [String] {
        Completion.candidates(text: text, line: line) {
            if let completionInfo { return completionInfo }
            let infos = try supervisorArray("getAllProcessInfo").map(ProcessInfo.init)
            completionInfo = infos
            return infos
        }
    }
}
