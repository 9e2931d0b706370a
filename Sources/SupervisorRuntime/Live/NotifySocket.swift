import Glibc
import SupervisorConfig
import SupervisorEngine

/// The `NOTIFY_SOCKET` of one child with `ready_check = notify`: a datagram unix socket with SO_PASSCRED in the
/// daemon's ``NotifyDirectory``, mode 0600 and owned by the program's user (when the daemon is root), so only that
/// user can send to it, and a datagram is believed only when the kernel-stamped sender pid is the child or one of
/// its descendants. Touched only on the runtime's I/O queue; read through the ``PipePoller`` like a pipe.
final class NotifySocket: @unchecked Sendable {
    // @unchecked: only touched on the runtime's I/O queue.
    let fileDescriptor: Int32
    let path: String
    private(set) var closed = false
    /// The poller registration, once the child is known.
    var registration: UInt64?

    /// The most one datagram may carry (systemd reads up to PIPE_BUF and more; a longer one is cut, its tail lost).
    static let maxDatagram = 4096

    private init(fileDescriptor: Int32, path: String) {
        self.fileDescriptor = fileDescriptor
        self.path = path
    }

    /// Makes and binds the socket at `path`, handing it to `owner` when given.
    static func create(path: String, owner: uid_t?) -> Result<NotifySocket, SyscallError> {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue), 0)
        guard fd >= 0 else { return .failure(SyscallError(call: "socket", code: errno)) }
        var on: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            let code = errno
            Glibc.close(fd)
            return .failure(SyscallError(call: "setsockopt", code: code))
        }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        guard bytes.count < MemoryLayout.size(ofValue: address.sun_path) else {
            Glibc.close(fd)
            return .failure(SyscallError(call: "bind", code: ENAMETOOLONG))
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        unlink(path)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        guard bound == 0, chmod(path, 0o600) == 0, owner.map({ chown(path, $0, gid_t.max) == 0 }) ?? true else {
            let code = errno
            Glibc.close(fd)
            unlink(path)
            return .failure(SyscallError(call: "bind", code: code))
        }
        return .success(NotifySocket(fileDescriptor: fd, path: path))
    }

    /// One datagram waiting on the socket, with the pid the kernel stamped on it; nil when none is waiting.
    func receive() -> (bytes: [UInt8], senderPID: Int32?)? {
        var data = [UInt8](repeating: 0, count: Self.maxDatagram)
        var control = [UInt8](repeating: 0, count: 256)
        var controlLength = 0
        let count = data.withUnsafeMutableBytes { dataBuffer in
            control.withUnsafeMutableBytes { controlBuffer in
                var vector = iovec(iov_base: dataBuffer.baseAddress, iov_len: dataBuffer.count)
                return withUnsafeMutablePointer(to: &vector) { vectorPointer in
                    var message = msghdr()
                    message.msg_iov = vectorPointer
                    message.msg_iovlen = 1
                    message.msg_control = controlBuffer.baseAddress
                    message.msg_controllen = controlBuffer.count
                    while true {
                        let n = recvmsg(fileDescriptor, &message, Int32(MSG_CMSG_CLOEXEC))
                        if n < 0 && errno == EINTR { continue }
                        controlLength = n >= 0 ? Int(message.msg_controllen) : 0
                        return n
                    }
                }
            }
        }
        guard count >= 0 else { return nil }
        return (Array(data.prefix(count)), Self.senderPID(control.prefix(controlLength)))
    }

    /// Reads SCM_CREDENTIALS out of the control messages, and closes any descriptors passed along (SCM_RIGHTS,
    /// sd_notify's FDSTORE, which is not supported).
    static func senderPID(_ control: ArraySlice<UInt8>) -> Int32? {
        let bytes = Array(control)
        let header = MemoryLayout<Int>.size + 8  // cmsg_len (size_t), cmsg_level, cmsg_type
        var offset = 0
        var pid: Int32?
        while offset + header <= bytes.count {
            let length = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset, as: Int.self) }
            let level = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + MemoryLayout<Int>.size, as: Int32.self) }
            let type = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + MemoryLayout<Int>.size + 4, as: Int32.self) }
            guard length >= header, offset + length <= bytes.count else { break }
            if level == SOL_SOCKET && type == 2 /* SCM_CREDENTIALS */ && length >= header + 12 {
                pid = bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: offset + header, as: Int32.self) }
            } else if level == SOL_SOCKET && type == 1 /* SCM_RIGHTS */ {
                var at = offset + header
                while at + 4 <= offset + length {
                    Glibc.close(bytes.withUnsafeBytes { $0.loadUnaligned(fromByteOffset: at, as: Int32.self) })
                    at += 4
                }
            }
            offset += (length + MemoryLayout<Int>.size - 1) & ~(MemoryLayout<Int>.size - 1)
        }
        return pid
    }

    /// Stops reading, closes the socket and removes its file. Once.
    func close() {
        guard !closed else { return }
        closed = true
        if let registration { PipePoller.shared.unregister(fileDescriptor, id: registration) }
        Glibc.close(fileDescriptor)
        unlink(path)
    }
}

