import Glibc
import SupervisorLogs
import Testing

/// `LogReader` against Supervisor 4.3.0's own `readFile` / `tailFile`.
///
/// The tables were made once by running Supervisor's functions on the same files with
/// /tmp/pysup/bin/python (Supervisor 4.3.0, Python 3.11), with this script:
///
/// ```python
/// from supervisor.options import readFile, tailFile
/// SIZES = [0, 5, 100]
/// OFFSETS = [-101, -100, -99, -6, -5, -4, -1, 0, 1, 4, 5, 6, 99, 100, 101]
/// LENGTHS = [-6, -1, 0, 1, 4, 5, 6, 99, 100, 101]
/// def content(n): return bytes(i % 128 for i in range(n))   # every byte tells its offset
/// def slice_code(c, data):
///     if not data: return ""
///     s = c.find(data); assert s >= 0 and c[s:s+len(data)] == data
///     return "%d+%d" % (s, len(data))
/// # read cell: "BAD_ARGUMENTS" or "<start>+<count>" ("" = no bytes)
/// # tail cell: "<start>+<count>@<newoffset>" plus "!" when overflow is true
/// for size in SIZES:
///     c = content(size); p = "/tmp/logsfix/f%d" % size
///     open(p, "wb").write(c)
///     for off in OFFSETS:
///         read = []; tail = []
///         for ln in LENGTHS:
///             try: read.append(slice_code(c, readFile(p, off, ln)))
///             except ValueError as e: read.append(e.args[0])
///             data, newoff, ovf = tailFile(p, off, ln)
///             tail.append("%s@%d%s" % (slice_code(c, data.encode()), newoff, "!" if ovf else ""))
///         print((size, off, read)); print((size, off, tail))
/// ```
@Suite struct LogReaderTests {
    static let lengths = [-6, -1, 0, 1, 4, 5, 6, 99, 100, 101]

    static func content(_ size: Int) -> [UInt8] {
        (0..<size).map { UInt8($0 % 128) }
    }

    /// Decodes a `<start>+<count>` cell ("" for no bytes) into the expected bytes.
    static func expectedSlice(_ code: Substring, in content: [UInt8]) -> [UInt8] {
        if code.isEmpty { return [] }
        let parts = code.split(separator: "+").map { Int($0)! }
        return Array(content[parts[0]..<parts[0] + parts[1]])
    }

