import Glibc
import Testing

@testable import SupervisorLogs

/// ``RotatingLogFile/appendTransferred(chunk:_:)``, the splice path's rotation rule, with a simulated pipe: a queue
/// of the writer's writes from which a transfer takes what it is allowed to (up to `length` bytes, as splice(2)
/// does) and writes it at the offset it is given.
extension RotatingLogFileTests {
    /// A transfer is offered the whole chunk, not the bytes left before `maxBytes`; the file rotates after the
    /// transfer that reached `maxBytes`, so a rotated file ends where the pipe's content ended (Supervisor rotates
    /// after writing a whole read).
    @Test func aTransferIsNotCutAtTheThresholdAndTheFileRotatesAfterIt() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 2)
        defer { file.close() }
        let pipe = SimulatedPipe()
        pipe.write("1234567\n")
        #expect(try file.appendTransferred(chunk: 64, pipe.transfer) == 8)
        #expect(pipe.offeredLengths == [64])
        #expect(!TestFiles.exists(path + ".1"))
        pipe.write("abcdef\n")
        pipe.write("ghi\n")
        #expect(try file.appendTransferred(chunk: 64, pipe.transfer) == 11)
        #expect(pipe.offeredLengths == [64, 64])
        #expect(TestFiles.text(path + ".1") == "1234567\nabcdef\nghi\n")
        #expect(TestFiles.size(path) == 0)
        pipe.write("next\n")
        #expect(try file.appendTransferred(chunk: 64, pipe.transfer) == 5)
        #expect(TestFiles.text(path) == "next\n")
    }

    /// A transfer that moved a whole chunk may have stopped inside one of the writer's writes: no rotation after it
    /// (the next transfer, which empties the pipe, rotates), unless the file had reached `maxBytes` before it.
    @Test func aTransferOfAWholeChunkRotatesOnlyIfTheFileWasAlreadyFull() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 2)
        defer { file.close() }
        let pipe = SimulatedPipe()
        pipe.write("aaaaaaaa\n")
        pipe.write("bbbbbbbb\n")
        pipe.write("cccccccc\n")
        #expect(try file.appendTransferred(chunk: 12, pipe.transfer) == 12)
        #expect(!TestFiles.exists(path + ".1"), "cut inside the second line: no rotation")
        #expect(try file.appendTransferred(chunk: 12, pipe.transfer) == 12)
        #expect(TestFiles.text(path + ".1") == "aaaaaaaa\nbbbbbbbb\ncccccc", "already full before: rotated")
        #expect(try file.appendTransferred(chunk: 12, pipe.transfer) == 3)
        #expect(TestFiles.text(path) == "cc\n")
    }

    /// With `backups = 0` Supervisor truncates the file in place (it reopens it `'wb'`), after the write that
    /// reached `maxBytes`, as with backups.
    @Test func aTransferWithNoBackupsTruncatesAfterTheTransferThatReachedMaxBytes() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 0)
        defer { file.close() }
        let pipe = SimulatedPipe()
        pipe.write("123456\n")
        #expect(try file.appendTransferred(chunk: 64, pipe.transfer) == 7)
        #expect(TestFiles.text(path) == "123456\n")
        pipe.write("abcdef\n")
        #expect(try file.appendTransferred(chunk: 64, pipe.transfer) == 7)
        #expect(TestFiles.size(path) == 0)
        #expect(TestFiles.names(in: dir.path) == ["a.log"])
        pipe.write("xyz\n")
        #expect(try file.appendTransferred(chunk: 64, pipe.transfer) == 4)
        #expect(TestFiles.text(path) == "xyz\n")
    }

    /// An empty pipe (`-1`, EAGAIN) or its end (`0`) is handed back and never rotates; a file left over the
    /// threshold (here by an earlier run) rotates after the next transfer, as Supervisor's after its next write.
    @Test func nothingMovedNeverRotates() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        try TestFiles.create(path, Array("an earlier run's 31 bytes ....\n".utf8))
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 1)
        defer { file.close() }
        #expect(try file.appendTransferred(chunk: 64) { _, _, _ in -1 } == -1)
        #expect(try file.appendTransferred(chunk: 64) { _, _, _ in 0 } == 0)
        #expect(!TestFiles.exists(path + ".1"))
        let pipe = SimulatedPipe()
        pipe.write("new\n")
        #expect(try file.appendTransferred(chunk: 64, pipe.transfer) == 4)
        #expect(TestFiles.text(path + ".1") == "an earlier run's 31 bytes ....\nnew\n")
    }

    /// An outside truncation (logrotate's copytruncate) is followed: the next transfer writes at the new end.
    @Test func aTransferFollowsAnOutsideTruncation() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 1000, backups: 1)
        defer { file.close() }
        let pipe = SimulatedPipe()
        pipe.write("before\n")
        _ = try file.appendTransferred(chunk: 64, pipe.transfer)
        #expect(truncate(path, 0) == 0)
        pipe.write("after\n")
        _ = try file.appendTransferred(chunk: 64, pipe.transfer)
        #expect(TestFiles.text(path) == "after\n")
    }

    /// THE property on the splice path: a writer writes numbered lines of varying length, one write each; the
    /// pipe is emptied by each transfer at random moments. Every file, rotated or live, holds whole lines only;
    /// each rotated file reached `maxBytes` and passed it by less than the transfer that filled it; reading
    /// `f.N … f.1, f` gives every line once and in order.
    @Test func transfersRotateBetweenWritesAndKeepEveryLineOnceAndInOrder() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("lines.log")
        let maxBytes = 2000
        let file = try RotatingLogFile(path: path, maxBytes: maxBytes, backups: 1000)
        let pipe = SimulatedPipe()
        var random = SplitMix64(seed: 0x5911CE)
        var stream: [UInt8] = []
        var largestTransfer = 0
        for number in 1...20_000 {
            let line = Array("line \(number) \(String(repeating: "x", count: number % 97))\n".utf8)
            pipe.write(line)
            stream += line
            if Int.random(in: 0..<8, using: &random) == 0 || number == 20_000 {
                let moved = try file.appendTransferred(chunk: 1 << 20, pipe.transfer)
                largestTransfer = max(largestTransfer, moved)
            }
        }
        file.close()

        var backups = 0
        while TestFiles.exists("\(path).\(backups + 1)") { backups += 1 }
        #expect(backups > 100 && backups < 1000, "all rotations kept: \(backups)")
        var joined: [UInt8] = []
        for index in stride(from: backups, through: 1, by: -1) {
            let content = try #require(TestFiles.contents("\(path).\(index)"))
            #expect(content.count >= maxBytes && content.count < maxBytes + largestTransfer, ".\(index): \(content.count)")
            #expect(content.last == UInt8(ascii: "\n") && content.first == UInt8(ascii: "l"), ".\(index) has whole lines")
            joined += content
        }
        let live = try #require(TestFiles.contents(path))
        #expect(live.isEmpty || (live.last == UInt8(ascii: "\n") && live.first == UInt8(ascii: "l")))
        joined += live
        #expect(joined == stream)
    }
}

/// A pipe's content as the queue of the writer's bytes; ``transfer`` moves up to `length` of them into a file at
/// `offset` (all when `length` allows), as splice(2) does.
final class SimulatedPipe {
    private var queued: [UInt8] = []
    private(set) var offeredLengths: [Int] = []

    func write(_ text: String) { queued += Array(text.utf8) }
    func write(_ bytes: [UInt8]) { queued += bytes }

    func transfer(_ fileDescriptor: Int32, _ offset: Int, _ length: Int) -> Int {
        offeredLengths.append(length)
        guard !queued.isEmpty else {
            errno = EAGAIN
            return -1
        }
        let count = min(length, queued.count)
        let written = queued.withUnsafeBytes { pwrite(fileDescriptor, $0.baseAddress, count, off_t(offset)) }
        guard written > 0 else { return written }
        queued.removeFirst(written)
        return written
    }
}
