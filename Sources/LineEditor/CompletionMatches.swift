/// Pure helpers behind tab completion, kept apart from libedit so they can be tested without a terminal.
enum CompletionMatches {
    /// The array readline's `rl_attempted_completion_function` must return, as Swift strings: empty for no match;
    /// the single match for one; otherwise the longest common prefix (what replaces the word) followed by the
    /// matches. Candidates not starting with `word` are dropped and duplicates removed, order kept.
    static func readlineArray(word: String, candidates: [String]) -> [String] {
        var seen = Set<String>()
        let matches = candidates.filter { $0.hasPrefix(word) && seen.insert($0).inserted }
        switch matches.count {
        case 0: return []
        case 1: return matches
        default: return [longestCommonPrefix(matches)] + matches
        }
    }

    /// The longest common prefix of `strings`, compared by Unicode scalars so a multi-byte character is never cut.
    static func longestCommonPrefix(_ strings: [String]) -> String {
        guard var prefix = strings.first.map({ Array($0.unicodeScalars) }) else { return "" }
        for string in strings.dropFirst() {
            var common = 0
            for (a, b) in zip(prefix, string.unicodeScalars) {
                if a != b { break }
                common += 1
            }
            prefix.removeLast(prefix.count - common)
        }
        return String(String.UnicodeScalarView(prefix))
    }
}