    @Test func readLogMatchesSupervisorsReadFile() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for (size, offset, cells) in Self.readTable {
            let content = Self.content(size)
            let path = dir.file("f\(size)")
            try TestFiles.create(path, content)
            for (length, cell) in zip(Self.lengths, cells) {
                let label = Comment(rawValue: "size \(size) offset \(offset) length \(length)")
                if cell == "BAD_ARGUMENTS" {
                    #expect(throws: LogReadError.badArguments, label) {
                        try LogReader.readLog(path: path, offset: offset, length: length)
                    }
                } else {
                    let bytes = try LogReader.readLog(path: path, offset: offset, length: length)
                    #expect(bytes == Self.expectedSlice(Substring(cell), in: content), label)
                }
            }
        }
    }

    @Test func tailLogMatchesSupervisorsTailFile() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for (size, offset, cells) in Self.tailTable {
            let content = Self.content(size)
            let path = dir.file("f\(size)")
            try TestFiles.create(path, content)
            for (length, cell) in zip(Self.lengths, cells) {
                let overflow = cell.hasSuffix("!")
                let body = cell.dropLast(overflow ? 1 : 0)
                let parts = body.split(separator: "@", omittingEmptySubsequences: false)
                let expected = LogTail(
                    bytes: Self.expectedSlice(parts[0], in: content),
                    newOffset: Int(parts[1])!,
                    overflow: overflow
                )
                let tail = LogReader.tailLog(path: path, offset: offset, length: length)
                #expect(tail == expected, "size \(size) offset \(offset) length \(length)")
            }
        }
    }

    /// Python has unbounded integers; these extremes came from the same `tailFile` on the
    /// 100-byte file (the combinations where Python itself raises OverflowError are left out).
    @Test(arguments: [
        (Int.max, Int.max, 0, false),
        (-Int.max, -Int.max, 0, true),
        (Int.max, -Int.max, 0, true),
        (Int.max, 0, 0, false),
        (-Int.max, 0, 0, true),
        (50, -Int.max, 0, true),
        (Int.min, Int.min, 0, true),
    ])
    func tailLogHandlesExtremeArgumentsWithoutTrapping(offset: Int, length: Int, count: Int, overflow: Bool) throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("f100")
        try TestFiles.create(path, Self.content(100))
        let tail = LogReader.tailLog(path: path, offset: offset, length: length)
        #expect(tail == LogTail(bytes: [], newOffset: 100, overflow: overflow))
    }

    @Test func readLogHandlesExtremeArgumentsWithoutTrapping() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("f100")
        let content = Self.content(100)
        try TestFiles.create(path, content)
        // Python raises OverflowError (HTTP 500) on these; we answer with what they mean.
        #expect(try LogReader.readLog(path: path, offset: Int.min, length: 0) == content)
        #expect(try LogReader.readLog(path: path, offset: 0, length: Int.max) == content)
        // Python: FAILED (the kernel refuses to read at that position, EINVAL); so do we.
        #expect(throws: LogReadError.failed(.syscall(call: "read", path: path, errno: EINVAL))) {
            try LogReader.readLog(path: path, offset: Int.max, length: 0)
        }
        #expect(throws: LogReadError.badArguments) {
            try LogReader.readLog(path: path, offset: Int.min, length: Int.min)
        }
    }

    @Test func missingFileIsNoFileForReadAndAnEmptyTailAtZero() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("missing.log")
        #expect(throws: LogReadError.noFile(path: path)) {
            try LogReader.readLog(path: path, offset: 0, length: 0)
        }
        // NO_FILE wins over BAD_ARGUMENTS: rpcinterface checks existence first.
        #expect(throws: LogReadError.noFile(path: path)) {
            try LogReader.readLog(path: path, offset: -1, length: 1)
        }
        #expect(LogReader.tailLog(path: path, offset: 7, length: 3) == LogTail(bytes: [], newOffset: 0, overflow: false))
    }

    /// Supervisor opens before it checks the arguments, and `open` of a directory fails, so
    /// a directory is FAILED even with bad arguments; its tail is `('', offset, False)`.
    @Test func directoryIsFailedForReadAndAnEmptyTailAtTheGivenOffset() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        for (offset, length) in [(0, 0), (-1, 5), (0, -1)] {
            #expect(throws: LogReadError.failed(.syscall(call: "open", path: dir.path, errno: EISDIR))) {
                try LogReader.readLog(path: dir.path, offset: offset, length: length)
            }
        }
        #expect(LogReader.tailLog(path: dir.path, offset: 7, length: 3) == LogTail(bytes: [], newOffset: 7, overflow: false))
    }

    /// rpc.md §7 says polling with the returned offset yields only new bytes; Supervisor's
    /// `tailFile` does not do that (checked with Python: `tailFile(f, 5000, 1600)` on a
    /// 5003-byte file gives 1600 bytes, 5003, False). Whenever `offset + length` passes the
    /// end, it answers the last `length` bytes, old ones included; only when nothing is new
    /// is the answer empty.
    @Test func pollingWithTheReturnedOffsetRepeatsOldBytesLikeSupervisor() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("a.log")
        let file = try RotatingLogFile(path: path)
        defer { file.close() }
        try file.write([UInt8](repeating: 65, count: 5000))
        let first = LogReader.tailLog(path: path, offset: 0, length: 1600)
        #expect(first == LogTail(bytes: [UInt8](repeating: 65, count: 1600), newOffset: 5000, overflow: true))
        #expect(LogReader.tailLog(path: path, offset: 5000, length: 1600) == LogTail(bytes: [], newOffset: 5000, overflow: false))
        try file.write(Array("new".utf8))
        let second = LogReader.tailLog(path: path, offset: first.newOffset, length: 1600)
        #expect(second == LogTail(bytes: [UInt8](repeating: 65, count: 1597) + Array("new".utf8), newOffset: 5003, overflow: false))
    }

    @Test func readLogReadsLargeFilesWhole() throws {
        let dir = try TempDirectory()
        defer { dir.remove() }
        let path = dir.file("big")
        let content = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 7) }
        try TestFiles.create(path, content)
        #expect(try LogReader.readLog(path: path, offset: 0, length: 0) == content)
        #expect(try LogReader.readLog(path: path, offset: -200_000, length: 0) == Array(content[100_000...]))
        #expect(try LogReader.readLog(path: path, offset: 70_000, length: 150_000) == Array(content[70_000..<220_000]))
    }

    // MARK: - Fixture tables (generated; see the type's comment)

    static let readTable: [(Int, Int, [String])] = [
        (0, -101, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (0, -100, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (0, -99, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (0, -6, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (0, -5, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (0, -4, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (0, -1, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (0, 0, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (0, 1, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (0, 4, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (0, 5, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (0, 6, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (0, 99, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (0, 100, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (0, 101, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (5, -101, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "0+5", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (5, -100, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "0+5", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (5, -99, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "0+5", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (5, -6, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "0+5", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (5, -5, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "0+5", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (5, -4, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "1+4", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (5, -1, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "4+1", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (5, 0, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "0+5", "0+1", "0+4", "0+5", "0+5", "0+5", "0+5", "0+5"]),
        (5, 1, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "1+4", "1+1", "1+4", "1+4", "1+4", "1+4", "1+4", "1+4"]),
        (5, 4, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "4+1", "4+1", "4+1", "4+1", "4+1", "4+1", "4+1", "4+1"]),
        (5, 5, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (5, 6, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (5, 99, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (5, 100, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (5, 101, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (100, -101, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "0+100", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (100, -100, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "0+100", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (100, -99, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "1+99", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (100, -6, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "94+6", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (100, -5, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "95+5", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (100, -4, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "96+4", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (100, -1, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "99+1", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS", "BAD_ARGUMENTS"]),
        (100, 0, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "0+100", "0+1", "0+4", "0+5", "0+6", "0+99", "0+100", "0+100"]),
        (100, 1, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "1+99", "1+1", "1+4", "1+5", "1+6", "1+99", "1+99", "1+99"]),
        (100, 4, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "4+96", "4+1", "4+4", "4+5", "4+6", "4+96", "4+96", "4+96"]),
        (100, 5, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "5+95", "5+1", "5+4", "5+5", "5+6", "5+95", "5+95", "5+95"]),
        (100, 6, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "6+94", "6+1", "6+4", "6+5", "6+6", "6+94", "6+94", "6+94"]),
        (100, 99, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "99+1", "99+1", "99+1", "99+1", "99+1", "99+1", "99+1", "99+1"]),
        (100, 100, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
        (100, 101, ["BAD_ARGUMENTS", "BAD_ARGUMENTS", "", "", "", "", "", "", "", ""]),
    ]

    static let tailTable: [(Int, Int, [String])] = [
        (0, -101, ["@0!", "@0!", "@0!", "@0!", "@0!", "@0!", "@0!", "@0!", "@0!", "@0"]),
        (0, -100, ["@0!", "@0!", "@0!", "@0!", "@0!", "@0!", "@0!", "@0!", "@0", "@0"]),
        (0, -99, ["@0!", "@0!", "@0!", "@0!", "@0!", "@0!", "@0!", "@0", "@0", "@0"]),
        (0, -6, ["@0!", "@0!", "@0!", "@0!", "@0!", "@0!", "@0", "@0", "@0", "@0"]),
        (0, -5, ["@0!", "@0!", "@0!", "@0!", "@0!", "@0", "@0", "@0", "@0", "@0"]),
        (0, -4, ["@0!", "@0!", "@0!", "@0!", "@0", "@0", "@0", "@0", "@0", "@0"]),
        (0, -1, ["@0!", "@0!", "@0!", "@0", "@0", "@0", "@0", "@0", "@0", "@0"]),
        (0, 0, ["@0!", "@0!", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0"]),
        (0, 1, ["@0!", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0"]),
        (0, 4, ["@0!", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0"]),
        (0, 5, ["@0!", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0"]),
        (0, 6, ["@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0"]),
        (0, 99, ["@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0"]),
        (0, 100, ["@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0"]),
        (0, 101, ["@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0", "@0"]),
        (5, -101, ["@5!", "@5!", "@5!", "4+1@5!", "1+4@5!", "0+5@5!", "0+5@5!", "0+5@5!", "0+5@5!", "0+5@5!"]),
        (5, -100, ["@5!", "@5!", "@5!", "4+1@5!", "1+4@5!", "0+5@5!", "0+5@5!", "0+5@5!", "0+5@5!", "0+5@5!"]),
        (5, -99, ["@5!", "@5!", "@5!", "4+1@5!", "1+4@5!", "0+5@5!", "0+5@5!", "0+5@5!", "0+5@5!", "0+5@5!"]),
        (5, -6, ["@5!", "@5!", "@5!", "4+1@5!", "1+4@5!", "0+5@5!", "0+5@5!", "0+5@5", "0+5@5", "0+5@5"]),
        (5, -5, ["@5!", "@5!", "@5!", "4+1@5!", "1+4@5!", "0+5@5!", "0+5@5!", "0+5@5", "0+5@5", "0+5@5"]),
        (5, -4, ["@5!", "@5!", "@5!", "4+1@5!", "1+4@5!", "0+5@5!", "0+5@5!", "0+5@5", "0+5@5", "0+5@5"]),
        (5, -1, ["@5!", "@5!", "@5!", "4+1@5!", "1+4@5!", "0+5@5!", "0+5@5", "0+5@5", "0+5@5", "0+5@5"]),
        (5, 0, ["@5!", "@5!", "@5!", "4+1@5!", "1+4@5!", "0+5@5", "0+5@5", "0+5@5", "0+5@5", "0+5@5"]),
        (5, 1, ["@5!", "@5!", "@5!", "4+1@5!", "1+4@5", "0+5@5", "0+5@5", "0+5@5", "0+5@5", "0+5@5"]),
        (5, 4, ["@5!", "@5!", "@5!", "4+1@5", "1+4@5", "0+5@5", "0+5@5", "0+5@5", "0+5@5", "0+5@5"]),
        (5, 5, ["@5!", "@5!", "@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5"]),
        (5, 6, ["@5!", "@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5"]),
        (5, 99, ["@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5"]),
        (5, 100, ["@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5"]),
        (5, 101, ["@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5", "@5"]),
        (100, -101, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100!", "0+100@100!", "0+100@100!"]),
        (100, -100, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100!", "0+100@100!", "0+100@100!"]),
        (100, -99, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100!", "0+100@100!", "0+100@100!"]),
        (100, -6, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100!", "0+100@100!", "0+100@100!"]),
        (100, -5, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100!", "0+100@100!", "0+100@100!"]),
        (100, -4, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100!", "0+100@100!", "0+100@100!"]),
        (100, -1, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100!", "0+100@100!", "0+100@100"]),
        (100, 0, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100!", "0+100@100", "0+100@100"]),
        (100, 1, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100", "0+100@100", "0+100@100"]),
        (100, 4, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100", "0+100@100", "0+100@100"]),
        (100, 5, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100", "0+100@100", "0+100@100"]),
        (100, 6, ["@100!", "@100!", "@100!", "99+1@100!", "96+4@100!", "95+5@100!", "94+6@100!", "1+99@100", "0+100@100", "0+100@100"]),
        (100, 99, ["@100!", "@100!", "@100!", "99+1@100", "96+4@100", "95+5@100", "94+6@100", "1+99@100", "0+100@100", "0+100@100"]),
        (100, 100, ["@100!", "@100!", "@100", "@100", "@100", "@100", "@100", "@100", "@100", "@100"]),
        (100, 101, ["@100!", "@100", "@100", "@100", "@100", "@100", "@100", "@100", "@100", "@100"]),
    ]
}
