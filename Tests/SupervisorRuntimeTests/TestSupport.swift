import CSupervisorSpawn
import Dispatch
import Glibc
import Synchronization
import Testing

@testable import SupervisorRuntime

// MARK: - Waiting without fixed sleeps

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(5), _ condition: () -> Bool) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        if condition() {
            return true
        }
        if clock.now >= deadline {
            return false
        }
        usleep(1000)
    }
}

/// Waits for one child to exit and reaps exactly that pid (never
/// `waitpid(-1)`: tests run in parallel and must not steal each other's
/// children). Blocks in poll(2) on the pidfd until the deadline.
func waitForExit(pid: pid_t, pidfd: Int32?, timeout: Duration = .seconds(5)) -> WaitStatus? {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    while true {
        var status: Int32 = 0
        let reaped = waitpid(pid, &status, WNOHANG)
        if reaped == pid {
            return WaitStatus(rawValue: status)
        }
        if reaped < 0 && errno != EINTR {
            return nil
        }
        let left = deadline - clock.now
        if left <= .zero {
            return nil
        }
        if let pidfd {
            var entry = pollfd(fd: pidfd, events: Int16(POLLIN), revents: 0)
            let millis = Int32(clamping: left.components.seconds * 1000 + left.components.attoseconds / 1_000_000_000_000_000 + 1)
            _ = poll(&entry, 1, millis)
        } else {
            usleep(1000)
        }
    }
}

// MARK: - Running a child to completion

/// What a child printed and how it ended.
struct ChildOutcome {
    var child: SpawnedChild
    var stdout: String
    var stderr: String
    var status: WaitStatus?
}

/// Collects a child's output on a private queue.
final class OutputCollector: Sendable {
    struct State {
        var stdout: [UInt8] = []
        var stderr: [UInt8] = []
        var openChannels = 0
        var chunkSizes: [Int] = []
    }

    let state = Mutex(State())
    let queue = DispatchQueue(label: "test.output")

    func attach(_ child: SpawnedChild) {
        state.withLock { $0.openChannels = child.stderr == nil ? 1 : 2 }
        _ = PipeReader(
            fileDescriptor: child.stdout,
            queue: queue,
            onData: { bytes in self.state.withLock { $0.stdout += bytes; $0.chunkSizes.append(bytes.count) } },
            onEOF: { self.state.withLock { $0.openChannels -= 1 } }
        )
        if let stderr = child.stderr {
            _ = PipeReader(
                fileDescriptor: stderr,
                queue: queue,
                onData: { bytes in self.state.withLock { $0.stderr += bytes } },
                onEOF: { self.state.withLock { $0.openChannels -= 1 } }
            )
        }
    }

    var isDrained: Bool { state.withLock { $0.openChannels == 0 } }
    var stdout: String { String(decoding: state.withLock { $0.stdout }, as: UTF8.self) }
    var stderr: String { String(decoding: state.withLock { $0.stderr }, as: UTF8.self) }
}

/// Spawns `spec`, closes the child's stdin, drains both pipes to EOF and
/// reaps the child.
func runToCompletion(_ spec: SpawnSpec, timeout: Duration = .seconds(5)) throws -> ChildOutcome {
    let child = try ChildSpawner().spawn(spec)
    let collector = OutputCollector()
    collector.attach(child)
    close(child.stdin!)
    let status = waitForExit(pid: child.pid, pidfd: child.pidfd, timeout: timeout)
    #expect(eventually(timeout: timeout) { collector.isDrained }, "pipes never reached EOF")
    if let pidfd = child.pidfd {
        close(pidfd)
    }
    return ChildOutcome(child: child, stdout: collector.stdout, stderr: collector.stderr, status: status)
}

/// A spec for `/bin/sh -c script` with a small fixed environment.
func shell(_ script: String, name: String = "test") -> SpawnSpec {
    SpawnSpec(
        name: name,
        executablePath: "/bin/sh",
        arguments: ["sh", "-c", script],
        environment: ["PATH=/usr/bin:/bin"]
    )
}

// MARK: - Files

/// A fresh directory under /tmp, removed with `rm -rf` semantics by `remove()`.
struct TempDirectory {
    let path: String

