import Foundation
import Glibc
import Synchronization
import Testing
import SupervisorTestSupport

// MARK: - Waiting without fixed sleeps

/// Polls `condition` every millisecond until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        if condition() { return true }
        if clock.now >= deadline { return false }
        usleep(1000)
    }
}

// MARK: - Sockets for tests

/// A TCP port on 127.0.0.1 that was free a moment ago (bound to port 0, read back, closed).
func freeTCPPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw HarnessError("socket: errno \(errno)") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    let bound = bindSocket(fd, to: &addr)
    guard bound == 0 else { throw HarnessError("bind: errno \(errno)") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// True when this machine can bind a TCP socket on `::1`.
let ipv6LoopbackAvailable: Bool = {
    let fd = socket(AF_INET6, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return false }
    defer { close(fd) }
    var addr = sockaddr_in6()
    addr.sin6_family = sa_family_t(AF_INET6)
    addr.sin6_addr = in6addr_loopback
    return bindSocket(fd, to: &addr) == 0
}()

// MARK: - Running commands

/// Runs `arguments` (the first is the executable) to completion and returns its exit status and standard output.
func runCommand(_ arguments: [String], timeout: Duration = .seconds(300)) throws -> (status: Int32, output: String) {
    try runToCompletion(arguments, timeout: timeout)
}

/// The package root: the nearest ancestor of this file holding `Package.swift`.
func packageRoot(file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url.path
        }
        url = url.deletingLastPathComponent()
    }
    return FileManager.default.currentDirectoryPath
}

// MARK: - /proc

/// State letter and process group of `pid` from `/proc/<pid>/stat`, or nil when it does not exist.
func procStat(_ pid: Int32) -> (state: Character, pgid: Int32, ppid: Int32)? {
    guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
          let close = text.lastIndex(of: ")")
    else { return nil }
    let fields = text[text.index(after: close)...].split(separator: " ")
    guard fields.count > 3, let state = fields[0].first, let ppid = Int32(fields[1]), let pgid = Int32(fields[2])
    else { return nil }
    return (state, pgid, ppid)
}

/// Live (non-zombie) processes whose process group is in `groups`.
func liveProcesses(inProcessGroups groups: Set<Int32>) -> [Int32] {
    guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
    return entries.compactMap { Int32($0) }.filter { pid in
        guard let stat = procStat(pid) else { return false }
        return stat.state != "Z" && stat.state != "X" && groups.contains(stat.pgid)
    }
}
