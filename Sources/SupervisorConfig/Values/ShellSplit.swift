/// `shlex.split(s)` from Python 3.11 (posix=True, comments=False), which is
/// how Supervisor splits `command` (process.py `get_execv_args`).
///
/// A port of `shlex.read_token` with `whitespace_split=True` and no
/// commenters, walked over Unicode scalars as Python walks code points (so
/// `\r\n` is two whitespace characters, not one):
/// - whitespace is exactly space, tab, CR, LF;
/// - `'...'` is literal; `"..."` is literal except that a backslash escapes
///   only `"` and `\` (otherwise the backslash is kept);
/// - outside quotes a backslash escapes any character;
/// - `#` is an ordinary character;
/// - `''` and `""` give an empty argument.
public enum ShellSplit {
    /// Python's `ValueError` texts.
    public enum Failure: Error, Equatable, Sendable {
        case noClosingQuotation
        case noEscapedCharacter

        public var detail: String {
            switch self {
            case .noClosingQuotation: "No closing quotation"
            case .noEscapedCharacter: "No escaped character"
            }
        }
    }

    private enum State: Equatable {
        /// shlex `' '`: between tokens.
        case between
        /// shlex `'a'`: inside a word.
        case word
        /// shlex `'\''` or `'"'`: inside quotes.
        case quoted(Unicode.Scalar)
        /// shlex `'\\'`: right after a backslash.
        case escape
        /// shlex `None`: input exhausted.
        case end
    }

    /// The words of `text`, as Python's `shlex.split` gives them.
    public static func split(_ text: String) throws(Failure) -> [String] {
        var input = text.unicodeScalars.makeIterator()
        var state = State.between
        var tokens: [String] = []

        // One shlex.read_token() call per iteration; `nil` is shlex's eof.
        while true {
            var quoted = false
            var escapedState = State.word
            var token = String.UnicodeScalarView()
            readToken: while true {
                let next = input.next()
                switch state {
                case .end:
                    token = String.UnicodeScalarView()
                    break readToken
                case .between:
                    guard let char = next else {
                        state = .end
                        break readToken
                    }
                    if isWhitespace(char) {
                        if !token.isEmpty || quoted {
                            break readToken
                        }
                    } else if char == "\\" {
                        escapedState = .word
                        state = .escape
                    } else if char == "'" || char == "\"" {
                        state = .quoted(char)
                    } else {
                        token = String.UnicodeScalarView([char])
                        state = .word
                    }
                case .quoted(let quote):
                    quoted = true
                    guard let char = next else {
                        throw .noClosingQuotation
                    }
                    if char == quote {
                        state = .word
                    } else if char == "\\" && quote == "\"" {
                        escapedState = state
                        state = .escape
                    } else {
                        token.append(char)
                    }
                case .escape:
                    guard let char = next else {
                        throw .noEscapedCharacter
                    }
                    // In quotes only the quote itself or the backslash can be
                    // escaped; otherwise the backslash stays.
                    if case .quoted(let quote) = escapedState, char != "\\", char != quote {
                        token.append("\\")
                    }
                    token.append(char)
                    state = escapedState
                case .word:
                    guard let char = next else {
                        state = .end
                        break readToken
                    }
                    if isWhitespace(char) {
                        state = .between
                        if !token.isEmpty || quoted {
                            break readToken
                        }
                    } else if char == "'" || char == "\"" {
                        state = .quoted(char)
                    } else if char == "\\" {
                        escapedState = .word
                        state = .escape
                    } else {
                        token.append(char)
                    }
                }
            }
            if token.isEmpty && !quoted {
                return tokens
            }
            tokens.append(String(token))
        }
    }

    private static func isWhitespace(_ char: Unicode.Scalar) -> Bool {
        char == " " || char == "\t" || char == "\r" || char == "\n"
    }
}
