/// Supervisor's `dict_of_key_value_pairs` for `environment=`: a non-POSIX `shlex` lexer, read four tokens at a time
/// (`KEY`, `=`, `VALUE`, separator). See `spec/config.md` §5.
///
/// Quirks kept on purpose, because working configs depend on them: quotes stay part of a token and are then
/// stripped from both ends of the value, the separator token is never checked (`A=1,B=2`, `A=1;B=2`), and `#`
/// outside quotes ends the value.
enum EnvironmentPairs {
    static func parse(_ text: String) throws(ConfigError) -> [(String, String)] {
        let tokens = try tokenize(text)
        var pairs: [(String, String)] = []
        var i = 0
        while i < tokens.count {
            guard i + 2 < tokens.count, tokens[i + 1] == "=" else {
                throw ConfigError(
                    "Unexpected end of key/value pairs in value '\(text)'",
                    hint: "expected KEY=value pairs separated by commas; quote values with spaces or symbols: "
                        + "KEY=\"a value\"")
            }
            pairs.append((tokens[i], stripQuotes(tokens[i + 2])))
            i += 4
        }
        return pairs
    }

    /// The pairs as a dictionary, later keys winning.
    static func dictionary(_ text: String) throws(ConfigError) -> [String: String] {
        var d: [String: String] = [:]
        for (k, v) in try parse(text) { d[k] = v }
        return d
    }

    private static func isWordChar(_ c: Character) -> Bool {
        guard c.isASCII else { return false }
        return c.isLetter || c.isNumber || "_/.+-():".contains(c)
    }

    private static func isWhitespace(_ c: Character) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\n" }

    /// Python's `shlex.shlex(text)` tokens with `wordchars += '/.+-():'` and `posix=False`.
    static func tokenize(_ text: String) throws(ConfigError) -> [String] {
        let chars = Array(text)
        var tokens: [String] = []
        var i = 0
        var token = ""
        enum State { case whitespace, word, quote(Character) }
        var state = State.whitespace

        func skipComment() {
            while i < chars.count, chars[i] != "\n" { i += 1 }
            if i < chars.count { i += 1 }
        }

        while true {
            let c: Character? = i < chars.count ? chars[i] : nil
            i += 1
            switch state {
            case .whitespace:
                guard let c else { return tokens }
                if isWhitespace(c) {
                    continue
                } else if c == "#" {
                    i -= 1
                    skipComment()
                } else if isWordChar(c) {
                    token = String(c)
                    state = .word
                } else if c == "'" || c == "\"" {
                    token = String(c)
                    state = .quote(c)
                } else {
                    tokens.append(String(c))
                }
            case .quote(let q):
                guard let c else {
                    throw ConfigError("No closing quotation", hint: "a quoted value must end with the same quote")
                }
                token.append(c)
                if c == q {
                    tokens.append(token)
                    token = ""
                    state = .whitespace
                }
            case .word:
                guard let c else {
                    tokens.append(token)
                    return tokens
                }
                if isWhitespace(c) {
                    tokens.append(token)
                    token = ""
                    state = .whitespace
                } else if c == "#" {
                    // Non-POSIX shlex drops the rest of the line but stays inside the word.
                    i -= 1
                    skipComment()
                } else if isWordChar(c) || c == "'" || c == "\"" {
                    token.append(c)
                } else {
                    i -= 1
                    tokens.append(token)
                    token = ""
                    state = .whitespace
                }
            }
        }
    }

    private static func stripQuotes(_ s: String) -> String {
        var sub = s[...]
        while let f = sub.first, f == "'" || f == "\"" { sub = sub.dropFirst() }
        while let l = sub.last, l == "'" || l == "\"" { sub = sub.dropLast() }
        return String(sub)
    }
}
