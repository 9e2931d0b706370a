import Foundation

/// Scenario 3: `floodWriters` programs write numbered 100-byte lines (bench-writer) as fast as they can for
/// `floodSeconds` into logs rotated at `floodMaxBytes` with 3 backups. Figures: bytes captured per second (the
/// writers' bytes over the time from startAllProcesses until all are EXITED), the daemon's CPU seconds per GB, and
/// every line kept (the backups and the live file, oldest first) checked: each once, in order, up to `END n`.
func runLogFlood(_ kind: Kind, _ binaries: Binaries, _ settings: Settings, _ results: Results) throws {
    let d = Daemon(kind: kind)
    var programs = ""
    for i in 0..<settings.floodWriters {
        programs += """
            [program:flood\(i)]
            command=\(binaries.writer) \(settings.floodSeconds)
            autostart=false
            autorestart=false
            startsecs=0
            stdout_logfile=\(d.dir)/flood\(i).log
            stdout_logfile_maxbytes=\(settings.floodMaxBytes)
            stdout_logfile_backups=3
            stderr_logfile=NONE


            """
    }
    d.writeConfig(programs: programs)
    try d.start(binaries)
    let connection = try d.connect()
    let c0 = Proc.cpuSeconds(d.pid) ?? 0
    let t0 = Proc.now()
    _ = try connection.callText("supervisor.startAllProcesses", ["<value><boolean>0</boolean></value>"])
    try waitUntil("the \(kind.rawValue) writers to exit", timeout: settings.floodSeconds * 3 + 30, interval: 0.05) {
        let info = try connection.callText("supervisor.getAllProcessInfo")
        if info.contains(">FATAL<") || info.contains(">BACKOFF<") { throw BenchError("logflood: a writer failed: \(info)") }
        return occurrences(of: ">EXITED<", in: info) == settings.floodWriters
    }
    let elapsed = Proc.now() - t0
    let cpu = (Proc.cpuSeconds(d.pid) ?? 0) - c0
    var bytes = 0
    var checked = 0
    for i in 0..<settings.floodWriters {
        let check = try checkFloodLog(d.dir + "/flood\(i).log", maxBytes: settings.floodMaxBytesValue)
        bytes += check.writtenBytes
        checked += check.keptLines
    }
    d.stop()
    results.add("logflood", "\(settings.floodWriters) writers of 100-byte lines, captured", "MB/s", .atLeast(1.5),
                kind: kind, Double(bytes) / elapsed / 1e6)
    results.add("logflood", "daemon CPU per GB captured", "CPU-s/GB", .atMost(0.5), kind: kind,
                cpu / (Double(bytes) / 1e9))
    results.add("logflood", "lines kept and checked (none lost or out of order)", "lines", kind: kind, Double(checked))
}

/// Reads `path.3`, `.2`, `.1` and `path` (those that exist), oldest first, and checks the lines: the first may be
/// the tail of a line whose start was rotated away, every other line is the next number, and the last is
/// `END n` right after line n-1. Every rotated file must have reached `maxBytes` (the rotation rule).
func checkFloodLog(_ path: String, maxBytes: Int) throws -> (writtenBytes: Int, keptLines: Int) {
    var files: [String] = []
    for suffix in [".3", ".2", ".1"] where FileManager.default.fileExists(atPath: path + suffix) {
        files.append(path + suffix)
    }
    files.append(path)
    var all = [UInt8]()
    for file in files {
        guard let data = FileManager.default.contents(atPath: file) else { throw BenchError("logflood: cannot read \(file)") }
        if file != path && data.count < maxBytes {
            throw BenchError("logflood: \(file) rotated at \(data.count) bytes, before \(maxBytes)")
        }
        all.append(contentsOf: data)
    }
    guard all.last == UInt8(ascii: "\n") else { throw BenchError("logflood: \(path) does not end with a newline") }
    let lines = all.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).dropLast()
    guard let last = lines.last, last.starts(with: Array("END ".utf8)),
          let total = Int(String(decoding: last.dropFirst(4), as: UTF8.self)) else {
        throw BenchError("logflood: \(path) does not end with the writer's END line")
    }
    var expected = total - 1
    var kept = 0
    let body = lines.dropLast()
    for (offset, line) in body.reversed().enumerated() {
        let isFirst = offset == body.count - 1
        let full = expectedLine(expected)
        if line.elementsEqual(full) {
            kept += 1
            expected -= 1
            continue
        }
        // The oldest kept line may have lost its start to a rotation that dropped the file before it.
        if isFirst && files.count == 4 && line.count < full.count && full.suffix(line.count).elementsEqual(line) {
            continue
        }
        throw BenchError("logflood: \(path): line \(expected) missing, damaged or out of order (found \(String(decoding: line.prefix(24), as: UTF8.self))…)")
    }
    if expected >= 0 && files.count < 4 {
        throw BenchError("logflood: \(path): lines 0…\(expected) lost without a dropped backup")
    }
    return (total * 100 + last.count + 1, kept)
}

private let xs = [UInt8](repeating: UInt8(ascii: "x"), count: 88)

private func expectedLine(_ n: Int) -> [UInt8] {
    var line = [UInt8](repeating: UInt8(ascii: "0"), count: 10)
    var v = n
    var i = 9
    while v > 0 && i >= 0 {
        line[i] = UInt8(ascii: "0") + UInt8(v % 10)
        v /= 10
        i -= 1
    }
    return line + [UInt8(ascii: " ")] + xs
}
