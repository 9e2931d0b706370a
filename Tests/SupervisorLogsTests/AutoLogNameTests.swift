import Glibc
import Testing

@testable import SupervisorLogs

@Suite struct AutoLogNameTests {
    @Test func prefixIsNameChannelIdentifier() {
        #expect(AutoLogName.prefix(processName: "cat", channel: .stderr, identifier: "supervisor") == "cat-stderr---supervisor-")
    }

    @Test func createMakesAnEmptyPrivateFileWithSupervisorsNameShape() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var random = SplitMix64(seed: 1)
        let path = try AutoLogName.create(
            childLogDirectory: dir.path, processName: "web", channel: .stdout, identifier: "supervisor", using: &random
        )
        let prefix = dir.path + "/web-stdout---supervisor-"
        #expect(path.hasPrefix(prefix) && path.hasSuffix(".log"))
        let randomPart = path.dropFirst(prefix.count).dropLast(4)
        #expect(randomPart.count == 8)
        #expect(randomPart.utf8.allSatisfy { AutoLogName.randomCharacters.contains($0) })
        #expect(TestFiles.size(path) == 0)
        let mask = umask(0)
        umask(mask)
        #expect(TestFiles.mode(path) == 0o600 & ~mask)
        let fileName = String(path.dropFirst(dir.path.count + 1))
        #expect(ChildLogCleanup.matches(fileName: fileName, identifier: "supervisor"))
    }

    @Test func anExistingNameIsSkippedLikeMkstemp() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        var first = SplitMix64(seed: 42)
        var second = SplitMix64(seed: 42)
        let a = try AutoLogName.create(
            childLogDirectory: dir.path, processName: "p", channel: .stdout, identifier: "id", using: &first
        )
        let b = try AutoLogName.create(
            childLogDirectory: dir.path, processName: "p", channel: .stdout, identifier: "id", using: &second
        )
        #expect(a != b)
        #expect(TestFiles.names(in: dir.path).count == 2)
    }

    @Test func theDirectoryIsNormalizedLikeAbspath() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        #expect(mkdir(dir.file("sub"), 0o755) == 0)
        let path = try AutoLogName.create(
            childLogDirectory: dir.path + "//sub/./../", processName: "p", channel: .stderr, identifier: "id"
        )
        #expect(path.hasPrefix(dir.path + "/p-stderr---id-"))
    }

    @Test func aMissingDirectoryThrowsOpenWithENOENT() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        #expect {
            try AutoLogName.create(childLogDirectory: dir.file("nope"), processName: "p", channel: .stdout, identifier: "id")
        } throws: { error in
            (error as? LogFileError)?.errno == ENOENT
        }
    }
}

@Suite struct PythonPathTests {
    @Test(arguments: [
        ("", "."), ("/", "/"), ("//", "//"), ("///", "/"), ("//a//b/", "//a/b"), ("/a/./b/../c", "/a/c"),
        ("a/../..", ".."), ("../a", "../a"), ("/..", "/"), ("a/b/../../..", ".."), ("./", "."),
    ])
    func normpathMatchesPosixpath(input: String, expected: String) {
        #expect(PythonPath.normpath(input) == expected)
    }

    @Test func joinMatchesPosixpath() {
        #expect(PythonPath.join("/a", "b") == "/a/b")
        #expect(PythonPath.join("/a/", "b") == "/a/b")
        #expect(PythonPath.join("/a", "/b") == "/b")
        #expect(PythonPath.join("", "b") == "b")
    }

    /// Expected values printed by Python 3.11's `repr()`.
    @Test func reprMatchesPython() {
        func repr(_ text: String) -> String { PythonPath.repr(text.unicodeScalars.map(\.value)) }
        #expect(repr("a'b") == #""a'b""#)
        #expect(repr("a\"b") == #"'a"b'"#)
        #expect(repr("a'b\"c") == #"'a\'b"c'"#)
        #expect(repr("tab\there\n\r") == #"'tab\there\n\r'"#)
        #expect(repr("\u{85}\u{0}\u{7f}") == #"'\x85\x00\x7f'"#)
        #expect(repr("é") == "'é'")
        #expect(repr("\u{200b}\u{a0} ") == #"'\u200b\xa0 '"#)
        #expect(repr("\u{1F600}\u{E0001}") == "'\u{1F600}\\U000e0001'")
        #expect(repr("\\") == #"'\\'"#)
        #expect(repr("\u{10FFFF}") == #"'\U0010ffff'"#)
        // os.fsdecode(b'x\xffy\xe2\x82') -> 'x\udcffy\udce2\udc82'
        #expect(PythonPath.repr(PythonPath.fsdecode([0x78, 0xFF, 0x79, 0xE2, 0x82])) == #"'x\udcffy\udce2\udc82'"#)
    }

    @Test func fsdecodeEscapesEachInvalidByte() {
        #expect(PythonPath.fsdecode(Array("é€😀".utf8)) == [0xE9, 0x20AC, 0x1F600])
        #expect(PythonPath.fsdecode([0xED, 0xA0, 0x80]) == [0xDCED, 0xDCA0, 0xDC80])  // encoded surrogate
        #expect(PythonPath.fsdecode([0xC0, 0xAF]) == [0xDCC0, 0xDCAF])  // overlong
        #expect(PythonPath.fsdecode([0xF4, 0x90, 0x80, 0x80]) == [0xDCF4, 0xDC90, 0xDC80, 0xDC80])  // > U+10FFFF
    }
}
