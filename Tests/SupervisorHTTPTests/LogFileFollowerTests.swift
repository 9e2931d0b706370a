import Foundation
import Testing

@testable import SupervisorHTTP

@Suite struct LogFileFollowerTests {
    private func write(_ text: String, to path: String, append: Bool = false) throws {
        if append, let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(text.utf8))
            handle.closeFile()
        } else {
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
        }
    }

    @Test func startsWithTheLast1024BytesThenFollowsAppends() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let content = (0..<200).map { "line \($0)\n" }.joined()
        try write(content, to: path)
        let follower = try LogFileFollower(path: path, initialBytes: 1024)
        #expect(follower.poll(maxBytes: 65536) == .data(Array(content.utf8.suffix(1024))))
        #expect(follower.poll(maxBytes: 65536) == .nothing)
        try write("more\n", to: path, append: true)
        #expect(follower.poll(maxBytes: 65536) == .data(Array("more\n".utf8)))
    }

    @Test func smallFileIsSentWhole() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        try write("hello\n", to: path)
        let follower = try LogFileFollower(path: path, initialBytes: 1024)
        #expect(follower.poll(maxBytes: 65536) == .data(Array("hello\n".utf8)))
    }

    @Test func pollsAreBoundedByMaxBytes() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        try write("0123456789", to: path)
        let follower = try LogFileFollower(path: path, initialBytes: 1024)
        #expect(follower.poll(maxBytes: 4) == .data(Array("0123".utf8)))
        #expect(follower.poll(maxBytes: 4) == .data(Array("4567".utf8)))
        #expect(follower.poll(maxBytes: 4) == .data(Array("89".utf8)))
    }

    @Test func truncationEmitsTheMarkerAndRestartsAtZero() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        try write("first part\n", to: path)
        let follower = try LogFileFollower(path: path, initialBytes: 1024)
        _ = follower.poll(maxBytes: 65536)
        try write("new\n", to: path)
        #expect(follower.poll(maxBytes: 65536) == .truncated)
        #expect(follower.poll(maxBytes: 65536) == .data(Array("new\n".utf8)))
    }

    @Test func rotationReopensTheNewFileFromItsStart() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        try write("old\n", to: path)
        let follower = try LogFileFollower(path: path, initialBytes: 1024)
        _ = follower.poll(maxBytes: 65536)
        try FileManager.default.moveItem(atPath: path, toPath: path + ".1")
        try write("rotated\n", to: path)
        #expect(follower.poll(maxBytes: 65536) == .data(Array("rotated\n".utf8)))
    }

    @Test func aVanishedPathKeepsTheOldFile() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        try write("old\n", to: path)
        let follower = try LogFileFollower(path: path, initialBytes: 1024)
        _ = follower.poll(maxBytes: 65536)
        let handle = FileHandle(forWritingAtPath: path)!
        try FileManager.default.removeItem(atPath: path)
        handle.seekToEndOfFile()
        handle.write(Data("still\n".utf8))
        handle.closeFile()
        #expect(follower.poll(maxBytes: 65536) == .data(Array("still\n".utf8)))
    }

    @Test func missingFileThrows() {
        #expect(throws: SyscallError.self) { try LogFileFollower(path: "/nonexistent/x.log", initialBytes: 1024) }
    }
}
