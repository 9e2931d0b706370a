import Dispatch
import Glibc
import Synchronization

/// A socket address a probe connects to, resolved from a check's host and port.
struct ProbeAddress: Sendable {
    var family: Int32
    /// The raw `sockaddr_in` or `sockaddr_in6`.
    var bytes: [UInt8]

    /// The addresses of `host` (IPv4 or IPv6 literal, or a name), in getaddrinfo's order; a literal costs no
    /// lookup. A name is looked up on a global queue (getaddrinfo blocks), bounded by `deadline`.
    /// - Returns: nil when the host cannot be resolved in time.
    static func resolve(host: String, port: Int, deadline: UInt64) async -> [ProbeAddress]? {
        if let literal = literal(host: host, port: port) { return [literal] }
        let outcome = Mutex<CheckedContinuation<[ProbeAddress]?, Never>?>(nil)
        return await withCheckedContinuation { continuation in
            outcome.withLock { $0 = continuation }
            let left = deadline > SocketWaiter.now() ? deadline - SocketWaiter.now() : 0
            DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(clamping: left))) {
                outcome.withLock { $0.take() }?.resume(returning: nil)
            }
            DispatchQueue.global().async {
                let found = lookup(host: host, port: port)
                outcome.withLock { $0.take() }?.resume(returning: found)
            }
        }
    }

    /// An IPv4 or IPv6 literal (without brackets).
    static func literal(host: String, port: Int) -> ProbeAddress? {
        var v4 = sockaddr_in()
        if inet_pton(AF_INET, host, &v4.sin_addr) == 1 {
            v4.sin_family = sa_family_t(AF_INET)
            v4.sin_port = UInt16(truncatingIfNeeded: port).bigEndian
            return ProbeAddress(family: AF_INET, bytes: withUnsafeBytes(of: v4) { Array($0) })
        }
        var v6 = sockaddr_in6()
        if inet_pton(AF_INET6, host, &v6.sin6_addr) == 1 {
            v6.sin6_family = sa_family_t(AF_INET6)
            v6.sin6_port = UInt16(truncatingIfNeeded: port).bigEndian
            return ProbeAddress(family: AF_INET6, bytes: withUnsafeBytes(of: v6) { Array($0) })
        }
        return nil
    }

    private static func lookup(host: String, port: Int) -> [ProbeAddress]? {
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        hints.ai_flags = AI_NUMERICSERV | AI_ADDRCONFIG
        var list: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(host, String(port), &hints, &list) == 0, let first = list else { return nil }
        defer { freeaddrinfo(list) }
        var found: [ProbeAddress] = []
        var entry: UnsafeMutablePointer<addrinfo>? = first
        while let info = entry {
            if let address = info.pointee.ai_addr, info.pointee.ai_family == AF_INET || info.pointee.ai_family == AF_INET6 {
                let bytes = Array(UnsafeRawBufferPointer(start: address, count: Int(info.pointee.ai_addrlen)))
                found.append(ProbeAddress(family: info.pointee.ai_family, bytes: bytes))
            }
            entry = info.pointee.ai_next
        }
        return found.isEmpty ? nil : found
    }
}
