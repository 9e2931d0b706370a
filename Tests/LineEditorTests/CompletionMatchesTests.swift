import Testing

@testable import LineEditor

@Suite struct CompletionMatchesTests {
    @Test func noCandidateMatchingTheWordGivesNoArray() {
        #expect(CompletionMatches.readlineArray(word: "x", candidates: ["start ", "stop "]) == [])
        #expect(CompletionMatches.readlineArray(word: "", candidates: []) == [])
    }

    @Test func singleMatchIsTheWholeArray() {
        #expect(CompletionMatches.readlineArray(word: "sh", candidates: ["shutdown ", "start "]) == ["shutdown "])
    }

    @Test func severalMatchesArePrecededByTheirLongestCommonPrefix() {
        #expect(CompletionMatches.readlineArray(word: "st", candidates: ["start ", "status ", "stop ", "tail "])
            == ["st", "start ", "status ", "stop "])
        #expect(CompletionMatches.readlineArray(word: "web:w", candidates: ["web:*", "web:web_00", "web:web_01"])
            == ["web:web_0", "web:web_00", "web:web_01"])
    }

    @Test func duplicatesAreDroppedKeepingOrder() {
        #expect(CompletionMatches.readlineArray(word: "a", candidates: ["ab", "ac", "ab"]) == ["a", "ab", "ac"])
        #expect(CompletionMatches.readlineArray(word: "a", candidates: ["ab", "ab"]) == ["ab"])
    }

    @Test func commonPrefixNeverCutsACharacter() {
        #expect(CompletionMatches.longestCommonPrefix(["caf\u{E9}1", "caf\u{E9}2"]) == "caf\u{E9}")
        #expect(CompletionMatches.longestCommonPrefix(["\u{E9}", "\u{E8}"]) == "")
        #expect(CompletionMatches.longestCommonPrefix([]) == "")
    }

    @Test func textBeforeWordTellsACommandFromAnArgument() {
        let command = CompletionRequest(line: "sta", word: "sta", wordStart: 0, wordEnd: 3)
        #expect(command.textBeforeWord == "")
        let argument = CompletionRequest(line: "tail web:w", word: "web:w", wordStart: 5, wordEnd: 10)
        #expect(argument.textBeforeWord == "tail ")
    }

    @Test func defaultWordBreakCharactersArePythonsWithoutColonStarAndDash() {
        // Python 3.11: readline.get_completer_delims()
        let python = " \t\n`~!@#$%^&*()-=+[{]}\\|;:'\",<>/?"
        #expect(Set(defaultWordBreakCharacters) == Set(python).subtracting([":", "*", "-"]))
        #expect(defaultWordBreakCharacters.count == Set(defaultWordBreakCharacters).count)
    }
}
