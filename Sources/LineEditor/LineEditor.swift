/// Reads command lines for an interactive shell such as `supervisorctl`, with history and tab completion when a
/// line-editing library is available.
///
/// Use ``makeLineEditor(programName:)`` to get the best implementation for this process: ``LibeditLineEditor``
/// when `libedit.so.2` can be loaded, else ``PlainLineEditor``. Either reads plain lines from standard input when it
/// is not a terminal, as Python's `input()` does.
///
/// - Note: The protocol shares its name with its module because the brief asked for exactly this name, although
///   STYLE.md prefers distinct names. One consequence: `LineEditor.X` names a member of the protocol, never another
///   type of this module, so use this module's other types unqualified.
public protocol LineEditor: AnyObject, Sendable {
    /// Which implementation this is.
    var backend: LineEditorBackend { get }

    /// Shows `prompt` and reads one line, without its newline.
    /// - Returns: nil at end of input (Ctrl-D on an empty line, or end of a piped standard input).
    func readLine(prompt: String) -> String?

    /// Appends `line` to the history that the Up arrow walks through and ``saveHistory(path:)`` writes.
    func addHistory(_ line: String)

    /// Appends the entries of the history file at `path` to the history.
    /// - Returns: false when the file cannot be read (a missing file is the usual case on first use).
    @discardableResult
    func loadHistory(path: String) -> Bool

    /// Writes the whole history to `path`, replacing the file.
    /// - Returns: false when the file cannot be written.
    @discardableResult
    func saveHistory(path: String) -> Bool

    /// Installs the tab-completion hook, replacing any earlier one.
    ///
    /// - Parameters:
    ///   - wordBreakCharacters: the characters that separate words, like Python's `readline.set_completer_delims`.
    ///     ``defaultWordBreakCharacters`` is Python's default minus `:`, `*` and `-`, which is what supervisorctl
    ///     uses (spec `ctl.md` §5).
    ///   - completer: returns the candidate replacements for `request.word`. Candidates that do not start with
    ///     the word are dropped. Like Python's `readline` module, nothing is appended to a unique completion:
    ///     return `"status "` to get a trailing space.
    func setCompletion(wordBreakCharacters: String, _ completer: @escaping Completer)
}

/// Computes completion candidates; called on the thread that is inside ``LineEditor/readLine(prompt:)``.
public typealias Completer = @Sendable (CompletionRequest) -> [String]

/// Python's `readline` default completer delimiters without `:`, `*` and `-`, as supervisorctl sets them.
public let defaultWordBreakCharacters = " \t\n`~!@#$%^&()=+[{]}\\|;'\",<>/?"

/// The implementation behind a ``LineEditor``.
public enum LineEditorBackend: String, Sendable {
    /// libedit's readline-compatible API, loaded with `dlopen`.
    case libedit
    /// `Swift.readLine()`: no editing, no completion, history kept in memory only.
    case plain
}

/// What the user is completing when they press Tab.
public struct CompletionRequest: Equatable, Sendable {
    /// The whole line being edited.
    public var line: String
    /// The word before the cursor, delimited by the word-break characters; may be empty.
    public var word: String
    /// Offset of ``word`` in ``line``, in Unicode scalars (readline's `begidx`).
    public var wordStart: Int
    /// Offset of the cursor in ``line``, in Unicode scalars (readline's `endidx`).
    public var wordEnd: Int

    /// Creates a request.
    public init(line: String, word: String, wordStart: Int, wordEnd: Int) {
        self.line = line
        self.word = word
        self.wordStart = wordStart
        self.wordEnd = wordEnd
    }

    /// The text of the line before the word, for deciding what kind of word is being completed (a command name
    /// when it is blank, else an argument of its first word).
    public var textBeforeWord: String {
        String(String.UnicodeScalarView(line.unicodeScalars.prefix(max(0, wordStart))))
    }
}

/// The best line editor for this process: libedit when it can be loaded, else plain `readLine()`.
/// - Parameter programName: libedit's `rl_readline_name`, which selects sections of `~/.editrc`.
public func makeLineEditor(programName: String = "supervisorctl") -> any LineEditor {
    if let editor = LibeditLineEditor(programName: programName) {
        return editor
    }
    return PlainLineEditor()
}
