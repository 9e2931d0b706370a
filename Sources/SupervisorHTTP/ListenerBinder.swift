#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import SupervisorConfig

/// A listening socket made by `ListenerBinder`, before any event loop exists, ready to be adopted by
/// `SupervisorHTTPServer` after the daemon forks (STACK.md §5).
public struct BoundListener: Sendable {
    /// The section it was made for: its authentication applies to every request on this socket.
    public let config: HTTPServerConfig
    /// The listening socket (close-on-exec, non-blocking). Owned by this value until a server adopts it.
    public let fileDescriptor: Int32
    /// Where it listens; for TCP the port actually bound (useful when port 0 was configured).
    public let address: ListenerAddress
    /// Device and inode of the socket file, so shutdown removes only the file we made.
    let socketFileIdentity: (device: UInt64, inode: UInt64)?

    /// Closes the socket without serving it (startup failed after binding). Removes nothing.
    public func close() {
        _ = Glibc.close(fileDescriptor)
    }
}

/// Why a listener could not be made. `message` is Supervisor's text for the same failure (supervisor/options.py
/// `openhttpservers`, supervisor/http.py `supervisor_af_unix_http_server`); supervisord prints it as a usage error.
public enum ListenerError: Error, Equatable, CustomStringConvertible, Sendable {
    /// The address, or the socket file, is served by someone else (`EADDRINUSE`, or the probe was answered).
    case addressInUse
    /// Any other socket, bind, chmod, link or listen failure.
    case socketError(errno: Int32)
    /// The inet host name did not resolve; `code` is the `getaddrinfo` error, which Python prints bare.
    case hostNotResolved(host: String, code: Int32)
    /// `<path>.<pid>` does not fit in `sockaddr_un` (107 bytes).
    case socketPathTooLong(path: String, temporaryPath: String)
    /// `chown` of the socket file failed with EPERM.
    case chownNotPermitted(path: String, uid: Int64, gid: Int64, user: String)

    public var message: String {
        switch self {
        case .addressInUse:
            return "Another program is already listening on a port that one of our HTTP servers is configured to use."
                + "  Shut this program down first before starting supervisord."
        case .socketError(let code):
            if let name = ErrnoNames.name(code) {
                return "Cannot open an HTTP server: socket.error reported errno.\(name) (\(code))"
            }
            return "Cannot open an HTTP server: socket.error reported \(code)"
        case .hostNotResolved(_, let code):
            return "Cannot open an HTTP server: socket.error reported \(code)"
        case .socketPathTooLong(let path, let temporaryPath):
            // Python reports only "AF_UNIX path too long"; we name the path and the limit.
            return "Cannot open an HTTP server: socket.error reported AF_UNIX path too long: \(path) "
                + "(the temporary name \(temporaryPath) is \(temporaryPath.utf8.count) bytes; at most "
                + "\(ListenerBinder.maxSocketPathBytes) fit)"
        case .chownNotPermitted(let path, let uid, let gid, let user):
            return "Not permitted to chown \(path) to uid/gid (\(uid), \(gid)); adjust \"sockchown\" value in config "
                + "file or on command line to values that the current user (\(user)) can successfully chown"
        }
    }

    public var description: String { message }
}

/// Makes the listening sockets of the `[unix_http_server]` / `[inet_http_server]` sections with plain system calls,
/// before the daemon forks, so errors reach the terminal (STACK.md §5, rpc.md §1).
///
/// Unix sockets follow Supervisor exactly: bind `<path>.<pid>`, chmod it, hard-link it to `<path>`. If `<path>`
/// exists, connect to it and send `GET / HTTP/1.0\r\n\r\n`: an answer means another server owns it
/// (`addressInUse`); otherwise print `Unlinking stale socket <path>`, unlink it, wait 0.3 s and try again. Then
/// chown. The temporary name is always unlinked.
///
/// Differences from Supervisor, all on failure paths: a `link` failure other than EEXIST is reported instead of
/// looping forever; the stale-socket loop gives up after `maxStaleSocketAttempts`; the probe has a timeout (Python's
/// blocks forever on a peer that accepts and never answers; we count such a peer as in use); a socket file we
/// linked is removed again when a later step fails.
public struct ListenerBinder: Sendable {
    /// `sockaddr_un.sun_path` holds 108 bytes including the terminating NUL.
    public static let maxSocketPathBytes = 107

