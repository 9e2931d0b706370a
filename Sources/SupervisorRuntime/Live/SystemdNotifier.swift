import Glibc

/// systemd's readiness protocol (`sd_notify(3)`) for a unit with `Type=notify`: one datagram per message to the
/// unix socket named by `$NOTIFY_SOCKET` (a path, or `@name` for the abstract namespace).
///
/// The daemon sends `READY=1` once its servers are bound and the engine runs, `RELOADING=1` when a restart (SIGHUP
/// or `supervisorctl reload`) begins, `STOPPING=1` when shutdown begins, and `MAINPID=` with the first `READY=1`.
/// Without `$NOTIFY_SOCKET` (not started by systemd) every call does nothing. Failures are ignored, as in
/// `sd_notify`: the daemon must run the same whether or not anybody listens.
public final class SystemdNotifier: Sendable {
    /// The socket path as given (`@` first for an abstract socket), or nil when not under systemd.
    public let socketPath: String?

    /// Reads `$NOTIFY_SOCKET` from `environment`; call before the environment is changed.
    public init(environment: [String: String]) {
        let path = environment["NOTIFY_SOCKET"] ?? ""
        // Only unix sockets; systemd also allows vsock:... for VMs, which a process supervisor never meets.
        socketPath = path.hasPrefix("/") || path.hasPrefix("@") ? path : nil
    }

    /// The daemon is up: servers bound, processes starting.
    public func ready() {
        send("READY=1\nSTATUS=Processes running\nMAINPID=\(getpid())")
    }

    /// A restart began: every process stops, then the configuration is read again (systemd waits for READY=1).
    public func reloading() {
        send("RELOADING=1\nSTATUS=Reloading the configuration\nMONOTONIC_USEC=\(Self.monotonicMicroseconds())")
    }

    /// Shutdown began: every process is being stopped.
    public func stopping() {
        send("STOPPING=1\nSTATUS=Stopping processes")
    }

    /// Sends one message; returns false when there is no socket or the send failed.
    @discardableResult
    public func send(_ message: String) -> Bool {
        guard let socketPath else { return false }
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var pathBytes = Array(socketPath.utf8)
        if pathBytes.first == UInt8(ascii: "@") { pathBytes[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard pathBytes.count < capacity else { return false }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in pathBytes.enumerated() { raw[i] = byte }
        }
        // An abstract address is exactly as long as its name; a path gets its terminating NUL.
        let length = MemoryLayout<sa_family_t>.size + pathBytes.count + (pathBytes.first == 0 ? 0 : 1)
        let bytes = Array(message.utf8)
        let sent = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bytes.withUnsafeBytes { sendto(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL), pointer, socklen_t(length)) }
            }
        }
        return sent == bytes.count
    }

    private static func monotonicMicroseconds() -> UInt64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return UInt64(now.tv_sec) * 1_000_000 + UInt64(now.tv_nsec) / 1_000
    }
}
