import Dispatch
import Foundation
import Glibc
import Synchronization
import Testing

@testable import SupervisorLogs

@Suite struct RotatingLogFileTests {
    // MARK: - Opening

    @Test func createsTheFileWithMode0666FilteredByUmask() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path)
        defer { file.close() }
        let mask = umask(0)
        umask(mask)
        #expect(TestFiles.mode(path) == 0o666 & ~mask)
        #expect(file.isRegularFile)
    }

    @Test func appendsToAnExistingFile() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        try TestFiles.create(path, Array("old\n".utf8))
        let file = try RotatingLogFile(path: path)
        try file.write(Array("new\n".utf8))
        file.close()
        #expect(TestFiles.text(path) == "old\nnew\n")
    }

    @Test func openFailureNamesTheCallAndPath() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("missing/a.log")
        #expect(throws: LogFileError.syscall(call: "open", path: path, errno: ENOENT)) {
            try RotatingLogFile(path: path)
        }
    }

    @Test func writingAfterCloseThrowsClosed() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let file = try RotatingLogFile(path: dir.file("a.log"))
        file.close()
        file.close()
        #expect(file.isClosed)
        #expect(throws: LogFileError.closed(path: dir.file("a.log"))) { try file.write([1]) }
    }

    // MARK: - Rotation

    @Test func rotationNumbersBackupsNewestFirstAndDropsTheOldest() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 3)
        defer { file.close() }
        for chunk in ["0000000000", "1111111111", "2222222222", "3333333333", "4444444444", "55555"] {
            try file.write(Array(chunk.utf8))
        }
        #expect(TestFiles.names(in: dir.path) == ["a.log", "a.log.1", "a.log.2", "a.log.3"])
        #expect(TestFiles.text(path) == "55555")
        #expect(TestFiles.text(path + ".1") == "4444444444")
        #expect(TestFiles.text(path + ".2") == "3333333333")
        #expect(TestFiles.text(path + ".3") == "2222222222")
    }

    @Test func aFileMayExceedMaxBytesByOneWrite() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 2)
        defer { file.close() }
        try file.write(Array("123456789".utf8))
        #expect(!TestFiles.exists(path + ".1"))
        try file.write(Array("abcdefghijklmnop".utf8))
        #expect(TestFiles.text(path + ".1") == "123456789abcdefghijklmnop")
        #expect(TestFiles.size(path) == 0)
    }

    @Test func rotationLeavesHigherNumberedBackupsAlone() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        try TestFiles.create(path + ".5", Array("from an older config".utf8))
        let file = try RotatingLogFile(path: path, maxBytes: 4, backups: 2)
        defer { file.close() }
        for chunk in ["aaaa", "bbbb", "cccc", "dddd"] { try file.write(Array(chunk.utf8)) }
        #expect(TestFiles.names(in: dir.path) == ["a.log", "a.log.1", "a.log.2", "a.log.5"])
        #expect(TestFiles.text(path + ".2") == "cccc")
        #expect(TestFiles.text(path + ".5") == "from an older config")
    }

    @Test func noBackupsTruncatesInPlace() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 0)
        defer { file.close() }
        try file.write(Array("0123456789".utf8))
        #expect(TestFiles.size(path) == 0)
        try file.write(Array("abc".utf8))
        #expect(TestFiles.names(in: dir.path) == ["a.log"])
        #expect(TestFiles.text(path) == "abc")
    }

    @Test func maxBytesZeroNeverRotates() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 0, backups: 5)
        defer { file.close() }
        for _ in 0..<100 { try file.write([UInt8](repeating: 65, count: 1000)) }
        #expect(TestFiles.names(in: dir.path) == ["a.log"])
        #expect(TestFiles.size(path) == 100_000)
    }

    @Test func aLiveFileDeletedFromOutsideIsRecreatedAtRotation() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 2)
        defer { file.close() }
        try file.write(Array("aaaa".utf8))
        unlink(path)
        // Supervisor ignores ENOENT when moving the live file aside.
        try file.write(Array("bbbbbbbbbb".utf8))
        try file.write(Array("c".utf8))
        #expect(TestFiles.text(path) == "c")
        #expect(!TestFiles.exists(path + ".1"))
    }

    /// THE key property: rotation never loses, duplicates or reorders a byte. 200k numbered
    /// lines of 100 bytes go through in chunks of random sizes (1 byte to 128 KiB) that do
    /// not align with line ends; reading `f.N … f.1, f` back must give exactly the stream
    /// that was written, which means every line appears once and in order.
    @Test func rotationKeepsEveryLineOnceAndInOrder() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("big.log")
        let lineCount = 200_000
        let lineLength = 100
        var stream = [UInt8](repeating: UInt8(ascii: "."), count: lineCount * lineLength)
        stream.withUnsafeMutableBufferPointer { buffer in
            for line in 0..<lineCount {
                let base = line * lineLength
                var number = line
                for digit in (0..<8).reversed() {
                    buffer[base + 5 + digit] = UInt8(ascii: "0") + UInt8(number % 10)
                    number /= 10
                }
                buffer[base] = UInt8(ascii: "l")
                buffer[base + 1] = UInt8(ascii: "i")
                buffer[base + 2] = UInt8(ascii: "n")
                buffer[base + 3] = UInt8(ascii: "e")
                buffer[base + 4] = UInt8(ascii: " ")
                buffer[base + lineLength - 1] = UInt8(ascii: "\n")
            }
        }

        let maxBytes = 1_000_000
        let maxChunk = 128 * 1024
        let file = try RotatingLogFile(path: path, maxBytes: maxBytes, backups: 50)
        var random = SplitMix64(seed: 0x5EED)
        try stream.withUnsafeBytes { bytes in
            var offset = 0
            while offset < bytes.count {
                let size = min(Int.random(in: 1...maxChunk, using: &random), bytes.count - offset)
                try file.write(UnsafeRawBufferPointer(rebasing: bytes[offset..<offset + size]))
                offset += size
            }
        }
        file.close()

        var backups = 0
        while TestFiles.exists("\(path).\(backups + 1)") { backups += 1 }
        #expect(backups >= 19 && backups < 50, "all rotations kept: \(backups)")
        var joined: [UInt8] = []
        joined.reserveCapacity(stream.count)
        for index in stride(from: backups, through: 1, by: -1) {
            let size = TestFiles.size("\(path).\(index)")
            #expect(size >= maxBytes && size < maxBytes + maxChunk, "backup .\(index) is \(size) bytes")
            joined += try #require(TestFiles.contents("\(path).\(index)"))
        }
        joined += try #require(TestFiles.contents(path))
        #expect(joined.count == stream.count)
        #expect(joined == stream)
    }

    // MARK: - Outside interference (logrotate)

    @Test func copytruncateFromOutsideContinuesAtOffsetZeroWithoutHoles() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 1000, backups: 2)
        defer { file.close() }
        try file.write(Array(String(repeating: "before\n", count: 50).utf8))
        try truncateFromOutside(path)
        try file.write(Array("after\n".utf8))
        try file.write(Array("more\n".utf8))
        let content = try #require(TestFiles.contents(path))
        #expect(!content.contains(0))
        #expect(String(decoding: content, as: UTF8.self) == "after\nmore\n")
        #expect(!TestFiles.exists(path + ".1"))
    }

    /// Python reopens the file `'wb'` after a rotation, so there a copytruncate leaves NUL
    /// bytes; ours keeps appending.
    @Test func copytruncateAfterARotationAlsoLeavesNoHole() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 20, backups: 1)
        defer { file.close() }
        try file.write(Array("0123456789012345678901234".utf8))
        try file.write(Array("0123456789".utf8))
        try truncateFromOutside(path)
        try file.write(Array("xyz".utf8))
        #expect(TestFiles.text(path) == "xyz")
    }

    @Test func reopenAfterRenameWritesToTheNewFile() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path)
        defer { file.close() }
        try file.write(Array("one\n".utf8))
        #expect(rename(path, path + ".old") == 0)
        try file.write(Array("two\n".utf8))
        try file.reopen()
        try file.write(Array("three\n".utf8))
        #expect(TestFiles.text(path + ".old") == "one\ntwo\n")
        #expect(TestFiles.text(path) == "three\n")
    }

    @Test func failedReopenThrowsAndKeepsWritingToTheOldFile() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path)
        defer { file.close() }
        try file.write(Array("one\n".utf8))
        #expect(rename(path, path + ".old") == 0)
        #expect(mkdir(path, 0o755) == 0)  // the name is now a directory: open fails
        #expect(throws: LogFileError.syscall(call: "open", path: path, errno: EISDIR)) {
            try file.reopen()
        }
        try file.write(Array("two\n".utf8))
        #expect(TestFiles.text(path + ".old") == "one\ntwo\n")
        #expect(rmdir(path) == 0)
        try file.reopen()
        try file.write(Array("three\n".utf8))
        #expect(TestFiles.text(path) == "three\n")
    }

    @Test func failedRotationKeepsEveryByteAndRetriesOnTheNextWrite() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 5, backups: 1)
        defer { file.close() }
        #expect(mkdir(path + ".1", 0o755) == 0)
        #expect(mkdir(path + ".1/x", 0o755) == 0)  // a non-empty directory cannot be replaced
        #expect(throws: LogFileError.syscall(call: "unlink", path: path + ".1", errno: EISDIR)) {
            try file.write(Array("12345".utf8))
        }
        #expect(file.rotationFailure == .syscall(call: "unlink", path: path + ".1", errno: EISDIR))
        #expect(throws: LogFileError.self) { try file.write(Array("678".utf8)) }
        #expect(file.failure == nil, "a rotation failure drops nothing")
        #expect(TestFiles.text(path) == "12345678")
        #expect(rmdir(path + ".1/x") == 0 && rmdir(path + ".1") == 0)
        try file.write(Array("9".utf8))
        #expect(file.rotationFailure == nil)
        #expect(TestFiles.text(path + ".1") == "123456789")
        #expect(TestFiles.size(path) == 0)
    }

    // MARK: - Clear

    @Test func clearDeletesAndRecreatesTheFileAndKeepsBackups() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 2)
        defer { file.close() }
        try file.write(Array("0123456789".utf8))
        try file.write(Array("abc".utf8))
        var before = stat()
        stat(path, &before)
        try file.clear()
        var after = stat()
        stat(path, &after)
        #expect(before.st_ino != after.st_ino, "a new file, not a truncated one")
        #expect(TestFiles.size(path) == 0)
        #expect(TestFiles.text(path + ".1") == "0123456789")
        try file.write(Array("new".utf8))
        #expect(TestFiles.text(path) == "new")
    }

    @Test func clearWhenTheFileIsAlreadyGoneRecreatesIt() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path)
        defer { file.close() }
        unlink(path)
        try file.clear()
        #expect(TestFiles.size(path) == 0)
    }

    // MARK: - Non-seekable targets

    @Test func aPipeIsWrittenButNeverRotated() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        defer { close(fds[0]) }
        let file = try RotatingLogFile(path: "/proc/self/fd/\(fds[1])", maxBytes: 10, backups: 3)
        close(fds[1])
        #expect(!file.isRegularFile)
        let payload = Array(String(repeating: "pipe data ", count: 100).utf8)
        try file.write(payload)
        try file.write(payload)
        file.close()
        var received: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fds[0], $0.baseAddress, $0.count) }
            if count <= 0 { break }
            received += buffer[0..<count]
        }
        #expect(received == payload + payload)
    }

    /// A non-blocking target answers EAGAIN and short writes; everything still arrives.
    @Test func aNonBlockingPipeGetsEveryByte() throws {
        var fds: [Int32] = [0, 0]
        #expect(pipe(&fds) == 0)
        let file = try RotatingLogFile(path: "/proc/self/fd/\(fds[1])")
        close(fds[1])
        let fd = file.fileDescriptor
        #expect(fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) == 0)

        let received = Received()
        let done = DispatchSemaphore(value: 0)
        let readEnd = fds[0]
        let reader = Thread {
            var buffer = [UInt8](repeating: 0, count: 1000)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(readEnd, $0.baseAddress, $0.count) }
                if count <= 0 { break }
                received.bytes.withLock { $0 += buffer[0..<count] }
            }
            close(readEnd)
            done.signal()
        }
        reader.start()
        var payload = [UInt8](repeating: 0, count: 1 << 20)
        for index in payload.indices { payload[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 9) }
        try file.write(payload)
        file.close()
        done.wait()
        #expect(received.bytes.withLock { $0 } == payload)
    }

    private func truncateFromOutside(_ path: String) throws {
        let fd = open(path, O_WRONLY | O_CLOEXEC)
        try #require(fd >= 0)
        defer { close(fd) }
        try #require(ftruncate(fd, 0) == 0)
    }
}

private final class Received: Sendable {
    let bytes = Mutex<[UInt8]>([])
}
