import Testing

@testable import SupervisorCtl

@Suite struct CompletionTests {
    let infos = [
        ProcessInfo(name: "cat", group: "cat", state: 20, stateName: "RUNNING", description: ""),
        ProcessInfo(name: "web_00", group: "web", state: 20, stateName: "RUNNING", description: ""),
        ProcessInfo(name: "web_01", group: "web", state: 20, stateName: "RUNNING", description: ""),
    ]

    func complete(_ text: String, _ line: String) -> [String] {
        Completion.candidates(text: text, line: line) { infos }
    }

    @Test func commandsFirst() {
        #expect(complete("st", "st") == ["start ", "status ", "stop "])
        #expect(complete("", "").count == CommandTable.vocabulary.count)
        #expect(complete("he", "he") == ["help ", "help "])
        #expect(complete("s", "help s").contains("shutdown "))
    }

    @Test func processNamesAfterProcessCommands() {
        #expect(complete("", "status ") == ["cat ", "web:web_00 ", "web:* ", "web:web_01 "])
        #expect(complete("web:w", "tail -f web:w") == ["web:web_00 ", "web:web_01 "])
        #expect(complete("c", "stop c") == ["cat "])
        #expect(complete("cat:", "stop cat:") == ["cat:cat ", "cat:* "])
    }

    @Test func groupNamesAfterGroupCommands() {
        #expect(complete("", "update ") == ["cat ", "web "])
        #expect(complete("w", "remove w") == ["web "])
    }

    @Test func nothingElsewhereOrOnErrors() {
        #expect(complete("", "version ") == [])
        #expect(Completion.candidates(text: "", line: "status ") { throw CancellationError() } == [])
    }
}
