import Glibc
import LineEditor

/// The real console: unbuffered writes to file descriptors 1 and 2, lines from the line editor when standard
/// input and output are terminals, else from file descriptor 0 with the prompt on standard output (as Python's
/// `input()` does).
///
/// Lines are read from descriptor 0 through one buffer of its own, never through stdio, so the shell, the
/// confirmation prompts and `fg` all see the same stream of piped input.
public final class TerminalConsole: CtlConsole {
    /// The line editor used on a terminal; nil for plain reads only.
    public let editor: (any LineEditor)?
    private var pending: [UInt8] = []
    private var atEnd = false

    /// - Parameter editor: used when standard input and output are both terminals.
    public init(editor: (any LineEditor)?) {
        self.editor = editor
    }

    /// True when line editing can be used: an editor, and both standard input and output are terminals.
    public var isEditing: Bool {
        editor != nil && isatty(STDIN_FILENO) == 1 && isatty(STDOUT_FILENO) == 1
    }

    public func write(_ text: String) {
        Self.writeAll(STDOUT_FILENO, Array(text.utf8))
    }

    public func writeBytes(_ bytes: [UInt8]) {
        Self.writeAll(STDOUT_FILENO, bytes)
    }

    public func writeError(_ text: String) {
        Self.writeAll(STDERR_FILENO, Array(text.utf8))
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) {
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { raw in Glibc.write(fd, raw.baseAddress! + offset, raw.count - offset) }
            if written > 0 {
                offset += written
            } else if written < 0 && errno == EINTR {
                continue
            } else {
                return
            }
        }
    }

    public func readLine(prompt: String, editing: Bool) -> ConsoleInput {
        if editing, isEditing, let editor {
            if let line = editor.readLine(prompt: prompt) { return .line(line) }
            return Interrupts.takePending() ? .interrupted : .endOfInput
        }
        if !prompt.isEmpty { write(prompt) }
        return readPlainLine(fd: STDIN_FILENO)
    }

    /// Reads up to a newline from `fd` through the console's buffer. A last line without a newline is returned
    /// as a line, as Python's `input()` does; Ctrl-C (an `EINTR` with a remembered interrupt) is reported.
    private func readPlainLine(fd: Int32) -> ConsoleInput {
        while true {
            if let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                let line = Array(pending[..<newline])
                pending.removeSubrange(...newline)
                return .line(String(decoding: line, as: UTF8.self))
            }
            if atEnd {
                guard !pending.isEmpty else { return .endOfInput }
                defer { pending.removeAll() }
                return .line(String(decoding: pending, as: UTF8.self))
            }
            var chunk = [UInt8](repeating: 0, count: 4096)
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count > 0 {
                pending += chunk[..<count]
            } else if count == 0 {
                atEnd = true
            } else if errno == EINTR {
                if Interrupts.takePending() { return .interrupted }
            } else {
                atEnd = true
            }
        }
    }

    /// Python's `getpass`: the prompt and the answer go through `/dev/tty` with echo off; without a terminal it
    /// warns on standard error and reads standard input.
    public func readPassword(prompt: String) -> ConsoleInput {
        let tty = open("/dev/tty", O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard tty >= 0 else {
            writeError("Warning: Password input may be echoed.\n" + prompt)
            return readPlainLine(fd: STDIN_FILENO)
        }
        defer { close(tty) }
        var saved = termios()
        let haveTermios = tcgetattr(tty, &saved) == 0
        if haveTermios {
            var quiet = saved
            quiet.c_lflag &= ~tcflag_t(ECHO)
            tcsetattr(tty, TCSAFLUSH, &quiet)
        }
        Self.writeAll(tty, Array(prompt.utf8))
        var line: [UInt8] = []
        var result = ConsoleInput.endOfInput
        while true {
            var byte: UInt8 = 0
            let count = Glibc.read(tty, &byte, 1)
            if count == 1 {
                if byte == UInt8(ascii: "\n") {
                    result = .line(String(decoding: line, as: UTF8.self))
                    break
                }
                line.append(byte)
            } else if count < 0 && errno == EINTR {
                if Interrupts.takePending() {
                    result = .interrupted
                    break
                }
            } else {
                result = line.isEmpty ? .endOfInput : .line(String(decoding: line, as: UTF8.self))
                break
            }
        }
        if haveTermios { tcsetattr(tty, TCSAFLUSH, &saved) }
        Self.writeAll(tty, [UInt8(ascii: "\n")])
        return result
    }
}