/// Whether a process descends from another, by the parent pids in `/proc/PID/stat`.
enum ProcessAncestry {
    /// How far up the tree to look.
    static let maxDepth = 64

    /// True when `pid` is `ancestor` or a descendant of it (a process that has already exited, or was re-parented
    /// after its parent exited, is not).
    static func isDescendant(_ pid: Int32, of ancestor: Int32) -> Bool {
        var current = pid
        for _ in 0..<maxDepth {
            if current == ancestor { return true }
            guard current > 1, let parent = parentPID(of: current) else { return false }
            current = parent
        }
        return false
    }

    /// The fourth field of `/proc/PID/stat`, read after the last `)` (the command name may hold anything).
    static func parentPID(of pid: Int32) -> Int32? {
        let fd = open("/proc/\(pid)/stat", O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return nil }
        defer { Glibc.close(fd) }
        var buffer = [UInt8](repeating: 0, count: 1024)
        let count = read(fd, &buffer, buffer.count)
        guard count > 0, let paren = buffer[..<count].lastIndex(of: UInt8(ascii: ")")) else { return nil }
        let fields = buffer[(paren + 1)..<count].split(separator: UInt8(ascii: " "))
        guard fields.count >= 2 else { return nil }
        return Int32(String(decoding: fields[1], as: UTF8.self))
    }
}

extension LiveProcessRuntime {
    /// Makes a `ready_check = notify` program's socket (and the daemon's directory for them, the first time).
    func makeNotifySocket(for config: ProcessConfig) -> Result<NotifySocket, SpawnFailure> {
        queue.sync {
            if notifyDirectory == nil {
                switch NotifyDirectory.create(environment: daemonEnvironment) {
                case .success(let directory): notifyDirectory = directory
                case .failure(let error):
                    return .failure(SpawnFailure(.other, "could not make a NOTIFY_SOCKET for '\(config.name)': \(error)"))
                }
            }
            let owner = geteuid() == 0 ? config.uid.map { uid_t($0) } : nil
            return NotifyDirectory.socketResult(notifyDirectory!, owner: owner, name: config.name)
        }
    }

    /// NOTIFY_SOCKET for the child, WATCHDOG_USEC when `watchdog_sec` is set; the daemon's own WATCHDOG_PID and
    /// WATCHDOG_USEC are not passed on to it (they would name the daemon, and its pings go to this socket).
    static func addNotifyVariables(_ env: inout [String: String], socket: NotifySocket, watchdogSeconds: Double?) {
        env["NOTIFY_SOCKET"] = socket.path
        env["WATCHDOG_PID"] = nil
        env["WATCHDOG_USEC"] = watchdogSeconds.map { String(UInt64(max($0, 0) * 1_000_000)) }
    }

    /// On `queue`: starts reading a spawned child's socket.
    func attach(_ socket: NotifySocket, to io: ChildIO) {
        io.notify = socket
        let id = PipePoller.shared.reserveID()
        socket.registration = id
        PipePoller.shared.register(socket.fileDescriptor, id: id) { [weak self, weak io] in
            guard let runtime = self, let child = io else { return }
            runtime.queue.async {
                guard !socket.closed else { return }
                runtime.receiveNotifications(socket, of: child)
                if !socket.closed { PipePoller.shared.rearm(socket.fileDescriptor, id: id) }
            }
        }
    }

    /// On `queue`: reports every datagram waiting from the child's tree, and drops (with a warning) any other.
    func receiveNotifications(_ socket: NotifySocket, of io: ChildIO) {
        guard !socket.closed else { return }
        while let (bytes, sender) = socket.receive() {
            guard let sender, ProcessAncestry.isDescendant(sender, of: io.pid) else {
                let who = sender.map { "pid \($0)" } ?? "an unknown sender"
                logger.log(.warn, "dropped a notify message from \(who) to '\(io.processName)' (pid \(io.pid)): "
                    + "the sender is not in its process tree")
                continue
            }
            guard let message = NotifyMessage.parse(bytes) else { continue }
            emit(.notify(pid: io.pid, message: message))
        }
    }
}

extension NotifyDirectory {
    static func socketResult(_ directory: NotifyDirectory, owner: uid_t?, name: String) -> Result<NotifySocket, SpawnFailure> {
        switch NotifySocket.create(path: directory.nextSocketPath(), owner: owner) {
        case .success(let socket): .success(socket)
        case .failure(let error): .failure(SpawnFailure(.other, "could not make a NOTIFY_SOCKET for '\(name)': \(error)"))
        }
    }
}
