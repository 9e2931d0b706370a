import Glibc
import XMLRPC
import SupervisorTestSupport

/// Scripted servers that are not a supervisord, or a broken one, for the connection-problem rows.
final class StubServers {
    private var servers: [String: StubHTTPServer] = [:]

    /// The URL of each stub, by name.
    var urls: [String: String] { servers.mapValues(\.url) }

    init() throws {
        // An HTTP server without /RPC2.
        servers["notfound"] = try .tcp { connection in
            while connection.readRequest() != nil {
                connection.send("HTTP/1.0 404 Not Found\r\nContent-Type: text/html\r\nContent-Length: 0\r\n\r\n")
                return
            }
        }
        // Something that answers with a line that is not HTTP.
        servers["garbage"] = try .tcp { connection in
            if connection.readRequest() != nil { connection.send("hello world\r\n") }
        }
        // Something that closes the connection without answering.
        servers["close"] = try .tcp { connection in
            _ = connection.readRequest()
        }
        // A supervisord without the supervisor namespace: every call is UNKNOWN_METHOD.
        servers["nonamespace"] = try .unix { connection in
            while connection.readRequest() != nil {
                connection.sendXMLRPC(.fault(code: 1, string: "UNKNOWN_METHOD"))
            }
        }
        // A supervisord speaking API 2.0.
        servers["oldapi"] = try .unix { connection in
            while connection.readRequest() != nil {
                connection.sendXMLRPC(.success("2.0"))
            }
        }
    }

    func stop() {
        for server in servers.values { server.stop() }
    }
}
