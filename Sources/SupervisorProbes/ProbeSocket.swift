import Glibc

/// A non-blocking TCP connection made for a probe try (`TCPProbe`, `HTTPProbe`); an HTTP check's connection may
/// serve several tries (`HTTPConnectionPool`).
final class ProbeSocket: Sendable {
    let fileDescriptor: Int32

    private init(fileDescriptor: Int32) {
        self.fileDescriptor = fileDescriptor
    }

    deinit { close(fileDescriptor) }

    /// Connects to `host:port` before `deadline`, trying each address of the host in turn.
    /// - Returns: the connected socket, or the failure text (`connection refused`, `timed out after 2 s`,
    ///   `cannot resolve HOST`).
    static func connect(host: String, port: Int, deadline: UInt64, timeoutText: String) async
        -> Result<ProbeSocket, ProbeFailure>
    {
        guard let addresses = await ProbeAddress.resolve(host: host, port: port, deadline: deadline) else {
            return .failure(ProbeFailure(SocketWaiter.now() >= deadline ? timeoutText : "cannot resolve \(host)"))
        }
        var failure = ProbeFailure("cannot resolve \(host)")
        for address in addresses {
            let fd = socket(address.family, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_NONBLOCK.rawValue)
                | Int32(SOCK_CLOEXEC.rawValue), 0)
            guard fd >= 0 else { return .failure(ProbeFailure(errno: errno)) }
            let socket = ProbeSocket(fileDescriptor: fd)
            let started = address.bytes.withUnsafeBytes { raw in
                Glibc.connect(fd, raw.baseAddress!.assumingMemoryBound(to: sockaddr.self), socklen_t(raw.count))
            }
            var code = started == 0 ? 0 : errno
            if code == EINPROGRESS {
                guard await SocketWaiter.shared.wait(fd, for: .writable, deadline: deadline) else {
                    return .failure(ProbeFailure(timeoutText))
                }
                var length = socklen_t(MemoryLayout<Int32>.size)
                if getsockopt(fd, SOL_SOCKET, SO_ERROR, &code, &length) != 0 { code = errno }
            }
            if code == 0 { return .success(socket) }
            failure = ProbeFailure(errno: code)
            if SocketWaiter.now() >= deadline { return .failure(ProbeFailure(timeoutText)) }
        }
        return .failure(failure)
    }

    /// Closes with a reset instead of a FIN, so the probe leaves no TIME_WAIT socket behind (a thousand probes
    /// a second would otherwise hold tens of thousands of local ports).
    func resetOnClose() {
        var linger = Glibc.linger(l_onoff: 1, l_linger: 0)
        _ = setsockopt(fileDescriptor, SOL_SOCKET, SO_LINGER, &linger, socklen_t(MemoryLayout<Glibc.linger>.size))
    }
}

/// Why a probe try failed, as the description shows it.
struct ProbeFailure: Error, Equatable {
    var text: String

    init(_ text: String) {
        self.text = text
    }

    /// `connection refused` for ECONNREFUSED: the C library's message with a lower-case first letter.
    init(errno code: Int32) {
        let message = String(cString: strerror(code))
        text = message.prefix(1).lowercased() + message.dropFirst()
    }

    /// `timed out after 5 s` (`0.5 s` for a fraction).
    static func timedOut(after seconds: Double) -> String {
        let whole = seconds.rounded()
        let shown = abs(seconds - whole) < 0.0005 ? String(Int(whole)) : String(Double(Int((seconds * 1000).rounded())) / 1000)
        return "timed out after \(shown) s"
    }
}

/// The monotonic deadline `seconds` from now.
func deadline(after seconds: Double) -> UInt64 {
    SocketWaiter.now() + UInt64(max(0, min(seconds, 1e9)) * 1_000_000_000)
}
