import Foundation
import Glibc
import Testing

@testable import SupervisorRuntime

/// The daemon's own log when its disk fills up: lines are dropped while writes fail, and the log heals by itself
/// at the next line once the fault is gone, saying how much it lost.
@Suite struct MainLogTests {
    @Test func aFailingMainLogReopensAtTheNextLineAndSaysWhatWasDropped() throws {
        var template = Array("/tmp/svmainlog-XXXXXX".utf8CString)
        let dir = String(cString: try #require(template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }))
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let path = dir + "/supervisord.log"
        try #require(symlink("/dev/full", path) == 0)  // a full disk: writes fail with ENOSPC
        let log = try MainLog(path: path, maxBytes: 0, backups: 0, level: .info, echoToStdout: false)
        defer { log.close() }
        log.log(.info, "lost one")
        log.log(.info, "lost two")
        #expect(unlink(path) == 0)  // the fault is gone
        log.log(.info, "kept")
        let text = try String(contentsOfFile: path, encoding: .utf8)
        let lines = text.split(separator: "\n")
        #expect(lines.count == 2, "\(text)")
        let dropped = "2026-01-01 00:00:00,000 INFO lost one\n".utf8.count * 2
        let note = " WARN log \(path) reopened; \(dropped) bytes of output were dropped"
        #expect(lines.first?.hasSuffix(note) == true, "\(text)")
        #expect(lines.last?.hasSuffix(" INFO kept") == true)
    }
}
