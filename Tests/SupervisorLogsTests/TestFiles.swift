import Glibc
import Testing

/// A fresh directory under /tmp for one test, removed by `remove()`.
struct TempDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/svlogs-XXXXXX".utf8CString)
        let created = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        try #require(created != nil, "mkdtemp failed: errno \(errno)")
        path = String(cString: created!)
    }

    func file(_ name: String) -> String { path + "/" + name }

    /// Removes the directory and everything in it (one level of subdirectories is enough
    /// for these tests).
    func remove() {
        TestFiles.removeTree(path)
    }
}

enum TestFiles {
    /// An entry's name, read in place: glibc makes each entry only as long as its name, so `entry.pointee.d_name`
    /// (a 256-byte copy) can read past the end of the directory buffer.
    static func entryName(_ entry: UnsafeMutablePointer<dirent>) -> String {
        String(
            cString: UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \.d_name)!)
                .assumingMemoryBound(to: CChar.self))
    }

    static func removeTree(_ path: String) {
        if let directory = opendir(path) {
            while let entry = readdir(directory) {
                let name = TestFiles.entryName(entry)
                if name == "." || name == ".." { continue }
                let child = path + "/" + name
                if unlink(child) != 0 { removeTree(child) }
            }
            closedir(directory)
        }
        rmdir(path)
    }

    /// The whole content of `path`, or `nil` if it cannot be opened.
    static func contents(_ path: String) -> [UInt8]? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var result: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 1 << 20)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count <= 0 { return result }
            result.append(contentsOf: buffer[0..<count])
        }
    }

    static func text(_ path: String) -> String? {
        contents(path).map { String(decoding: $0, as: UTF8.self) }
    }

    /// Writes `bytes` to `path`, replacing it.
    static func create(_ path: String, _ bytes: [UInt8]) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        try #require(fd >= 0)
        defer { close(fd) }
        let written = bytes.withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
        try #require(written == bytes.count)
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func size(_ path: String) -> Int {
        var status = stat()
        return stat(path, &status) == 0 ? Int(status.st_size) : -1
    }

    static func mode(_ path: String) -> mode_t {
        var status = stat()
        return stat(path, &status) == 0 ? status.st_mode & 0o7777 : 0
    }

    static func names(in directory: String) -> [String] {
        var names: [String] = []
        if let handle = opendir(directory) {
            while let entry = readdir(handle) {
                let name = TestFiles.entryName(entry)
                if name != "." && name != ".." { names.append(name) }
            }
            closedir(handle)
        }
        return names.sorted()
    }
}

/// A small deterministic generator (SplitMix64) so that random-looking tests repeat.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
