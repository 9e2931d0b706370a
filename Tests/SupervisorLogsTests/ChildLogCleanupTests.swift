import Glibc
import SupervisorLogs
import Testing

@Suite struct ChildLogCleanupTests {
    /// Whether Supervisor's `re.compile(r'.+?---supervisor-\S+\.log\.{0,1}\d{0,4}').match`
    /// accepts each name; the booleans were printed by Python 3.11 running that regex.
    static let supervisorCases: [(String, Bool)] = [
        ("cat-stdout---supervisor-abcd1234.log", true),
        ("cat-stderr---supervisor-x_9zzzzz.log.1", true),
        ("cat-stdout---supervisor-abcd1234.log.10", true),
        ("cat-stdout---supervisor-abcd1234.log.12345", true),
        ("cat-stdout---supervisor-abcd1234.logfoo", true),
        ("cat-stdout---supervisor-abcd1234.log ", true),
        ("x---supervisor-y.log", true),
        ("---supervisor-y.log", false),
        ("----supervisor-y.log", true),
        ("x---supervisor-.log", false),
        ("x---supervisor-..log", true),
        ("x---supervisor-y.lo", false),
        ("x---supervisor-y.LOG", false),
        ("x---supervisor-y z.log", false),
        ("x y---supervisor-z.log", true),
        ("x\u{a}---supervisor-z.log", false),
        ("\u{a}---supervisor-z.log", false),
        ("x\u{d}---supervisor-z.log", true),
        ("x---supervisor-z\u{a}.log", false),
        ("x---supervisor-z\u{9}.log", false),
        ("x---supervisor-z\u{1c}.log", false),
        ("x---supervisor-z\u{1f}.log", false),
        ("x---supervisor-z\u{85}.log", false),
        ("x---supervisor-z\u{a0}.log", false),
        ("x---supervisor-z\u{200b}.log", true),
        ("x---supervisor-z\u{3000}.log", false),
        ("x---supervisor-z\u{2028}.log", false),
        ("x---supervisor-z\u{e9}.log", true),
        ("x---supervisor2-z.log", false),
        ("x---supervisorz.log", false),
        ("x---super-z.log", false),
        ("x--supervisor-z.log", false),
        ("x---Supervisor-z.log", false),
        ("x---supervisor-y z---supervisor-w.log", true),
        ("x---supervisor-y---supervisor-w.log", true),
        ("a\u{a}b---supervisor-y z\u{a}---supervisor-w.log", false),
        ("x---supervisor-y\u{a}---supervisor-w.log", false),
        ("x---supervisor-.log.log", true),
        ("x---supervisor- a.log", false),
        ("supervisor.log", false),
        ("supervisord.log", false),
        ("x---supervisor-y.log.", true),
        ("\u{e9}---supervisor-y.log", true),
        ("x---supervisor-y.\u{a}log", false),
        (" ---supervisor-y.log", true),
        ("x---supervisor-y .log.log", false),
        ("x---supervisor-y.log\u{a}", true),
        ("x------supervisor-y.log", true),
    ]

    @Test(arguments: supervisorCases)
    func matchesLikePythonsReMatch(name: String, expected: Bool) {
        #expect(ChildLogCleanup.matches(fileName: name, identifier: "supervisor") == expected)
        #expect(ChildLogCleanup.matches(fileNameBytes: Array(name.utf8), identifier: "supervisor") == expected)
    }

    @Test func otherIdentifiersAreMatchedLiterally() {
        #expect(ChildLogCleanup.matches(fileName: "p-stdout---host-1-abcdefgh.log", identifier: "host-1"))
        // The regex is a prefix match, so identifier "host" also takes the logs of "host-1"
        // (Python agrees).
        #expect(ChildLogCleanup.matches(fileName: "p-stdout---host-1-abcdefgh.log", identifier: "host"))
        #expect(!ChildLogCleanup.matches(fileName: "p-stdout---host1-abcdefgh.log", identifier: "host"))
        #expect(ChildLogCleanup.matches(fileName: "p----x.log", identifier: ""))
        // Python would also accept "aXb" here (the identifier is pasted into the regex).
        #expect(ChildLogCleanup.matches(fileName: "p---a.b-x.log", identifier: "a.b"))
        #expect(!ChildLogCleanup.matches(fileName: "p---aXb-x.log", identifier: "a.b"))
    }

    /// Undecodable bytes become lone surrogates in Python: not whitespace, not newline.
    @Test func undecodableBytesCountAsOrdinaryCharacters() {
        let name: [UInt8] = [0xFF] + Array("---supervisor-".utf8) + [0xFE, 0xC3] + Array(".log".utf8)
        #expect(ChildLogCleanup.matches(fileNameBytes: name, identifier: "supervisor"))
    }

    @Test func runRemovesMatchingFilesOnlyAndReportsFailures() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let keep = ["supervisord.log", "app.log", "x---other-abc.log", "x---supervisor-abc.txt"]
        let remove = ["cat-stdout---supervisor-abcdefgh.log", "cat-stdout---supervisor-abcdefgh.log.3"]
        for name in keep + remove { try TestFiles.create(dir.file(name), []) }
        #expect(mkdir(dir.file("d---supervisor-x.log"), 0o755) == 0)
        // A name that is not UTF-8, which Python would remove too.
        let rawName: [UInt8] = Array("y---supervisor-".utf8) + [0xFF] + Array(".log".utf8)
        let rawPath = Array(dir.path.utf8) + [UInt8(ascii: "/")] + rawName
        let fd = (rawPath + [0]).withUnsafeBufferPointer {
            $0.withMemoryRebound(to: CChar.self) { open($0.baseAddress!, O_CREAT | O_WRONLY, 0o644) }
        }
        try #require(fd >= 0)
        close(fd)

        let report = ChildLogCleanup.run(childLogDirectory: dir.path, identifier: "supervisor")

        #expect(TestFiles.names(in: dir.path) == (keep + ["d---supervisor-x.log"]).sorted())
        #expect(Set(report.removed) == Set(remove.map(dir.file) + [dir.file("y---supervisor-\u{FFFD}.log")]))
        #expect(report.listingError == nil)
        #expect(report.failures.map(\.path) == [dir.file("d---supervisor-x.log")])
        #expect(report.failures.first?.error.errno == EISDIR)
        #expect(report.warnings == ["Failed to clean up '\(dir.path)/d---supervisor-x.log'"])
    }

    @Test func anUnlistableDirectoryGivesSupervisorsWarning() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let report = ChildLogCleanup.run(childLogDirectory: dir.file("missing"), identifier: "supervisor")
        #expect(report.listingError == .syscall(call: "opendir", path: dir.file("missing"), errno: ENOENT))
        #expect(report.removed.isEmpty)
        #expect(report.warnings == ["Could not clear childlog dir"])
    }
}
