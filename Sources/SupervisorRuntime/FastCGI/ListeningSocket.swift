import Glibc
import SupervisorConfig

/// Creates the listening socket of a `[fcgi-program:x]` group, as Supervisor's `UnixStreamSocketConfig` and
/// `InetStreamSocketConfig.create_and_bind` do, followed by `listen(socket_backlog or SOMAXCONN)`.
///
/// Unix: whatever exists at the path is unlinked first (a stale socket from an earlier run), then the socket is
/// bound, chowned to `socket_owner` and chmodded to `socket_mode`; on any failure the socket is closed and the file
/// removed. TCP: `SO_REUSEADDR`, then bind to the host (an IPv4 address or name; `*` or empty for every IPv4
/// interface; a bracketed IPv6 literal). The descriptor is close-on-exec: the spawner dups it onto a child's fd 0.
enum ListeningSocket {
    /// Why a socket could not be made; `description` is the text Python's exception gives
    /// (`[Errno 98] Address already in use`), which Supervisor puts after `Could not create FastCGI socket URL: `.
    struct Failure: Error, CustomStringConvertible {
        var description: String

        static func errno(_ code: Int32) -> Failure {
            Failure(description: "[Errno \(code)] \(String(cString: strerror(code)))")
        }
    }

    /// A bound, listening, close-on-exec descriptor for `socket`.
    static func open(_ socket: FastCGISocket) throws(Failure) -> Int32 {
        let fd: Int32
        switch socket.address {
        case .unix(let path, let mode, let owner):
            fd = try bindUnix(path: path, mode: mode, owner: owner)
        case .tcp(let host, let port):
            fd = try bindTCP(host: host, port: port)
        }
        if listen(fd, Int32(socket.backlog ?? Int(SOMAXCONN))) != 0 {
            let code = errno
            close(fd)
            throw .errno(code)
        }
        return fd
    }

    // MARK: - Unix

    private static func bindUnix(path: String, mode: Int, owner: Ownership?) throws(Failure) -> Int32 {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(path.utf8)
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        // Python's AF_UNIX bind refuses a path that does not fit with "AF_UNIX path too long".
        guard bytes.count < capacity else { throw Failure(description: "AF_UNIX path too long") }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
        }
        var st = stat()
        if lstat(path, &st) == 0 { unlink(path) }
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .errno(errno) }
        do throws(Failure) {
            let rc = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    bind(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
                }
            }
            guard rc == 0 else { throw .errno(errno) }
            if let owner, chown(path, owner.uid, owner.gid ?? UInt32.max) != 0 {
                throw Failure(description: "Could not change ownership of socket file: \(Failure.errno(errno))")
            }
            if chmod(path, mode_t(mode)) != 0 {
                throw Failure(description: "Could not change permissions of socket file: \(Failure.errno(errno))")
            }
            return fd
        } catch {
            close(fd)
            if lstat(path, &st) == 0 { unlink(path) }
            throw error
        }
    }

    // MARK: - TCP

    private static func bindTCP(host: String, port: Int) throws(Failure) -> Int32 {
        if host.hasPrefix("[") && host.hasSuffix("]") {
            var address = sockaddr_in6()
            address.sin6_family = sa_family_t(AF_INET6)
            address.sin6_port = in_port_t(UInt16(port).bigEndian)
            guard inet_pton(AF_INET6, String(host.dropFirst().dropLast()), &address.sin6_addr) == 1 else {
                throw Failure(description: "[Errno -2] Name or service not known")
            }
            return try bindInet(family: AF_INET6, address: address)
        }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        if host.isEmpty || host == "*" {
            address.sin_addr.s_addr = INADDR_ANY
        } else if inet_pton(AF_INET, host, &address.sin_addr) != 1 {
            address.sin_addr = try resolveIPv4(host)
        }
        return try bindInet(family: AF_INET, address: address)
    }

    /// The first IPv4 address of a host name, as Python's `socket.bind((name, port))` on an AF_INET socket finds it.
    private static func resolveIPv4(_ host: String) throws(Failure) -> in_addr {
        var hints = addrinfo()
        hints.ai_family = AF_INET
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, nil, &hints, &list)
        guard rc == 0, let first = list, let sockaddr = first.pointee.ai_addr else {
            throw Failure(description: "[Errno \(rc)] \(String(cString: gai_strerror(rc)))")
        }
        defer { freeaddrinfo(list) }
        return sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { $0.pointee.sin_addr }
    }

    private static func bindInet<Address>(family: Int32, address: Address) throws(Failure) -> Int32 {
        let fd = socket(family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .errno(errno) }
        var on: Int32 = 1
        var address = address
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, socklen_t(MemoryLayout<Int32>.size)) == 0
                    ? bind(fd, pointer, socklen_t(MemoryLayout<Address>.size)) : -1
            }
        }
        guard rc == 0 else {
            let code = errno
            close(fd)
            throw .errno(code)
        }
        return fd
    }
}
