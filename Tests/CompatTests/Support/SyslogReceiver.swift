import Foundation
import Glibc
import Synchronization
import SupervisorTestSupport

/// A syslog daemon for one scenario: a datagram socket in a temporary directory that a daemon started through
/// `launchPrefix` sees as `/dev/log`. The prefix gives the daemon a private mount namespace in which an overlay over
/// `/dev` holds a `log` symlink to the socket, so the machine's `/dev` is never changed and the test needs no
/// syslog daemon. A thread reads datagrams as they come (a unix datagram queue holds only ten; a full one would
/// block the sender).
final class SyslogReceiver: Sendable {
    /// Root, `unshare` and overlayfs: what `launchPrefix` needs.
    static let available: Bool = {
        let filesystems = (try? String(contentsOfFile: "/proc/filesystems", encoding: .utf8)) ?? ""
        return getuid() == 0 && FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare")
            && filesystems.contains("\toverlay\n")
    }()

    private let directory: TempDirectory
    private let socketFD: Int32
    private let received = Mutex<[String]>([])
    private let done = Atomic<Bool>(false)
    private let finished = DispatchSemaphore(value: 0)

    init() throws {
        directory = try TempDirectory(prefix: "slg")
        for name in ["upper", "work"] { mkdir(directory.file(name), 0o755) }
        socketFD = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard socketFD >= 0 else { throw HarnessError("socket: errno \(errno)") }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let path = Array(directory.file("log").utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in path.enumerated() { raw[i] = byte }
        }
        guard bindSocket(socketFD, to: &address) == 0 else {
            let code = errno
            close(socketFD)
            throw HarnessError("bind \(directory.file("log")): errno \(code)")
        }
        let thread = Thread { [self] in receive() }
        thread.start()
    }

    /// Runs the daemon in a private mount namespace where `/dev/log` leads to this receiver.
    var launchPrefix: [String] { launchPrefix(devLog: true) }

    /// Runs the daemon in a private mount namespace where `/dev/log` leads to this receiver, or (`devLog` false)
    /// where there is no `/dev/log` at all.
    func launchPrefix(devLog: Bool) -> [String] {
        let mount = "mount -t overlay overlay -o lowerdir=/dev,upperdir=\(directory.file("upper")),"
            + "workdir=\(directory.file("work")) /dev"
        let link = devLog ? "ln -s \(directory.file("log")) /dev/log" : "rm -f /dev/log"
        return ["/usr/bin/unshare", "--mount", "--", "/bin/sh", "-ec", "\(mount); \(link); exec \"$@\"", "sh"]
    }

    /// Every datagram so far, in arrival order.
    var messages: [String] { received.withLock { $0 } }

    /// Stops the reading thread, closes the socket and removes the directory.
    func stop() {
        guard !done.exchange(true, ordering: .sequentiallyConsistent) else { return }
        finished.wait()
        close(socketFD)
        directory.remove()
    }

    private func receive() {
        var buffer = [UInt8](repeating: 0, count: 1 << 17)
        while !done.load(ordering: .sequentiallyConsistent) {
            var poller = pollfd(fd: socketFD, events: Int16(POLLIN), revents: 0)
            guard poll(&poller, 1, 50) > 0 else { continue }
            let n = buffer.withUnsafeMutableBytes { recv(socketFD, $0.baseAddress, $0.count, Int32(MSG_DONTWAIT)) }
            if n > 0 {
                let text = String(decoding: buffer[0..<n], as: UTF8.self)
                received.withLock { $0.append(text) }
            }
        }
        finished.signal()
    }
}
