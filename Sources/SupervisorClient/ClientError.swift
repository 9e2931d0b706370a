import Glibc
import XMLRPC

/// Everything that can go wrong talking to supervisord, with enough detail for `supervisorctl` to print
/// Supervisor's own messages (spec `ctl.md` §1, "Connection check").
///
/// The cases follow the exception classes Python's `supervisorctl` distinguishes: `socket.error`
/// (``socket(operation:errno:)``, errno kept), `xmlrpclib.ProtocolError` (``httpStatus(code:reason:)``),
/// `http.client` errors (``closedBeforeResponse``, ``incompleteResponse(_:)``, ``badResponse(_:)``), expat errors
/// (``malformedXML(_:)``) and `xmlrpclib.Fault` (``fault(code:string:)``).
public enum ClientError: Error, Equatable, Sendable {
    /// The server URL is neither `unix:///path` nor `http://host[:port]`, or cannot be used (for example a socket
    /// path longer than `sun_path`). Python raises `ValueError('Unknown protocol for serverurl …')` for the first.
    case invalidServerURL(String, reason: String)
    /// `getaddrinfo` failed for `host`; `code` is its `EAI_*` value, `message` its `gai_strerror` text (Python's
    /// `socket.gaierror`).
    case hostLookup(host: String, code: Int32, message: String)
    /// A system call failed. `operation` names it (`socket`, `connect`, `send`, `recv`, `poll`, `pipe`), `errno` is
    /// kept so callers can tell `ECONNREFUSED` (`<url> refused connection`) from `ENOENT` (`<url> no such file`).
    case socket(operation: String, errno: Int32)
    /// No progress within the connection's timeout while doing `operation` (`connect`, `send`, `recv`).
    case timedOut(operation: String)
    /// The server closed the connection before sending any byte of a response (Python's `RemoteDisconnected`).
    case closedBeforeResponse
    /// The server closed the connection in the middle of a response (Python's `IncompleteRead`); the payload says
    /// where.
    case incompleteResponse(String)
    /// The bytes received are not an HTTP/1.x response (Python's `BadStatusLine` and friends): whatever answered is
    /// not a supervisord.
    case badResponse(String)
    /// The server answered with an HTTP status other than 200 (Python's `xmlrpclib.ProtocolError`). 401 means
    /// authentication is required or failed; see ``requiresAuthentication``.
    case httpStatus(code: Int, reason: String)
    /// The 200 response body is not a well-formed XML-RPC `methodResponse`.
    case malformedXML(XMLRPCError)
    /// The server answered, but with a value of an unexpected shape (for example a `system.multicall` result that
    /// is not an array).
    case unexpectedValue(String)
    /// An XML-RPC fault: Supervisor's fault code (spec `rpc.md` §3) and fault string (`NAME` or `NAME: extra`).
    case fault(code: Int, string: String)
}

extension ClientError {
    /// The errno of a failed system call, if this is one.
    public var errno: Int32? {
        if case .socket(_, let value) = self { return value }
        return nil
    }

    /// True when the server refused the connection (`ECONNREFUSED`): nothing listens at the address, or the unix
    /// socket file is stale.
    public var isConnectionRefused: Bool { errno == ECONNREFUSED }

    /// True when the unix socket file does not exist (`ENOENT`).
    public var isNoSuchFile: Bool { errno == ENOENT }

    /// True for HTTP 401: the server requires (other) credentials.
    public var requiresAuthentication: Bool {
        if case .httpStatus(401, _) = self { return true }
        return false
    }

    /// The line `supervisorctl` prints for a connection problem, or nil when this error is not one of those
    /// (callers then print their generic error line):
    ///
    /// | error | line |
    /// | --- | --- |
    /// | `ECONNREFUSED` | `<serverURL> refused connection` |
    /// | `ENOENT` | `<serverURL> no such file` |
    /// | HTTP 401 | `Server requires authentication` |
    public func supervisorctlMessage(serverURL: String) -> String? {
        if isConnectionRefused { return "\(serverURL) refused connection" }
        if isNoSuchFile { return "\(serverURL) no such file" }
        if requiresAuthentication { return "Server requires authentication" }
        return nil
    }
}

extension ClientError: CustomStringConvertible {
    /// A one-line, human-readable rendering in the spirit of the Python exception it stands for.
    public var description: String {
        switch self {
        case .invalidServerURL(let url, let reason):
            return "invalid server URL \(url): \(reason)"
        case .hostLookup(let host, let code, let message):
            return "[Errno \(code)] \(message) (\(host))"
        case .socket(let operation, let value):
            return "[Errno \(value)] \(String(cString: strerror(value))) (\(operation))"
        case .timedOut(let operation):
            return "timed out (\(operation))"
        case .closedBeforeResponse:
            return "Remote end closed connection without response"
        case .incompleteResponse(let detail):
            return "IncompleteRead: \(detail)"
        case .badResponse(let detail):
            return "bad HTTP response: \(detail)"
        case .httpStatus(let code, let reason):
            return "\(code) \(reason)"
        case .malformedXML(let error):
            return "malformed XML-RPC response: \(error)"
        case .unexpectedValue(let detail):
            return "unexpected XML-RPC value: \(detail)"
        case .fault(let code, let string):
            return "<Fault \(code): '\(string)'>"
        }
    }
}