    /// Pause before retrying after unlinking a stale socket (Supervisor: 0.3 s).
    public var staleSocketRetryDelay: Duration = .milliseconds(300)
    /// How long the stale-socket probe waits for the connect, the send and the first byte of an answer.
    public var probeTimeout: Duration = .seconds(2)
    /// How many times a stale socket is unlinked before giving up with `socketError(EEXIST)`.
    public var maxStaleSocketAttempts = 10
    /// Where `Unlinking stale socket <path>\n` goes; standard error by default.
    public var diagnostics: @Sendable (String) -> Void = { text in
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(STDERR_FILENO, $0.baseAddress, $0.count) }
    }

    public init() {}

    /// Binds every server in order; on a failure closes (and unlinks) the ones already bound, then throws.
    public func bindAll(_ configs: [HTTPServerConfig]) throws(ListenerError) -> [BoundListener] {
        var bound: [BoundListener] = []
        for config in configs {
            do {
                bound.append(try bind(config))
            } catch {
                ListenerBinder.removeSocketFiles(bound)
                bound.forEach { $0.close() }
                throw error
            }
        }
        return bound
    }

    /// Binds and listens (backlog 1024) for one server section.
    public func bind(_ config: HTTPServerConfig) throws(ListenerError) -> BoundListener {
        switch config.transport {
        case .inet(let host, let port):
            return try bindInet(config, host: host, port: port)
        case .unix(let path, let chmod, let chown):
            return try bindUnix(config, path: path, mode: chmod, owner: chown)
        }
    }

    /// Unlinks the socket files of `listeners` if they are still the files we made (same device and inode), as
    /// supervisord does on a clean exit or restart. Does not close the sockets.
    public static func removeSocketFiles(_ listeners: [BoundListener]) {
        for listener in listeners {
            guard case .unix(let path) = listener.address, let identity = listener.socketFileIdentity else { continue }
            var st = stat()
            guard lstat(path, &st) == 0, UInt64(st.st_dev) == identity.device, UInt64(st.st_ino) == identity.inode
            else { continue }
            _ = unlink(path)
        }
    }

    // MARK: - inet

    private func bindInet(_ config: HTTPServerConfig, host: String, port: Int) throws(ListenerError) -> BoundListener {
        guard (0...65535).contains(port) else { throw .socketError(errno: EINVAL) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = try resolveIPv4(host)

        let fd: Int32
        do {
            fd = try syscall("socket") {
                socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
            }
        } catch {
            throw .socketError(errno: error.errno)
        }
        do {
            var one: Int32 = 1
            try syscall("setsockopt") {
                setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size))
            }
            try syscall("bind") {
                withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                        Glibc.bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                    }
                }
            }
            try syscall("listen") { listen(fd, 1024) }
            try setNonBlocking(fd)
            var bound = sockaddr_in()
            var length = socklen_t(MemoryLayout<sockaddr_in>.size)
            try syscall("getsockname") {
                withUnsafeMutablePointer(to: &bound) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
                }
            }
            return BoundListener(
                config: config, fileDescriptor: fd,
                address: .inet(host: host, port: Int(UInt16(bigEndian: bound.sin_port))), socketFileIdentity: nil)
        } catch {
            _ = Glibc.close(fd)
            throw error.errno == EADDRINUSE ? .addressInUse : .socketError(errno: error.errno)
        }
    }

    /// Python's `setipaddr` for an AF_INET socket: empty means any address, dotted quads are taken as they are,
    /// anything else goes through `getaddrinfo` restricted to IPv4.
    private func resolveIPv4(_ host: String) throws(ListenerError) -> in_addr {
        if host.isEmpty { return in_addr(s_addr: INADDR_ANY) }
        var parsed = in_addr()
        if inet_pton(AF_INET, host, &parsed) == 1 { return parsed }
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        let code = getaddrinfo(host, nil, &hints, &result)
        guard code == 0, let first = result, let address = first.pointee.ai_addr else {
            if result != nil { freeaddrinfo(result) }
            throw .hostNotResolved(host: host, code: code == 0 ? EAI_NONAME : code)
        }
        defer { freeaddrinfo(result) }
        return address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
    }

    // MARK: - unix

    private func bindUnix(
        _ config: HTTPServerConfig, path: String, mode: Int, owner: Ownership?
    ) throws(ListenerError) -> BoundListener {
        let temporaryPath = "\(path).\(getpid())"
        guard let temporaryAddress = UnixAddress(temporaryPath), UnixAddress(path) != nil else {
            throw .socketPathTooLong(path: path, temporaryPath: temporaryPath)
        }
        _ = unlink(temporaryPath)
        defer { _ = unlink(temporaryPath) }

        var attempts = 0
        while true {
            let fd: Int32
            do {
                fd = try syscall("socket") {
                    socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
                }
            } catch {
                throw .socketError(errno: error.errno)
            }
            do {
                try temporaryAddress.withSockaddr { (address, length) throws(SyscallError) in
                    try syscall("bind") { Glibc.bind(fd, address, length) }
                }
                try syscall("chmod") { chmod(temporaryPath, mode_t(mode)) }
                try syscall("link") { link(temporaryPath, path) }
            } catch {
                _ = Glibc.close(fd)
                guard error.call == "link", error.errno == EEXIST else { throw .socketError(errno: error.errno) }
                if probeAnswers(path) { throw .addressInUse }
                attempts += 1
                guard attempts < maxStaleSocketAttempts else { throw .socketError(errno: EEXIST) }
                diagnostics("Unlinking stale socket \(path)\n")
                _ = unlink(path)
                _ = unlink(temporaryPath)
                sleepThread(staleSocketRetryDelay)
                continue
            }

            // Linked: from here on the file at `path` is ours, and a failure removes it again.
            func fail(_ error: ListenerError) -> ListenerError {
                _ = unlink(path)
                _ = Glibc.close(fd)
                return error
            }
            if let owner {
                let gid = owner.gid.map { gid_t($0) } ?? gid_t.max
                do {
                    try syscall("chown") { chown(path, uid_t(owner.uid), gid) }
                } catch {
                    guard error.errno == EPERM else { throw fail(.socketError(errno: error.errno)) }
                    throw fail(
                        .chownNotPermitted(
                            path: path, uid: Int64(owner.uid), gid: owner.gid.map { Int64($0) } ?? -1,
                            user: Self.effectiveUserName()))
                }
            }
            var st = stat()
            do {
                try syscall("listen") { listen(fd, 1024) }
                try setNonBlocking(fd)
                try syscall("lstat") { lstat(path, &st) }
            } catch {
                throw fail(.socketError(errno: error.errno))
            }
            return BoundListener(
                config: config, fileDescriptor: fd, address: .unix(path: path),
                socketFileIdentity: (UInt64(st.st_dev), UInt64(st.st_ino)))
        }
    }

    /// Supervisor's `checkused`: connect, send `GET / HTTP/1.0\r\n\r\n`, read one byte. Anything but an error on
    /// the way (an answer, or an orderly close) means a live server owns the socket.
    func probeAnswers(_ path: String) -> Bool {
        guard let address = UnixAddress(path) else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { _ = Glibc.close(fd) }
        var timeout = makeTimeval(probeTimeout)
        _ = setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        do throws(SyscallError) {
            try address.withSockaddr { (address, length) throws(SyscallError) in
                try syscall("connect") { connect(fd, address, length) }
            }
            let request = Array("GET / HTTP/1.0\r\n\r\n".utf8)
            try syscall("send") { request.withUnsafeBytes { send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) } }
            var byte: UInt8 = 0
            try syscall("recv") { recv(fd, &byte, 1, 0) }
            return true
        } catch {
            // A timeout means something accepted the connection and is alive but silent.
            return error.errno == EAGAIN || error.errno == EWOULDBLOCK
        }
    }

    private func setNonBlocking(_ fd: Int32) throws(SyscallError) {
        let flags = try syscall("fcntl") { fcntl(fd, F_GETFL) }
        try syscall("fcntl") { fcntl(fd, F_SETFL, flags | O_NONBLOCK) }
    }

    private static func effectiveUserName() -> String {
        let uid = geteuid()
        if let entry = getpwuid(uid), let name = entry.pointee.pw_name { return String(cString: name) }
        return String(uid)
    }
}

/// A `sockaddr_un` for a path that fits.
private struct UnixAddress {
    private var storage = sockaddr_un()

    init?(_ path: String) {
        let bytes = Array(path.utf8)
        guard !bytes.isEmpty, bytes.count <= ListenerBinder.maxSocketPathBytes, !bytes.contains(0) else { return nil }
        storage.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &storage.sun_path) { buffer in
            buffer.copyBytes(from: bytes)
            buffer[bytes.count] = 0
        }
    }

    @discardableResult
    func withSockaddr<R>(_ body: (UnsafePointer<sockaddr>, socklen_t) throws(SyscallError) -> R) throws(SyscallError)
        -> R
    {
        var copy = storage
        return try withUnsafePointer(to: &copy) { pointer throws(SyscallError) -> R in
            try pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { sockaddrPointer throws(SyscallError) -> R in
                try body(sockaddrPointer, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
    }
}
