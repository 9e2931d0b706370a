import Testing

@testable import SupervisorCtl

@Suite struct PythonTextTests {
    @Test func splitUsesPythonWhitespace() {
        #expect(PythonText.split("  a\tb \u{1C}c\n") == ["a", "b", "c"])
        #expect(PythonText.split("") == [])
        #expect(PythonText.strip(" \t x y \n") == "x y")
    }

    @Test func reprQuotesLikePython() {
        #expect(PythonText.repr("foo") == "'foo'")
        #expect(PythonText.repr("it's") == "\"it's\"")
        #expect(PythonText.repr("a'\"b") == "'a\\'\"b'")
        #expect(PythonText.repr("tab\there\n\u{1}\\") == "'tab\\there\\n\\x01\\\\'")
        #expect(PythonText.repr("é") == "'é'")
    }

    @Test func intAcceptsWhatPythonAccepts() {
        #expect(PythonText.int("100") == .value(100))
        #expect(PythonText.int(" -5 ") == .value(-5))
        #expect(PythonText.int("+1_000") == .value(1000))
        #expect(PythonText.int("1__0") == .invalid)
        #expect(PythonText.int("_1") == .invalid)
        #expect(PythonText.int("") == .invalid)
        #expect(PythonText.int("f") == .invalid)
        #expect(PythonText.int("99999999999999999999999") == .overflow)
    }

    @Test func leftJustifyCountsCodePoints() {
        #expect(PythonText.leftJustified("é", width: 3) == "é  ")
        #expect(PythonText.leftJustified("abcd", width: 3) == "abcd")
    }
}
