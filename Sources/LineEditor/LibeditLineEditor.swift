import Glibc
import Synchronization

// MARK: - libedit's readline-compatible API, loaded at run time

/// `char *readline(const char *prompt)`; the result is `malloc`ed, nil at end of input.
typealias ReadlineFunction = @convention(c) (UnsafePointer<CChar>?) -> UnsafeMutablePointer<CChar>?
/// `int add_history(const char *)`, `int read_history(const char *)`, `int write_history(const char *)`.
typealias HistoryFunction = @convention(c) (UnsafePointer<CChar>?) -> Int32
/// `char **(*rl_attempted_completion_function)(const char *text, int start, int end)`.
typealias AttemptedCompletionFunction =
    @convention(c) (UnsafePointer<CChar>?, Int32, Int32) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?

/// The symbols of libedit's readline emulation (`editline/readline.h`), found with `dlopen`/`dlsym`.
///
/// libedit is BSD-licensed and present in the base image as `libedit.so.2`; loading it at run time means no
/// build-time dependency on `libedit-dev`, and no link against GNU readline, which is GPL (STACK.md §4).
struct LibeditAPI: @unchecked Sendable {
    // @unchecked Sendable: every stored property is an immutable `let` set once by dlsym. The libedit globals they
    // point to are only touched while holding `libeditLock` (a Mutex), or by the completion callback, which libedit
    // runs inside `readline()` on the thread that holds `libeditLock`.

    let readline: ReadlineFunction
    let addHistory: HistoryFunction
    let readHistory: HistoryFunction
    let writeHistory: HistoryFunction
    /// `rl_attempted_completion_function`.
    let attemptedCompletionFunction: UnsafeMutablePointer<AttemptedCompletionFunction?>
    /// `rl_basic_word_break_characters`: the delimiters libedit's `rl_complete` actually uses.
    let basicWordBreakCharacters: UnsafeMutablePointer<UnsafePointer<CChar>?>
    /// `rl_completer_word_break_characters`: GNU readline's name for the same; set too, for consistency.
    let completerWordBreakCharacters: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    /// `rl_completion_append_character`.
    let completionAppendCharacter: UnsafeMutablePointer<Int32>?
    /// `rl_attempted_completion_over`: non-zero stops libedit from falling back to file-name completion.
    let attemptedCompletionOver: UnsafeMutablePointer<Int32>?
    /// `rl_line_buffer`.
    let lineBuffer: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?
    /// `rl_readline_name`.
    let readlineName: UnsafeMutablePointer<UnsafePointer<CChar>?>?

    /// The library names tried in order: the runtime package's soname, then the development symlink.
    static let defaultLibraryNames = ["libedit.so.2", "libedit.so"]

    /// Loads the first library of `libraryNames` that has the required symbols.
    /// - Returns: nil when none can be loaded or a required symbol is missing.
    static func load(libraryNames: [String] = defaultLibraryNames) -> LibeditAPI? {
        for name in libraryNames {
            guard let handle = dlopen(name, RTLD_NOW | RTLD_LOCAL) else { continue }
            if let api = LibeditAPI(handle: handle) {
                // Never dlclose: libedit keeps terminal state and atexit-style cleanup for the process lifetime.
                return api
            }
            dlclose(handle)
        }
        return nil
    }

    private init?(handle: UnsafeMutableRawPointer) {
        func symbol(_ name: String) -> UnsafeMutableRawPointer? { dlsym(handle, name) }
        guard let readline = symbol("readline"),
              let addHistory = symbol("add_history"),
              let readHistory = symbol("read_history"),
              let writeHistory = symbol("write_history"),
              let attempted = symbol("rl_attempted_completion_function"),
              let basicBreaks = symbol("rl_basic_word_break_characters")
        else { return nil }
        self.readline = unsafeBitCast(readline, to: ReadlineFunction.self)
        self.addHistory = unsafeBitCast(addHistory, to: HistoryFunction.self)
        self.readHistory = unsafeBitCast(readHistory, to: HistoryFunction.self)
        self.writeHistory = unsafeBitCast(writeHistory, to: HistoryFunction.self)
        attemptedCompletionFunction = attempted.assumingMemoryBound(to: AttemptedCompletionFunction?.self)
        basicWordBreakCharacters = basicBreaks.assumingMemoryBound(to: UnsafePointer<CChar>?.self)
        completerWordBreakCharacters = symbol("rl_completer_word_break_characters")?
            .assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self)
        completionAppendCharacter = symbol("rl_completion_append_character")?.assumingMemoryBound(to: Int32.self)
        attemptedCompletionOver = symbol("rl_attempted_completion_over")?.assumingMemoryBound(to: Int32.self)
        lineBuffer = symbol("rl_line_buffer")?.assumingMemoryBound(to: UnsafeMutablePointer<CChar>?.self)
        readlineName = symbol("rl_readline_name")?.assumingMemoryBound(to: UnsafePointer<CChar>?.self)
    }
}

/// libedit for this process, loaded on first use; nil when it is not installed.
let sharedLibedit: LibeditAPI? = LibeditAPI.load()

