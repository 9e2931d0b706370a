import Foundation
import SupervisorClient
import Testing
import XMLRPC

/// A child log on a file system that fills up and is then lost and repaired, with the real daemon and a real child
/// writing numbered lines: the child and the daemon carry on, the main log says once that capture stopped and once
/// that it resumed (with the bytes dropped), and after the repair and SIGUSR2 every line is in the new file.
///
/// Needs root (mount(2) of a small tmpfs at the log directory).
@Suite(.serialized) struct LogFaultTests {
    /// `readPath`: `stdout_events_enabled` makes the daemon read the bytes (PROCESS_LOG events) instead of splicing
    /// them from the pipe into the file.
    @Test(arguments: [false, true])
    func captureStopsOnAFullDiskAndResumesAfterTheRepairAndUSR2(readPath: Bool) throws {
        let d = DaemonHarness()
        let logDir = d.dir + "/logs"
        let logPath = logDir + "/counter.log"
        #expect(mkdir(logDir, 0o755) == 0)
        guard mount("tmpfs", logDir, "tmpfs", 0, "size=64k") == 0 else {
            Issue.record("needs root and mount(2) for a 64 KiB tmpfs: \(String(cString: strerror(errno)))")
            return
        }
        defer { umount2(logDir, Int32(MNT_DETACH)) }
        let pad = String(repeating: "x", count: 100)
        let script = d.dir + "/counter.sh"
        _ = FileManager.default.createFile(atPath: script, contents: Data("""
            i=0
            while [ ! -e \(d.dir)/stop ]; do i=$((i+1)); echo "$i \(pad)"; sleep 0.003; done
            echo "end $i"
            exec sleep 1000

            """.utf8))
        d.writeConfig("""
            [unix_http_server]
            file=\(d.dir)/s.sock

            [program:counter]
            command=/bin/sh \(script)
            stdout_logfile=\(logPath)
            stdout_logfile_maxbytes=0
            stdout_events_enabled=\(readPath)
            startsecs=0
            """, supervisord: "loglevel=info")  // debug would copy child output into the main log: no splice
        try d.start()
        let client = { try SupervisorConnection(serverURL: "unix://\(d.dir)/s.sock", timeout: .seconds(10)) }
        d.waitForLog("success: counter entered RUNNING state")
        let pid = try #require(d.spawnedPid("counter"))

        // The tmpfs fills up: capture stops, once.
        let stopped = "could not write to log \(logPath) of counter: "
        d.waitForLog(stopped, timeout: 60)
        let before = FileManager.default.contents(atPath: logPath) ?? Data()
        // The directory is lost (the mount goes away under the open file) and SIGUSR2 cannot reopen it.
        #expect(umount2(logDir, Int32(MNT_DETACH)) == 0 && rmdir(logDir) == 0)
        d.send(SIGUSR2)
        d.waitForLog("could not reopen log \(logPath) of counter: open(\(logPath)): No such file or directory")
        // Repaired: the directory is back, and SIGUSR2 reopens the log.
        #expect(mkdir(logDir, 0o755) == 0)
        d.send(SIGUSR2)
        let resumed = "INFO log \(logPath) of counter reopened; "
        d.waitForLog(resumed)
        d.waitFor("lines after the repair") { d.read(logPath).split(separator: "\n").count >= 50 }
        #expect(DaemonHarness.isAlive(pid))
        let info = try client().call("supervisor.getProcessInfo", ["counter"])
        #expect(info["statename"] == "RUNNING" && info["pid"]?.intValue == Int(pid))
        _ = FileManager.default.createFile(atPath: d.dir + "/stop", contents: nil)
        d.waitFor("the last line") { d.read(logPath).contains("end ") }
        #expect(d.stop() == 0)

        let log = d.read(d.mainLog)
        let logLines = log.split(separator: "\n")
        #expect(logLines.filter { $0.contains(stopped) }.count == 1, "one stop line\n\(log)")
        #expect(logLines.filter { $0.contains(stopped) && $0.contains("No space left on device")
            && $0.hasSuffix("; dropping its output until the log can be reopened (SIGUSR2 or rotation)") }.count == 1)
        #expect(logLines.filter { $0.contains("could not reopen log") }.count == 1, "one failed reopen\n\(log)")
        #expect(logLines.filter { $0.contains("still dropping its output") }.count == 1)
        let resumeLines = logLines.filter { $0.contains(resumed) }
        #expect(resumeLines.count == 1, "one resume line\n\(log)")
        let dropped = try #require(resumeLines.first.flatMap { line in
            line.components(separatedBy: resumed).last.flatMap { Int($0.prefix { $0.isNumber }) }
        })
        #expect(resumeLines.first?.hasSuffix(" bytes of output were dropped") == true)

        // Before the fault: lines 1..a, maybe cut inside the next one by the full disk.
        let old = String(decoding: before, as: UTF8.self)
        let oldLines = old.split(separator: "\n", omittingEmptySubsequences: false)
        let whole = oldLines.dropLast().map { Int($0.split(separator: " ").first ?? "") ?? -1 }
        #expect(!whole.isEmpty && whole == Array(1...whole.count), "the lines before the fault, once and in order")
        // After the repair: lines k...n with none missing or twice, then "end n".
        let text = d.read(logPath)
        var numbers = text.split(separator: "\n").map { Int($0.split(separator: " ").first ?? "") ?? -1 }
        let last = try #require(text.split(separator: "\n").last)
        #expect(last.hasPrefix("end "))
        numbers.removeLast()
        let first = try #require(numbers.first)
        #expect(first > whole.count + 1)
        #expect(numbers == Array(first..<(first + numbers.count)), "every line after the repair, once and in order")
        #expect(last == "end \(first + numbers.count - 1)")
        // Every byte of the lines before the first one of the new file is in the old file or counted as dropped.
        let bytesBefore = (1..<first).reduce(0) { $0 + "\($1) \(pad)\n".utf8.count }
        #expect(before.count + dropped == bytesBefore, "\(before.count) written + \(dropped) dropped")
    }

    /// The log directory is deleted under a rotating log: each rotation fails to create the new file, which is said
    /// once, not at every write; once the directory is back the next rotation creates the file (said once too) and
    /// capture goes on there, every line once and in order, the child untouched. On both paths (`readPath` as above).
    @Test(arguments: [false, true])
    func aDeletedLogDirectoryIsReportedOnceAndTheNextRotationResumes(readPath: Bool) throws {
        let d = DaemonHarness()
        let logDir = d.dir + "/logs"
        let logPath = logDir + "/counter.log"
        #expect(mkdir(logDir, 0o755) == 0)
        d.writeConfig("""
            [program:counter]
            command=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo "$i"; sleep 0.002; done'
            stdout_logfile=\(logPath)
            stdout_logfile_maxbytes=2KB
            stdout_logfile_backups=1
            stdout_events_enabled=\(readPath)
            startsecs=0
            """, supervisord: "loglevel=info")  // debug would copy child output into the main log: no splice
        try d.start()
        d.waitForLog("success: counter entered RUNNING state")
        let pid = try #require(d.spawnedPid("counter"))
        d.waitFor("a rotation") { FileManager.default.fileExists(atPath: logPath + ".1") }
        try FileManager.default.removeItem(atPath: logDir)
        let failed = "could not write to log \(logPath) of counter: open(\(logPath)): No such file or directory"
        d.waitForLog(failed)
        // Writes go on into the deleted file, each followed by a failing rotation: let a few dozen of them happen.
        usleep(500_000)
        #expect(mkdir(logDir, 0o755) == 0)
        d.waitFor("lines after the directory came back") { d.read(logPath).split(separator: "\n").count >= 20 }
        #expect(DaemonHarness.isAlive(pid) && d.spawnedPid("counter") == pid)
        #expect(d.stop() == 0)
        let log = d.read(d.mainLog)
        #expect(log.components(separatedBy: "could not write to log").count == 2, "one failure line\n\(log)")
        #expect(log.components(separatedBy: "INFO log \(logPath) of counter rotates again\n").count == 2, "\(log)")
        let numbers = (d.read(logPath + ".1") + d.read(logPath)).split(separator: "\n").map { Int($0) ?? -1 }
        let first = try #require(numbers.first)
        #expect(numbers == Array(first..<(first + numbers.count)), "every line once and in order")
    }
}
