import Glibc
import Testing

@testable import SupervisorRuntime

@Suite struct CommandResolverTests {
    @Test func searchPathPrefersTheProgramsPATHEvenWhenEmpty() {
        #expect(CommandResolver.searchPath(programPATH: "/a:/b", daemonPATH: "/c") == ["/a", "/b"])
        #expect(CommandResolver.searchPath(programPATH: "", daemonPATH: "/c") == [""])
        #expect(CommandResolver.searchPath(programPATH: "/a::/b", daemonPATH: nil) == ["/a", "", "/b"])
        #expect(CommandResolver.searchPath(programPATH: nil, daemonPATH: "/c:/d") == ["/c", "/d"])
        #expect(CommandResolver.searchPath(programPATH: nil, daemonPATH: "") == ["/bin", "/usr/bin", "/usr/local/bin"])
        #expect(CommandResolver.searchPath(programPATH: nil, daemonPATH: nil) == ["/bin", "/usr/bin", "/usr/local/bin"])
    }

    @Test func resolvesTheFirstPathEntryThatExistsAndKeepsArgv0AsWritten() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let first = dir.directory("first")
        let second = dir.directory("second/")
        _ = dir.file("second/tool", contents: "#!/bin/sh\n", mode: 0o755)
        let resolved = try CommandResolver.resolve(command: "tool --flag 'a b'", searchPath: [first, second])
        #expect(resolved.executablePath == dir.path + "/second/tool")
        #expect(resolved.arguments == ["tool", "--flag", "a b"])
    }

    @Test func aSlashMeansNoSearch() throws {
        let resolved = try CommandResolver.resolve(command: "/bin/sh -c true", searchPath: [])
        #expect(resolved.executablePath == "/bin/sh")
        #expect(resolved.arguments == ["/bin/sh", "-c", "true"])
    }

    /// The first entry that stat()s wins even when it is not executable:
    /// Supervisor does not go on searching.
    @Test func theFirstStatWinsEvenIfNotExecutable() {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("tool", mode: 0o644)
        #expect(throws: CommandError(kind: .notExecutable, message: "command at '\(path)' is not executable")) {
            try CommandResolver.resolve(command: "tool", searchPath: [dir.path, "/usr/bin"])
        }
    }

    @Test func messagesMatchSupervisor() {
        let dir = TempDirectory()
        defer { dir.remove() }
        let sub = dir.directory("sub")
        let plain = dir.file("plain", mode: 0o600)
        let cases: [(String, [String], CommandError)] = [
            ("", [], CommandError(kind: .badCommand, message: "command is empty")),
            ("   ", [], CommandError(kind: .badCommand, message: "command is empty")),
            ("nosuch-cmd-xyz arg", [dir.path], CommandError(kind: .notFound, message: "can't find command 'nosuch-cmd-xyz'")),
            ("\(dir.path)/missing", [], CommandError(kind: .notFound, message: "can't find command '\(dir.path)/missing'")),
            ("\(sub)", [], CommandError(kind: .notExecutable, message: "command at '\(sub)' is a directory")),
            ("sub", [dir.path], CommandError(kind: .notExecutable, message: "command at '\(sub)' is a directory")),
            ("\(plain)", [], CommandError(kind: .notExecutable, message: "command at '\(plain)' is not executable")),
            ("'it''s here'", [], CommandError(kind: .notFound, message: "can't find command 'its here'")),
            ("\"it's\"", [], CommandError(kind: .notFound, message: "can't find command \"it's\"")),
            ("echo 'unterminated", [], CommandError(kind: .badCommand, message: "can't parse command \"echo 'unterminated\": No closing quotation")),
            ("echo \\", [], CommandError(kind: .badCommand, message: "can't parse command 'echo \\\\': No escaped character")),
        ]
        for (command, path, expected) in cases {
            #expect(throws: expected, "command: \(command)") {
                try CommandResolver.resolve(command: command, searchPath: path)
            }
        }
    }

    /// An empty PATH entry is os.path.join("", name) == name: relative to the
    /// daemon's working directory.
    @Test func anEmptyPathEntryLooksInTheWorkingDirectory() {
        #expect(throws: CommandError(kind: .notFound, message: "can't find command 'nosuch-cmd-xyz'")) {
            try CommandResolver.resolve(command: "nosuch-cmd-xyz", searchPath: [""])
        }
    }
}
