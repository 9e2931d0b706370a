/// Where supervisord listens, parsed from a `serverurl` (`-s`, `[supervisorctl] serverurl`).
///
/// Parsing follows what Python's `SupervisorTransport` (`supervisor/xmlrpc.py`) does with the same string:
/// `unix://` + the rest taken verbatim as the socket path (`serverurl[7:]`), or `http://` parsed by `urlparse`
/// (user info dropped, host lower-cased, IPv6 literals in brackets, port 80 when absent). Any path, query or
/// fragment after the host is ignored; XML-RPC always goes to `/RPC2`.
public struct ServerURL: Equatable, Sendable {
    /// Where to connect.
    public enum Address: Equatable, Sendable {
        /// A unix-domain stream socket at `path`.
        case unix(path: String)
        /// A TCP endpoint; `host` is a name or an address literal without brackets, resolved with `getaddrinfo`.
        case tcp(host: String, port: Int)
    }

    /// The URL as given.
    public let string: String
    /// The parsed address.
    public let address: Address
    /// The `Host` header of XML-RPC requests, as Python's `http.client` builds it: `localhost` for a unix socket
    /// (Supervisor's transport passes that name), else the host, bracketed when it contains `:`, with `:port`
    /// unless the port is 80.
    public let rpcHostHeader: String
    /// The `Host` header of log-tail requests, as Supervisor's tail client (`supervisor/http_client.py`) builds it:
    /// the URL's network location exactly as written, which is empty for `unix://` URLs.
    public let tailHostHeader: String

    /// The longest unix socket path `sockaddr_un` can hold (108 bytes including the terminating NUL).
    public static let maximumSocketPathLength = 107

    /// Parses `string`.
    /// - Throws: ``ClientError/invalidServerURL(_:reason:)`` for another scheme, an empty or too long socket path,
    ///   a missing host or a port that is not a number in 0…65535.
    public init(_ string: String) throws(ClientError) {
        self.string = string
        if string.hasPrefix("unix://") {
            let path = String(string.dropFirst(7))
            guard !path.isEmpty else {
                throw .invalidServerURL(string, reason: "empty socket path")
            }
            guard path.utf8.count <= Self.maximumSocketPathLength, !path.utf8.contains(0) else {
                throw .invalidServerURL(string, reason: "AF_UNIX path too long")
            }
            address = .unix(path: path)
            rpcHostHeader = "localhost"
            tailHostHeader = ""
            return
        }
        guard string.hasPrefix("http://") else {
            throw .invalidServerURL(string, reason: "Unknown protocol for serverurl \(string)")
        }
        let rest = string.dropFirst(7)
        let netloc = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        // The host ends up in a request header: refuse anything that could break the header line.
        guard !netloc.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F }) else {
            throw .invalidServerURL(string, reason: "whitespace or control character in host")
        }
        let hostInfo = netloc.lastIndex(of: "@").map { netloc[netloc.index(after: $0)...] } ?? netloc
        var host: Substring
        var portText: Substring?
        if hostInfo.hasPrefix("[") {
            guard let close = hostInfo.firstIndex(of: "]") else {
                throw .invalidServerURL(string, reason: "Invalid IPv6 URL")
            }
            host = hostInfo[hostInfo.index(after: hostInfo.startIndex)..<close]
            let after = hostInfo[hostInfo.index(after: close)...]
            if after.hasPrefix(":") {
                portText = after.dropFirst()
            } else if !after.isEmpty {
                throw .invalidServerURL(string, reason: "Invalid IPv6 URL")
            }
        } else if let colon = hostInfo.firstIndex(of: ":") {
            host = hostInfo[..<colon]
            portText = hostInfo[hostInfo.index(after: colon)...]
        } else {
            host = hostInfo
        }
        guard !host.isEmpty else {
            throw .invalidServerURL(string, reason: "no host")
        }
        var port = 80
        if let portText, !portText.isEmpty {
            guard portText.allSatisfy(\.isASCII), let value = Int(portText), (0...65535).contains(value) else {
                throw .invalidServerURL(string, reason: "Port could not be cast to integer value as '\(portText)'")
            }
            port = value
        }
        let hostName = host.lowercased()
        address = .tcp(host: hostName, port: port)
        let bracketed = hostName.contains(":") ? "[\(hostName)]" : hostName
        rpcHostHeader = port == 80 ? bracketed : "\(bracketed):\(port)"
        tailHostHeader = String(netloc)
    }
}
