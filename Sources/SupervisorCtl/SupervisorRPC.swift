import SupervisorClient
import XMLRPC

/// What the controller needs from a connection to supervisord: XML-RPC calls and the streamed log tails.
/// ``SupervisorConnection`` is the real one; unit tests script answers.
public protocol SupervisorRPC: AnyObject {
    /// Calls `method` (for example `supervisor.getVersion`) with `params`.
    func call(_ method: String, _ params: [XMLRPCValue]) throws(ClientError) -> XMLRPCValue

    /// Streams `GET path` (`/logtail/<name>/<channel>`, `/mainlogtail`) until the server ends it, `onChunk`
    /// stops it, or `cancellation` fires.
    func streamGet(
        path: String, cancellation: StreamCancellation?, onChunk: ([UInt8]) -> StreamControl
    ) throws(ClientError) -> StreamEnd
}

extension SupervisorConnection: SupervisorRPC {}

/// Where a connection goes and as whom; a new one is opened when any of it changes (`open`, credentials typed
/// after a 401).
public struct ConnectionTarget: Equatable, Sendable {
    public var serverURL: String
    public var username: String?
    public var password: String?

    public init(serverURL: String, username: String?, password: String?) {
        self.serverURL = serverURL
        self.username = username
        self.password = password
    }
}

/// Makes a connection for a target; throws ``ClientError/invalidServerURL(_:reason:)`` for a URL it cannot use.
public typealias ConnectionFactory = @Sendable (ConnectionTarget) throws(ClientError) -> any SupervisorRPC

/// The real factory: a ``SupervisorConnection`` without timeouts, as Python's client has none.
public let liveConnectionFactory: ConnectionFactory = { (target) throws(ClientError) -> any SupervisorRPC in
    try SupervisorConnection(serverURL: target.serverURL, username: target.username, password: target.password)
}
