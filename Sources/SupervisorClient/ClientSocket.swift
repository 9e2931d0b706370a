import Glibc

/// One connected stream socket (unix-domain or TCP), non-blocking after connect, closed when released.
///
/// Plain POSIX calls on purpose: `supervisorctl` runs one command and exits, so start-up time matters more than
/// anything an event loop offers. Every wait goes through `poll(2)`, which gives per-operation timeouts (like
/// Python's `socket.settimeout`) and lets a stream be cancelled through a second descriptor.
///
/// Not thread-safe; ``SupervisorConnection`` only touches it under its mutex, and a stream owns its own socket.
final class ClientSocket {
    /// The connected descriptor.
    let fd: Int32
    /// Receive buffer reused for every `recv`.
    private var scratch = [UInt8](repeating: 0, count: 64 * 1024)

    private init(fd: Int32) {
        self.fd = fd
    }

    deinit {
        _ = Glibc.close(fd)
    }

    /// What one wait for readiness ended with.
    enum Readiness {
        case ready
        case timedOut
        case cancelled
    }

    // MARK: - Connecting

    /// Connects to `address`. For TCP every address `getaddrinfo` returns is tried in order and the last error is
    /// thrown, as Python's `socket.create_connection` does (so `localhost` falls back from `::1` to `127.0.0.1`).
    /// - Parameter timeoutMillis: per attempt; -1 waits as long as the kernel does.
    static func connect(to address: ServerURL.Address, timeoutMillis: Int32) throws(ClientError) -> ClientSocket {
        switch address {
        case .unix(let path):
            return try connectUnix(path: path, timeoutMillis: timeoutMillis)
        case .tcp(let host, let port):
            return try connectTCP(host: host, port: port, timeoutMillis: timeoutMillis)
        }
    }

