import Foundation
import Testing

/// The log-capture fast path (splice(2) from the child's pipe into its log file when nothing needs to see the
/// bytes) against the ordinary read-and-write path, with the real daemon and real children.
@Suite(.serialized) struct LogSpliceTests {
    /// stdout needs no inspection (spliced: each rotated file ends exactly at maxbytes); stderr is in capture mode
    /// (read and written by the daemon: a rotated file may pass maxbytes by up to one read). Both keep every line
    /// once and in order.
    @Test func splicedAndReadChannelsRotateAtMaxbytesAndKeepEveryLineInOrder() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:flood]
            command=/bin/sh -c '/usr/bin/seq 1 200000; /usr/bin/seq 1 200000 >&2'
            stdout_logfile=\(d.dir)/out.log
            stdout_logfile_maxbytes=100KB
            stdout_logfile_backups=100
            stderr_logfile=\(d.dir)/err.log
            stderr_logfile_maxbytes=100KB
            stderr_logfile_backups=100
            stderr_capture_maxbytes=1KB
            autorestart=false
            startsecs=0
            """, supervisord: "loglevel=info")  // debug would copy child output into the main log: no splice
        try d.start()
        d.waitForLog("exited: flood (exit status 0; expected)", timeout: 30)
        #expect(d.stop() == 0)
        for (name, exact) in [("out.log", true), ("err.log", false)] {
            var text = ""
            var backups = 0
            for i in stride(from: 100, through: 1, by: -1) where FileManager.default.fileExists(atPath: "\(d.dir)/\(name).\(i)") {
                let part = d.read("\(name).\(i)")
                if exact {
                    #expect(part.utf8.count == 100 * 1024, "\(name).\(i) is \(part.utf8.count) bytes")
                } else {
                    #expect(part.utf8.count >= 100 * 1024, "\(name).\(i) is \(part.utf8.count) bytes")
                }
                text += part
                backups += 1
            }
            text += d.read(name)
            #expect(backups >= 10)
            let numbers = text.split(separator: "\n").map { Int($0) ?? -1 }
            #expect(numbers == Array(1...200_000), "\(name): every line once and in order")
        }
    }

    /// logrotate's copytruncate empties the file under a spliced channel: the next bytes go to the new end, with
    /// no hole of NUL bytes where the old content was.
    @Test func splicedChannelFollowsAnOutsideTruncation() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:ticker]
            command=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo line $i; sleep 0.01; done'
            stdout_logfile=\(d.dir)/ticker.log
            startsecs=0
            """, supervisord: "loglevel=info")
        try d.start()
        d.waitFor("output") { d.read("ticker.log").utf8.count > 200 }
        #expect(truncate(d.dir + "/ticker.log", 0) == 0)
        d.waitFor("output after the truncation") { d.read("ticker.log").utf8.count > 100 }
        #expect(d.stop() == 0)
        let data = FileManager.default.contents(atPath: d.dir + "/ticker.log") ?? Data()
        #expect(!data.contains(0), "no hole of NUL bytes after the truncation")
        #expect(data.count < 50_000)
    }

    /// logrotate's create mode under a spliced channel: after the file is moved and SIGUSR2, new bytes go to the new
    /// file (the splice descriptor is reopened with the log), every line once and in order across both.
    @Test func splicedChannelReopensOnUSR2AfterAMove() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:ticker]
            command=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i"; sleep 0.02; done'
            stdout_logfile=\(d.dir)/ticker.log
            startsecs=0
            """, supervisord: "loglevel=info")
        try d.start()
        d.waitFor("first ticks") { d.read("ticker.log").contains("tick 3") }
        try FileManager.default.moveItem(atPath: d.dir + "/ticker.log", toPath: d.dir + "/ticker.log.1")
        d.send(SIGUSR2)
        d.waitForLog("received SIGUSR2 indicating log reopen request")
        d.waitFor("new file") { d.read("ticker.log").contains("tick") }
        #expect(d.stop() == 0)
        let lines = (d.read("ticker.log.1") + d.read("ticker.log")).split(separator: "\n")
        let numbers = lines.compactMap { Int($0.dropFirst(5)) }
        #expect(numbers.count == lines.count)
        #expect(numbers == Array(1...numbers.count))
    }
}
