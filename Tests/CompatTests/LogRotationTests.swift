import Foundation
import Testing

/// Size rotation of a child's log against both daemons. Supervisor rotates after writing each read of the pipe, so
/// a child writing one line per write(2) never has a line split across two files, and a rotated file passes
/// `maxbytes` by less than one read (128 KiB, `options.readfd`). Ours must do the same on the splice path (a plain
/// log), on the read path (`stdout_events_enabled`, so the daemon must see the bytes) and with `backups=0`.
@Suite struct LogRotationTests {
    static let lineCount = 20_000
    static let maxBytes = 4096
    static let readSize = 128 * 1024

    /// mawk flushes (one write) after each line; lines of 8 to 110 bytes. No `%` (the config expands it) and no
    /// ` ;` (a comment).
    static func program(lines: Int = lineCount, maxBytes: Int = maxBytes, _ settings: String) -> String {
        """
        [program:lines]
        command=awk 'BEGIN { for (j = 0; j < 100; j++) pad = pad "x"; for (i = 1; i <= \(lines); i++) { print "line " i " " substr(pad, 1, i - int(i / 97) * 97); fflush() } }'
        autorestart=false
        startsecs=0
        stdout_logfile=%(dir)s/lines.log
        stdout_logfile_maxbytes=\(maxBytes)
        \(settings)
        """
    }

    static func line(_ number: Int) -> String { "line \(number) " + String(repeating: "x", count: number % 97) }

    @Test(arguments: DaemonKind.allCases)
    func splicePathRotatesBetweenTheChildsWrites(_ kind: DaemonKind) async throws {
        try await scenario { try Self.rotatedLinesAreWhole(kind, "stdout_logfile_backups=400") }
    }

    @Test(arguments: DaemonKind.allCases)
    func readPathRotatesBetweenTheChildsWrites(_ kind: DaemonKind) async throws {
        try await scenario {
            try Self.rotatedLinesAreWhole(kind, "stdout_logfile_backups=400\nstdout_events_enabled=true")
        }
    }

    /// With `backups=0` the file is truncated in place after the write that reached `maxbytes`: what is left are
    /// the last lines, whole, and nothing else.
    @Test(arguments: DaemonKind.allCases)
    func noBackupsTruncatesBetweenTheChildsWrites(_ kind: DaemonKind) async throws {
        try await scenario { try Self.lastLinesAreWhole(kind) }
    }

    /// `[supervisord] logfile_maxbytes` and `logfile_backups`: the main log rotates after the record that reached
    /// the size, keeps that many backups, and no record is split (here the records are a chatty child's output,
    /// copied at `loglevel=debug`).
    @Test(arguments: DaemonKind.allCases)
    func mainLogRotatesAfterTheRecordThatReachedMaxBytes(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, """
                [program:chatty]
                command=/usr/bin/python3 -u -c 'import time; [(print("chatty line", i), time.sleep(0.002)) for i in range(1, 1201)]'
                autorestart=false
                startsecs=0
                """, loglevel: "debug", supervisord: "logfile_maxbytes=8KB\nlogfile_backups=2")
            d.waitFor("EXITED", "chatty", timeout: .seconds(60))
            // The last line may have been rotated into any kept file by the log lines that followed it.
            let kept = ["supervisord.log", "supervisord.log.1", "supervisord.log.2"]
            d.expect(eventually(timeout: .seconds(30)) { kept.contains { d.read($0).contains("chatty line 1200\n") } },
                     "the last line is in no kept file: \(kept.map { d.read($0).suffix(300) })")
            for name in ["supervisord.log.1", "supervisord.log.2"] {
                let text = d.read(name)
                d.expect(text.utf8.count >= 8192 && text.utf8.count < 8192 + 4096, "\(name) is \(text.utf8.count) bytes")
                d.expect(text.hasSuffix("\n") && text.hasPrefix("20"), "\(name) does not hold whole records")
            }
            d.expect(!FileManager.default.fileExists(atPath: d.dir + "/supervisord.log.3"), "more than 2 backups")
            return d
        }
    }

    /// Runs the child to its end, then reads `lines.log.N` … `.1`, `lines.log`: each holds whole lines, each
    /// rotated one reached `maxbytes` and passed it by less than one read, and together they hold every line once
    /// and in order.
    static func rotatedLinesAreWhole(_ kind: DaemonKind, _ settings: String) throws -> CompatDaemon {
        let d = try CompatDaemon(kind, program(settings))
        d.waitFor("EXITED", "lines", timeout: .seconds(60))
        let last = line(lineCount) + "\n"
        // The last read may have been rotated away with the rest: then it ends .1, and lines.log is empty.
        d.expect(eventually { (d.read("lines.log.1") + d.read("lines.log")).hasSuffix(last) }, "the last line arrives")
        let rotated = (1..<400).reversed().map { "lines.log.\($0)" }.filter {
            FileManager.default.fileExists(atPath: d.dir + "/" + $0)
        }
        d.expect(rotated.count >= 5, "\(rotated.count) rotated files")
        var next = 1
        for name in rotated + ["lines.log"] {
            let text = d.read(name)
            if name != "lines.log" {
                d.expect(text.utf8.count >= maxBytes && text.utf8.count < maxBytes + readSize,
                         "\(name) is \(text.utf8.count) bytes")
            }
            d.expect(text.isEmpty || text.hasSuffix("\n"), "\(name) ends inside a line")
            for text in text.split(separator: "\n", omittingEmptySubsequences: false).dropLast() {
                guard text == line(next) else {
                    d.expect(false, "\(name): expected line \(next), found \(text.prefix(40))")
                    return d
                }
                next += 1
            }
        }
        d.expect(next == lineCount + 1, "every line once and in order (up to \(next - 1))")
        return d
    }

    /// With `backups=0` the file is truncated in place after the write that reached `maxbytes`: once the child is
    /// done, what is left are its last lines, whole, and no backup. 40000 lines are about 2.39 MB: with 1 MiB
    /// `maxbytes` and reads of less than 128 KiB, the file is truncated exactly twice and keeps 25 KB to 300 KB.
    static func lastLinesAreWhole(_ kind: DaemonKind) throws -> CompatDaemon {
        let lineCount = 40_000
        let maxBytes = 1024 * 1024
        let d = try CompatDaemon(kind, program(lines: lineCount, maxBytes: maxBytes, "stdout_logfile_backups=0"))
        d.waitFor("EXITED", "lines", timeout: .seconds(60))
        let last = line(lineCount) + "\n"
        d.expect(eventually { d.read("lines.log").hasSuffix(last) }, "the last line arrives")
        let text = d.read("lines.log")
        d.expect(!FileManager.default.fileExists(atPath: d.dir + "/lines.log.1"), "no backup")
        d.expect(text.utf8.count < maxBytes, "lines.log is \(text.utf8.count) bytes")
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
        let first = lineCount - lines.count + 1
        d.expect(first > 1, "truncated")
        d.expect(lines == stride(from: first, through: lineCount, by: 1).map(line), "whole lines, the last ones, in order")
        return d
    }
}