    private static func connectUnix(path: String, timeoutMillis: Int32) throws(ClientError) -> ClientSocket {
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { throw .socket(operation: "socket", errno: errno) }
        let socket = ClientSocket(fd: fd)
        // A unix connect only blocks while the listener's backlog is full; it is done blocking (bounded by
        // SO_SNDTIMEO, which Linux applies to it) because a non-blocking unix connect fails with EAGAIN instead of
        // waiting.
        if timeoutMillis >= 0 {
            var tv = timeval(tv_sec: Int(timeoutMillis / 1000), tv_usec: Int(timeoutMillis % 1000) * 1000)
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let pathBytes = Array(path.utf8)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            // ServerURL guarantees the path fits with its NUL.
            for (i, byte) in pathBytes.enumerated() where i < raw.count - 1 {
                raw[i] = byte
            }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + pathBytes.count + 1)
        while true {
            let rc = withUnsafePointer(to: &addr) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { Glibc.connect(fd, $0, length) }
            }
            if rc == 0 { break }
            let err = errno
            if err == EINTR { continue }
            if err == EISCONN { break }
            if (err == EAGAIN || err == EINPROGRESS) && timeoutMillis >= 0 { throw .timedOut(operation: "connect") }
            throw .socket(operation: "connect", errno: err)
        }
        if timeoutMillis >= 0 {
            var tv = timeval(tv_sec: 0, tv_usec: 0)
            _ = setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        }
        try socket.setNonBlocking()
        return socket
    }

    private static func connectTCP(host: String, port: Int, timeoutMillis: Int32) throws(ClientError) -> ClientSocket {
        var hints = addrinfo()
        hints.ai_family = AF_UNSPEC
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var list: UnsafeMutablePointer<addrinfo>?
        let rc = getaddrinfo(host, String(port), &hints, &list)
        if rc != 0 {
            if rc == EAI_SYSTEM { throw .socket(operation: "getaddrinfo", errno: errno) }
            throw .hostLookup(host: host, code: rc, message: String(cString: gai_strerror(rc)))
        }
        defer { freeaddrinfo(list) }
        var lastError = ClientError.hostLookup(host: host, code: EAI_NONAME, message: "no address")
        var entry = list
        while let info = entry {
            do throws(ClientError) {
                return try connectOne(info.pointee, timeoutMillis: timeoutMillis)
            } catch {
                lastError = error
            }
            entry = info.pointee.ai_next
        }
        throw lastError
    }

    private static func connectOne(_ info: addrinfo, timeoutMillis: Int32) throws(ClientError) -> ClientSocket {
        let type = info.ai_socktype | Int32(SOCK_CLOEXEC.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
        let fd = Glibc.socket(info.ai_family, type, info.ai_protocol)
        guard fd >= 0 else { throw .socket(operation: "socket", errno: errno) }
        let socket = ClientSocket(fd: fd)
        var one: Int32 = 1
        _ = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        if Glibc.connect(fd, info.ai_addr, info.ai_addrlen) != 0 {
            let err = errno
            guard err == EINPROGRESS || err == EINTR else { throw .socket(operation: "connect", errno: err) }
            switch try socket.wait(for: Int16(POLLOUT), timeoutMillis: timeoutMillis, cancelFD: nil) {
            case .ready: break
            case .timedOut, .cancelled: throw .timedOut(operation: "connect")
            }
            var soError: Int32 = 0
            var length = socklen_t(MemoryLayout<Int32>.size)
            guard getsockopt(fd, SOL_SOCKET, SO_ERROR, &soError, &length) == 0 else {
                throw .socket(operation: "getsockopt", errno: errno)
            }
            if soError != 0 { throw .socket(operation: "connect", errno: soError) }
        }
        return socket
    }

    private func setNonBlocking() throws(ClientError) {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0, fcntl(fd, F_SETFL, flags | O_NONBLOCK) == 0 else {
            throw .socket(operation: "fcntl", errno: errno)
        }
    }

    // MARK: - I/O

    /// Sends all of `bytes`. `MSG_NOSIGNAL` keeps a closed peer from raising SIGPIPE; the caller sees `EPIPE`.
    func sendAll(_ bytes: [UInt8], timeoutMillis: Int32) throws(ClientError) {
        var offset = 0
        while offset < bytes.count {
            let sent = bytes.withUnsafeBytes { raw in
                Glibc.send(fd, raw.baseAddress! + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
            }
            if sent >= 0 {
                offset += sent
                continue
            }
            let err = errno
            if err == EINTR { continue }
            guard err == EAGAIN || err == EWOULDBLOCK else { throw .socket(operation: "send", errno: err) }
            switch try wait(for: Int16(POLLOUT), timeoutMillis: timeoutMillis, cancelFD: nil) {
            case .ready: continue
            case .timedOut, .cancelled: throw .timedOut(operation: "send")
            }
        }
    }

    /// Receives what is available (at most 64 KiB), appending it to `buffer`.
    ///
    /// When `cancelFD` is given it is polled together with the socket before every read, and becoming readable
    /// ends the read with `.cancelled`, even while data keeps arriving.
    func receive(
        appendingTo buffer: inout [UInt8], timeoutMillis: Int32, cancelFD: Int32?
    ) throws(ClientError) -> ReadOutcome {
        var mustWait = cancelFD != nil
        while true {
            if mustWait {
                switch try wait(for: Int16(POLLIN), timeoutMillis: timeoutMillis, cancelFD: cancelFD) {
                case .ready: break
                case .timedOut: throw .timedOut(operation: "recv")
                case .cancelled: return .cancelled
                }
            }
            let count = scratch.withUnsafeMutableBytes { raw in Glibc.recv(fd, raw.baseAddress, raw.count, 0) }
            if count > 0 {
                buffer.append(contentsOf: scratch[0..<count])
                return .bytes(count)
            }
            if count == 0 { return .endOfStream }
            let err = errno
            if err == EINTR { continue }
            guard err == EAGAIN || err == EWOULDBLOCK else { throw .socket(operation: "recv", errno: err) }
            mustWait = true
        }
    }

    /// True when an idle keep-alive connection cannot be reused: the peer closed it (or reset it), or it holds
    /// unexpected bytes. Checked before every reuse so a request is not sent into a connection the server has
    /// already dropped.
    func isUnusableForReuse() -> Bool {
        // POLLRDHUP (0x2000) needs _GNU_SOURCE, which Swift's Glibc module does not define.
        let pollReadHangUp: Int16 = 0x2000
        var entry = pollfd(fd: fd, events: Int16(POLLIN) | pollReadHangUp, revents: 0)
        let rc = poll(&entry, 1, 0)
        return rc != 0
    }

    /// Waits until the socket is ready for `events`, the timeout passes, or `cancelFD` becomes readable.
    /// `EINTR` restarts the wait with the time that is left.
    func wait(for events: Int16, timeoutMillis: Int32, cancelFD: Int32?) throws(ClientError) -> Readiness {
        let clock = ContinuousClock()
        let deadline = timeoutMillis >= 0 ? clock.now.advanced(by: .milliseconds(timeoutMillis)) : nil
        var entries = [pollfd(fd: fd, events: events, revents: 0)]
        if let cancelFD {
            entries.append(pollfd(fd: cancelFD, events: Int16(POLLIN), revents: 0))
        }
        while true {
            var wait: Int32 = -1
            if let deadline {
                wait = Self.milliseconds(until: deadline, clock: clock)
            }
            let rc = poll(&entries, nfds_t(entries.count), wait)
            if rc < 0 {
                if errno == EINTR { continue }
                throw .socket(operation: "poll", errno: errno)
            }
            if entries.count > 1 && entries[1].revents != 0 { return .cancelled }
            if rc == 0 { return .timedOut }
            // Errors and hang-ups count as ready: the following send or recv reports them.
            return .ready
        }
    }

    private static func milliseconds(until deadline: ContinuousClock.Instant, clock: ContinuousClock) -> Int32 {
        let left = clock.now.duration(to: deadline)
        if left <= .zero { return 0 }
        let (seconds, attoseconds) = left.components
        let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
        return Int32(clamping: millis)
    }
}

/// Converts an optional timeout to `poll(2)` milliseconds: -1 for none, at least 1 for any positive duration.
func pollMilliseconds(_ timeout: Duration?) -> Int32 {
    guard let timeout else { return -1 }
    if timeout <= .zero { return 0 }
    let (seconds, attoseconds) = timeout.components
    let millis = seconds * 1000 + (attoseconds + 999_999_999_999_999) / 1_000_000_000_000_000
    return Int32(clamping: millis)
}