    init() {
        var template = Array("/tmp/svd-spawn-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
    }

    func file(_ name: String, contents: String = "", mode: mode_t) -> String {
        let full = path + "/" + name
        let fd = open(full, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        precondition(fd >= 0, "open \(full) failed")
        _ = contents.withCString { write(fd, $0, strlen($0)) }
        close(fd)
        chmod(full, mode)  // umask may have trimmed it
        return full
    }

    func directory(_ name: String) -> String {
        let full = path + "/" + name
        mkdir(full, 0o755)
        return full
    }

    func remove() {
        removeTree(path)
    }
}

private func removeTree(_ path: String) {
    var info = stat()
    guard lstat(path, &info) == 0 else {
        return
    }
    if info.st_mode & S_IFMT == S_IFDIR {
        for entry in directoryEntries(path) {
            removeTree(path + "/" + entry)
        }
        rmdir(path)
    } else {
        unlink(path)
    }
}

/// An entry's name, read in place: glibc makes each entry only as long as its name, so `entry.pointee.d_name`
/// (a 256-byte copy) can read past the end of the directory buffer.
func direntName(_ entry: UnsafeMutablePointer<dirent>) -> String {
    String(
        cString: UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \.d_name)!)
            .assumingMemoryBound(to: CChar.self))
}

/// Names in a directory, without `.` and `..`, sorted.
func directoryEntries(_ path: String) -> [String] {
    guard let dir = opendir(path) else {
        return []
    }
    defer { closedir(dir) }
    var names: [String] = []
    while let entry = readdir(dir) {
        let name = direntName(entry)
        if name != "." && name != ".." {
            names.append(name)
        }
    }
    return names.sorted()
}

/// One `Key:\tvalue` line of /proc/<pid>/status.
func procStatusField(pid: pid_t, _ key: String) -> String? {
    guard let text = readSmallFile("/proc/\(pid)/status") else {
        return nil
    }
    for line in text.split(separator: "\n") where line.hasPrefix(key + ":") {
        return line.dropFirst(key.count + 1).trimmingCharacters(in: " \t")
    }
    return nil
}

func readSmallFile(_ path: String) -> String? {
    let fd = open(path, O_RDONLY | O_CLOEXEC)
    guard fd >= 0 else {
        return nil
    }
    defer { close(fd) }
    var bytes: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 4096)
    while true {
        let count = read(fd, &buffer, buffer.count)
        if count <= 0 {
            break
        }
        bytes += buffer[0..<count]
    }
    return String(decoding: bytes, as: UTF8.self)
}

extension Substring {
    func trimmingCharacters(in set: String) -> String {
        let chars = Set(set)
        return String(self.drop(while: { chars.contains($0) }).reversed().drop(while: { chars.contains($0) }).reversed())
    }
}

/// This process's descriptors and what they point to.
func openDescriptors() -> [String] {
    directoryEntries("/proc/self/fd").map { fd in
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = buffer.withUnsafeMutableBufferPointer { pointer in
            pointer.withMemoryRebound(to: CChar.self) { readlink("/proc/self/fd/\(fd)", $0.baseAddress!, 255) }
        }
        return "\(fd)->" + String(decoding: buffer.prefix(max(count, 0)), as: UTF8.self)
    }
}

/// Number of open descriptors of this process.
func openDescriptorCount() -> Int {
    // opendir itself holds one while listing.
    directoryEntries("/proc/self/fd").count - 1
}

/// Descriptors other than the ones libdispatch creates lazily and keeps
/// (its epoll, eventfds, the signalfd of a signal source, timerfds) and
/// other than ones closed while we looked (the listing's own).
func nonDispatchDescriptors() -> [String] {
    let dispatchKinds = ["anon_inode:[eventfd]", "anon_inode:[eventpoll]", "anon_inode:[signalfd]", "anon_inode:[timerfd]"]
    return openDescriptors().filter { entry in
        let target = entry.split(separator: ">", maxSplits: 1).last.map(String.init) ?? ""
        return !target.isEmpty && !target.hasPrefix("/proc/") && !dispatchKinds.contains(target)
    }
}