/// Serialises every call into libedit, whose readline emulation keeps process-global state and is not thread-safe.
let libeditLock = Mutex(())
/// The copies of program names handed to libedit as `rl_readline_name`, by name (addresses, so the state is Sendable).
private let readlineNames = Mutex<[String: Int]>([:])

/// The completer the C callback consults.
private let installedCompleter = Mutex<Completer?>(nil)

/// Address of the `strdup`ed word-break string libedit currently points to (0 for none), freed when replaced. Kept
/// as an integer because a raw pointer is not Sendable.
private let wordBreakStorage = Mutex<UInt>(0)

/// The `rl_attempted_completion_function` installed in libedit. A global function, because a C function pointer
/// cannot capture context; it reaches the Swift completer through `installedCompleter`.
///
/// Returns a `malloc`ed, NULL-terminated array in readline's format (libedit `free`s it and its strings), or NULL
/// for no match. `rl_attempted_completion_over` is set so libedit never falls back to completing file names.
private func libeditAttemptedCompletion(
    _ text: UnsafePointer<CChar>?, _ start: Int32, _ end: Int32
) -> UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>? {
    guard let api = sharedLibedit else { return nil }
    api.attemptedCompletionOver?.pointee = 1
    guard let completer = installedCompleter.withLock({ $0 }) else { return nil }
    let word = text.map { String(cString: $0) } ?? ""
    let line = api.lineBuffer?.pointee.map { String(cString: $0) } ?? word
    let request = CompletionRequest(line: line, word: word, wordStart: Int(start), wordEnd: Int(end))
    let matches = CompletionMatches.readlineArray(word: word, candidates: completer(request))
    guard !matches.isEmpty else { return nil }
    // Two spare NULL slots: libedit's fn_complete looks at matches[2] even when there is a single match.
    let slots = matches.count + 2
    guard let raw = calloc(slots, MemoryLayout<UnsafeMutablePointer<CChar>?>.stride) else { return nil }
    let array = raw.bindMemory(to: UnsafeMutablePointer<CChar>?.self, capacity: slots)
    for (index, match) in matches.enumerated() {
        array[index] = strdup(match)
    }
    return array
}

// MARK: - The editor

/// A ``LineEditor`` over libedit's readline emulation: emacs-style editing, Up/Down history, Ctrl-R search and tab
/// completion through ``setCompletion(wordBreakCharacters:_:)``.
///
/// libedit's state is process-global, so all instances share one history and one completer. The history file is
/// libedit's format (a `_HiStOrY_V2_` first line, entries with `strvis` escapes such as `\040` for a space); GNU
/// readline, which Python's supervisorctl uses on Debian, writes plain lines, so the two do not share files.
public final class LibeditLineEditor: LineEditor {
    private let api: LibeditAPI

    /// Loads libedit; nil when it is not installed or lacks the readline API.
    /// - Parameter programName: `rl_readline_name`, which selects sections of `~/.editrc`.
    public init?(programName: String = "supervisorctl") {
        guard let api = sharedLibedit else { return nil }
        self.api = api
        libeditLock.withLock { _ in
            // libedit keeps the pointer, so each name is copied once and kept for the rest of the process (a copy
            // per editor was lost each time another replaced it, which LeakSanitizer reported).
            let copy = readlineNames.withLock { names in
                if let address = names[programName] { return address }
                let address = Int(bitPattern: strdup(programName))
                names[programName] = address
                return address
            }
            api.readlineName?.pointee = UnsafePointer(bitPattern: copy)
        }
    }

    public var backend: LineEditorBackend { .libedit }

    /// Reads with libedit when standard input and output are both terminals (Python's `input()` uses readline
    /// under the same condition), else falls back to ``PlainLineEditor``'s prompt-and-read.
    public func readLine(prompt: String) -> String? {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            return PlainLineEditor.readPlainLine(prompt: prompt)
        }
        // Output printed through Swift's buffered stdout must appear before libedit draws the prompt.
        fflush(nil)
        return libeditLock.withLock { _ -> String? in
            guard let raw = api.readline(prompt) else { return nil }
            defer { free(raw) }
            return String(cString: raw)
        }
    }

    public func addHistory(_ line: String) {
        libeditLock.withLock { _ in _ = api.addHistory(line) }
    }

    public func loadHistory(path: String) -> Bool {
        libeditLock.withLock { _ in api.readHistory(path) == 0 }
    }

    public func saveHistory(path: String) -> Bool {
        libeditLock.withLock { _ in api.writeHistory(path) == 0 }
    }

    public func setCompletion(wordBreakCharacters: String, _ completer: @escaping Completer) {
        libeditLock.withLock { _ in
            installedCompleter.withLock { $0 = completer }
            let characters = strdup(wordBreakCharacters)
            api.basicWordBreakCharacters.pointee = UnsafePointer(characters)
            api.completerWordBreakCharacters?.pointee = characters
            let previous = wordBreakStorage.withLock { stored in
                defer { stored = UInt(bitPattern: characters) }
                return stored
            }
            free(UnsafeMutableRawPointer(bitPattern: previous))
            // Python's readline module appends nothing to a completion; its callers add the space themselves.
            api.completionAppendCharacter?.pointee = 0
            api.attemptedCompletionFunction.pointee = libeditAttemptedCompletion
        }
    }
}
