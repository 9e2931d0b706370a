import Foundation
import SupervisorAPI
import SupervisorEngine
import Testing
import XMLRPC

/// readLog, readProcess*Log, tailProcess*Log, clearLog, clearProcessLogs, clearAllProcessLogs (spec rpc.md §7).
@Suite struct LogMethodTests {
    @Test func mainLogSlicesWithSupervisorsOffsetRules() async throws {
        let f = Fixture()
        f.write(f.services.mainLogPath, "0123456789")
        #expect(try await f.call("supervisor.readLog", 0, 0) == "0123456789")
        #expect(try await f.call("supervisor.readLog", 2, 3) == "234")
        #expect(try await f.call("supervisor.readMainLog", -4, 0) == "6789")
        #expect(try await f.call("supervisor.readLog", "8", "0") == "89")
        #expect(try await f.call("supervisor.readLog", 50, 0) == "")
        #expect(await f.fault("supervisor.readLog", 0, -1) == "3 BAD_ARGUMENTS")
        #expect(await f.fault("supervisor.readLog", -1, 1) == "3 BAD_ARGUMENTS")
        try FileManager.default.removeItem(atPath: f.services.mainLogPath)
        #expect(await f.fault("supervisor.readLog", 0, 0) == "20 NO_FILE: \(f.services.mainLogPath)")
    }

    @Test func clearLogReopensTheMainLog() async throws {
        let f = Fixture()
        #expect(await f.fault("supervisor.clearLog") == "20 NO_FILE")
        f.write(f.services.mainLogPath, "x")
        #expect(try await f.call("supervisor.clearLog") == true)
        #expect(f.services.state.withLock { $0.clears } == 1)
        f.services.state.withLock { $0.clearProblem = "EACCES" }
        #expect(await f.fault("supervisor.clearLog") == "30 FAILED")
    }

    @Test func invalidUTF8IsReplacedButOffsetsCountBytes() async throws {
        let f = Fixture(program("p"))
        let path = f.dir + "/p-stdout.log"
        _ = FileManager.default.createFile(atPath: path, contents: Data([0x61, 0xC3, 0xA9, 0x62, 0x1B, 0x63]))
        #expect(try await f.call("supervisor.readProcessStdoutLog", "p", 0, 2) == "a\u{FFFD}")
        #expect(try await f.call("supervisor.readProcessLog", "p", 1, 2) == "é")
        #expect(try await f.call("supervisor.readProcessStdoutLog", "p", 3, 0) == "b\u{FFFD}c")
        #expect(try await f.call("supervisor.tailProcessStdoutLog", "p", 0, 2) == ["\u{FFFD}c", 6, true])
    }

    @Test func processLogFaults() async throws {
        let f = Fixture(program("p", stderr: .none), group("g", process("a", section: "program:g")))
        #expect(await f.fault("supervisor.readProcessStdoutLog", "nope", 0, 0) == "10 BAD_NAME: nope")
        #expect(await f.fault("supervisor.readProcessStdoutLog", "g:*", 0, 0) == "10 BAD_NAME: g:*")
        #expect(await f.fault("supervisor.readProcessStderrLog", "p", 0, 0) == "20 NO_FILE")
        #expect(await f.fault("supervisor.readProcessStdoutLog", "p", 0, 0) == "20 NO_FILE: \(f.dir)/p-stdout.log")
        f.write(f.dir + "/p-stdout.log", "hello")
        #expect(await f.fault("supervisor.readProcessStdoutLog", "p", -1, 2) == "3 BAD_ARGUMENTS")
        #expect(try await f.call("supervisor.readProcessStdoutLog", "p", -3, 0) == "llo")
    }

    @Test func tailsFollowByOffset() async throws {
        let f = Fixture(program("p", stderr: .none))
        #expect(try await f.call("supervisor.tailProcessStdoutLog", "p", 0, 10) == ["", 0, false])
        #expect(try await f.call("supervisor.tailProcessStderrLog", "p", 0, 10) == ["", 0, false])
        f.write(f.dir + "/p-stdout.log", String(repeating: "x", count: 5000))
        let first = try await f.call("supervisor.tailProcessLog", "p", 0, 1600)
        #expect(first.arrayValue?[0].stringValue?.count == 1600 && first.arrayValue?[1] == 5000 && first.arrayValue?[2] == true)
        #expect(try await f.call("supervisor.tailProcessStdoutLog", "p", 5000, 1600) == ["", 5000, false])
        #expect(await f.fault("supervisor.tailProcessStdoutLog", "g:*", 0, 1) == "10 BAD_NAME: g:*")
    }

    @Test func clearingProcessLogs() async throws {
        let f = Fixture(program("p", priority: 2), program("never", priority: 1, autostart: false))
        await f.startAll()
        #expect(try await f.call("supervisor.clearProcessLogs", "p") == true)
        #expect(try await f.call("supervisor.clearProcessLog", "never") == true)
        let cleared = f.runtime.state.withLock { $0.clearedLogs }
        #expect(cleared.count == 1 && cleared.first?.paths == [f.dir + "/p-stdout.log", f.dir + "/p-stderr.log"])
        #expect(await f.fault("supervisor.clearProcessLogs", "p:*") == "10 BAD_NAME: p:*")
        #expect(try await f.call("supervisor.clearAllProcessLogs").resultLines == ["never:never 80 OK", "p:p 80 OK"])
        f.runtime.state.withLock { $0.clearProblem = "EACCES" }
        #expect(await f.fault("supervisor.clearProcessLogs", "p") == "30 FAILED: p")
        #expect(try await f.call("supervisor.clearAllProcessLogs").resultLines == ["never:never 80 OK", "p:p 30 FAILED: p"])
    }
}
