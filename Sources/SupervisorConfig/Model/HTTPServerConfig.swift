/// One `[unix_http_server]` or `[inet_http_server]` section.
public struct HTTPServerConfig: Equatable, Sendable {
    /// Where the server listens.
    public enum Transport: Equatable, Sendable {
        /// A unix socket file with its mode and optional owner (`chmod=`, `chown=`).
        case unix(path: String, chmod: Int, chown: Ownership?)
        /// TCP: `host` is empty for all interfaces.
        case inet(host: String, port: Int)
    }

    /// The section name, e.g. `inet_http_server`.
    public var section: String
    public var transport: Transport
    /// Basic-auth credentials; both or neither. The password may be `{SHA}` + hex SHA-1.
    public var username: String?
    public var password: String?

    public init(section: String, transport: Transport, username: String?, password: String?) {
        self.section = section
        self.transport = transport
        self.username = username
        self.password = password
    }
}
