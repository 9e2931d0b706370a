import Glibc
import Synchronization

/// The fallback editor: `Swift.readLine()` after printing the prompt, as Python's `input()` does without readline.
/// It has no editing or completion; history is kept in memory and not written to disk, because the only history
/// format worth writing is libedit's and that needs libedit.
public final class PlainLineEditor: LineEditor {
    private let history = Mutex<[String]>([])

    /// Creates the editor.
    public init() {}

    public var backend: LineEditorBackend { .plain }

    public func readLine(prompt: String) -> String? {
        Self.readPlainLine(prompt: prompt)
    }

    /// Prints `prompt` to standard output, flushes it and reads a line from standard input.
    static func readPlainLine(prompt: String) -> String? {
        print(prompt, terminator: "")
        // fflush(NULL) flushes every stream; naming `stdout` is not concurrency-safe in Swift 6.
        fflush(nil)
        return Swift.readLine(strippingNewline: true)
    }

    public func addHistory(_ line: String) {
        history.withLock { $0.append(line) }
    }

    /// The lines added so far.
    public var entries: [String] {
        history.withLock { $0 }
    }

    public func loadHistory(path: String) -> Bool { false }

    public func saveHistory(path: String) -> Bool { false }

    public func setCompletion(wordBreakCharacters: String, _ completer: @escaping Completer) {}
}
