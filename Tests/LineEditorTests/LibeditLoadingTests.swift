import Foundation
import Testing

@testable import LineEditor

@Suite struct LibeditLoadingTests {
    @Test func missingLibraryMeansNoLibeditAndThePlainFallback() {
        #expect(LibeditAPI.load(libraryNames: ["libedit-does-not-exist.so.9"]) == nil)
        let plain = PlainLineEditor()
        #expect(plain.backend == .plain)
        plain.addHistory("status")
        #expect(plain.entries == ["status"])
        #expect(!plain.saveHistory(path: "/nonexistent/dir/history"))
    }

    @Test(.enabled(if: libeditInstalled, "libedit.so.2 is not installed"))
    func installedLibeditIsLoadedWithItsReadlineAPI() throws {
        let api = try #require(LibeditAPI.load())
        #expect(api.lineBuffer != nil)
        #expect(api.attemptedCompletionOver != nil)
        #expect(makeLineEditor().backend == .libedit)
    }

    @Test(.enabled(if: libeditInstalled, "libedit.so.2 is not installed"))
    func historyIsWrittenInLibeditsFormatAndReadBack() throws {
        let directory = NSTemporaryDirectory() + "le-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/history"
        let editor = try #require(LibeditLineEditor(programName: "line-editor-tests"))
        #expect(!editor.loadHistory(path: directory + "/absent"))
        editor.addHistory("tail -f web:web_00 stderr")
        #expect(editor.saveHistory(path: path))
        let text = try String(contentsOfFile: path, encoding: .utf8)
        #expect(text.hasPrefix("_HiStOrY_V2_\n"))
        #expect(text.contains("tail\\040-f\\040web:web_00\\040stderr\n"))
        #expect(editor.loadHistory(path: path))
        #expect(!editor.saveHistory(path: directory + "/no/such/dir/history"))
    }

    /// The packaged binaries must not depend on libedit or (GPL) readline at link time: libedit is only dlopened.
    @Test func binariesHaveNoLinkTimeDependencyOnLibeditOrReadline() throws {
        for binary in [try demoExecutable(), CommandLine.arguments[0]] {
            let (status, output) = try run(["/usr/bin/ldd", binary])
            #expect(status == 0, "ldd \(binary)")
            #expect(!output.contains("libedit"), "\(binary) links libedit: \(output)")
            #expect(!output.contains("readline"), "\(binary) links readline: \(output)")
        }
    }

    @Test func pipedStandardInputIsReadWithoutEditing() throws {
        let (status, output) = try run([try demoExecutable()], input: "one\n\ntwo words\nquit\nnever read\n")
        #expect(status == 0)
        let lines = output.components(separatedBy: "\n")
        #expect(lines.first == "backend: \(libeditInstalled ? "libedit" : "plain")")
        #expect(output.contains("demo> got: [one]\ndemo> demo> got: [two words]\ndemo> got: [quit]\nbye\n"))
        #expect(!output.contains("never read"))
    }
}

/// True when `libedit.so.2` can be loaded on this machine.
let libeditInstalled = LibeditAPI.load() != nil
