import Glibc
import Testing

@testable import SupervisorLogs

/// A log file whose writes fail (a full disk: `/dev/full`, or the file's descriptor replaced by one on it): the
/// failure is reported once, what follows is dropped and counted without touching the broken descriptor, and a
/// reopen, clear or rotation ends the dropping with a ``LogResumption``.
extension RotatingLogFileTests {
    /// `path` as a symlink to `/dev/full`, whose writes fail with `ENOSPC`.
    private func fullDisk(at path: String) throws {
        try #require(symlink("/dev/full", path) == 0)
    }

    /// Makes the file's open descriptor refer to `/dev/full` (a disk that filled up under an open regular file).
    private func breakDescriptor(of file: RotatingLogFile) throws {
        let full = open("/dev/full", O_WRONLY | O_CLOEXEC)
        try #require(full >= 0)
        defer { close(full) }
        try #require(dup2(full, file.fileDescriptor) == file.fileDescriptor)
    }

    @Test func aFailedWriteThrowsOnceThenLaterWritesAreDroppedAndCounted() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        try fullDisk(at: path)
        let file = try RotatingLogFile(path: path)
        defer { file.close() }
        #expect(file.failure == nil)
        #expect(throws: LogFileError.syscall(call: "write", path: path, errno: ENOSPC)) {
            try file.write(Array("one\n".utf8))
        }
        #expect(file.failure == .syscall(call: "write", path: path, errno: ENOSPC))
        #expect(try file.write(Array("two\n".utf8)) == nil)
        #expect(try file.write(Array("three\n".utf8)) == nil)
        #expect(file.droppedBytes == 14)
        #expect(!file.acceptsTransfers)
    }

    @Test func aReopenAfterTheRepairEndsTheDroppingAndReportsTheDroppedBytes() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        try fullDisk(at: path)
        let file = try RotatingLogFile(path: path)
        defer { file.close() }
        #expect(throws: LogFileError.self) { try file.write(Array("one\n".utf8)) }
        try file.write(Array("two\n".utf8))
        #expect(unlink(path) == 0)  // repaired: the path is a fresh file again
        #expect(try file.reopen() == LogResumption(droppedBytes: 8))
        #expect(file.failure == nil && file.droppedBytes == 0)
        #expect(try file.write(Array("three\n".utf8)) == nil)
        #expect(TestFiles.text(path) == "three\n")
        #expect(try file.reopen() == nil, "a reopen while writing normally resumes nothing")
    }

    @Test func aFailedReopenKeepsDroppingAndALaterOneResumes() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("logs/a.log")
        #expect(mkdir(dir.file("logs"), 0o755) == 0)
        try fullDisk(at: path)
        let file = try RotatingLogFile(path: path)
        defer { file.close() }
        #expect(throws: LogFileError.self) { try file.write(Array("one\n".utf8)) }
        #expect(unlink(path) == 0 && rmdir(dir.file("logs")) == 0)  // the directory is gone
        #expect(throws: LogFileError.syscall(call: "open", path: path, errno: ENOENT)) { try file.reopen() }
        #expect(file.failure != nil)
        #expect(try file.write(Array("two\n".utf8)) == nil)
        #expect(mkdir(dir.file("logs"), 0o755) == 0)  // and back
        #expect(try file.reopen() == LogResumption(droppedBytes: 8))
        try file.write(Array("three\n".utf8))
        #expect(TestFiles.text(path) == "three\n")
    }

    @Test func clearEndsTheDroppingLikeAReopen() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path)
        defer { file.close() }
        try file.write(Array("kept\n".utf8))
        try breakDescriptor(of: file)
        #expect(throws: LogFileError.syscall(call: "write", path: path, errno: ENOSPC)) {
            try file.write(Array("lost\n".utf8))
        }
        #expect(try file.clear() == LogResumption(droppedBytes: 5))
        try file.write(Array("after\n".utf8))
        #expect(TestFiles.text(path) == "after\n")
    }

    /// While dropping, the rotation the file would have had (after `maxBytes` more) is tried and reopens it; the
    /// write that triggered it was dropped, the next one goes to the new file.
    @Test func aRotationWhileDroppingEndsTheDropping() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 1)
        defer { file.close() }
        try file.write(Array("before\n".utf8))
        try breakDescriptor(of: file)
        #expect(throws: LogFileError.self) { try file.write(Array("abc\n".utf8)) }
        #expect(try file.write(Array("defg\n".utf8)) == nil, "9 bytes dropped: below maxBytes, no rotation yet")
        #expect(TestFiles.exists(path) && !TestFiles.exists(path + ".1"))
        #expect(try file.write(Array("h\n".utf8)) == LogResumption(droppedBytes: 11))
        #expect(file.failure == nil)
        try file.write(Array("after\n".utf8))
        #expect(TestFiles.text(path + ".1") == "before\n")
        #expect(TestFiles.text(path) == "after\n")
    }

    /// A rotation attempt that fails while dropping is silent; the next is tried after another `maxBytes`.
    @Test func aFailedRotationWhileDroppingIsRetriedAfterAnotherMaxBytes() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("logs/a.log")
        #expect(mkdir(dir.file("logs"), 0o755) == 0)
        let file = try RotatingLogFile(path: path, maxBytes: 10, backups: 1)
        defer { file.close() }
        try breakDescriptor(of: file)
        #expect(throws: LogFileError.self) { try file.write(Array("0123456789".utf8)) }
        #expect(unlink(path) == 0 && rmdir(dir.file("logs")) == 0)
        #expect(try file.write(Array("x".utf8)) == nil, "the rotation's open fails: still dropping")
        #expect(mkdir(dir.file("logs"), 0o755) == 0)
        #expect(try file.write(Array("012345678".utf8)) == nil, "9 bytes since the failed attempt")
        #expect(try file.write(Array("9".utf8)) == LogResumption(droppedBytes: 21))
        try file.write(Array("ok\n".utf8))
        #expect(TestFiles.text(path) == "ok\n")
    }

    /// The splice path does not move bytes into a file that is dropping (they must be read and counted), and moves
    /// them again after the reopen.
    @Test func aDroppingFileRefusesTransfersUntilReopened() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path)
        defer { file.close() }
        try breakDescriptor(of: file)
        #expect(throws: LogFileError.self) { try file.write(Array("lost\n".utf8)) }
        #expect(!file.acceptsTransfers)
        let pipe = SimulatedPipe()
        pipe.write("moved\n")
        #expect(throws: LogFileError.syscall(call: "write", path: path, errno: ENOSPC)) {
            try file.appendTransferred(chunk: 64, pipe.transfer)
        }
        #expect(try file.reopen() == LogResumption(droppedBytes: 5))
        #expect(file.acceptsTransfers)
        #expect(try file.appendTransferred(chunk: 64, pipe.transfer) == 6)
        #expect(TestFiles.text(path) == "moved\n")
    }
}
