import Foundation
import Testing

/// The log-capture fast path (splice(2) from the child's pipe into its log file when nothing needs to see the
/// bytes) against the ordinary read-and-write path, with the real daemon and real children.
@Suite(.serialized) struct LogSpliceTests {
    /// stdout needs no inspection (spliced); stderr is in capture mode (read and written by the daemon). On both a
    /// rotated file reaches maxbytes and passes it by less than one chunk (what the pipe held: at most one of
    /// Supervisor's 128 KiB reads at this size), and both keep every line once and in order.
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
        for name in ["out.log", "err.log"] {
            var text = ""
            var backups = 0
            for i in stride(from: 100, through: 1, by: -1) where FileManager.default.fileExists(atPath: "\(d.dir)/\(name).\(i)") {
                let part = d.read("\(name).\(i)")
                #expect(part.utf8.count >= 100 * 1024 && part.utf8.count < (100 + 128) * 1024,
                        "\(name).\(i) is \(part.utf8.count) bytes")
                text += part
                backups += 1
            }
            text += d.read(name)
            #expect(backups >= 7, "\(name): \(backups) backups")
            let numbers = text.split(separator: "\n").map { Int($0) ?? -1 }
            #expect(numbers == Array(1...200_000), "\(name): every line once and in order")
        }
    }

    /// A child writing numbered lines, one write(2) each, as fast as it can, into a spliced log with small backups:
    /// every file (rotated or live) holds whole lines only, together they hold every line once and in order, and
    /// each rotated file reached maxbytes and passed it by less than the pipe's capacity. At 4 MiB the pipe holds
    /// 256 KiB, more than one 128 KiB read: a splice still takes all of it, never cutting a line.
    @Test(arguments: [(4096, 64 * 1024), (4 * 1024 * 1024, 256 * 1024)])
    func splicedLogRotatesBetweenTheChildsWrites(maxBytes: Int, pipeCapacity: Int) throws {
        let lineCount = maxBytes < 1 << 20 ? 20_000 : 160_000
        let d = DaemonHarness()
        d.writeConfig("""
            [program:lines]
            command=awk 'BEGIN { for (j = 0; j < 200; j++) pad = pad "x"; for (i = 1; i <= \(lineCount); i++) { print "line " i " " substr(pad, 1, i - int(i / 197) * 197); fflush() } }'
            stdout_logfile=\(d.dir)/lines.log
            stdout_logfile_maxbytes=\(maxBytes)
            stdout_logfile_backups=400
            autorestart=false
            startsecs=0
            """, supervisord: "loglevel=info")  // debug would copy child output into the main log: no splice
        try d.start()
        d.waitForLog("exited: lines (exit status 0; expected)", timeout: 60)
        #expect(d.stop() == 0)
        var files: [String] = []
        for i in stride(from: 400, through: 1, by: -1) where FileManager.default.fileExists(atPath: "\(d.dir)/lines.log.\(i)") {
            files.append("lines.log.\(i)")
        }
        #expect(files.count >= 3 && !files.contains("lines.log.400"), "\(files.count) rotated files, none dropped")
        var next = 1
        for name in files + ["lines.log"] {
            let text = d.read(name)
            if name != "lines.log" {
                #expect(text.utf8.count >= maxBytes && text.utf8.count < maxBytes + pipeCapacity,
                        "\(name) is \(text.utf8.count) bytes")
            }
            #expect(text.isEmpty || text.hasSuffix("\n"), "\(name) ends inside a line")
            for line in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                guard line == "line \(next) " + String(repeating: "x", count: next % 197) else {
                    Issue.record("\(name): expected line \(next), found \(line.prefix(40))")
                    return
                }
                next += 1
            }
        }
        #expect(next == lineCount + 1, "every line once and in order")
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
