#if canImport(Glibc)
    import Glibc
#endif
import SupervisorAPI
import SupervisorWebUI

/// The application behind every HTTP server of the daemon: `/RPC2` goes to `SupervisorAPI`, `/logtail/<name>` to
/// the process's log file, `/mainlogtail` to the main log, every other page to the web UI (`SupervisorWebUI`), which
/// drives the same `SupervisorAPI`.
public struct APIApplication: HTTPApplication {
    let api: SupervisorAPI
    let mainLogPath: String
    let webInterface: WebInterface

    /// - Parameter mainLogPath: the `logfile` option (a path, or `syslog`).
    public init(api: SupervisorAPI, mainLogPath: String) {
        self.api = api
        self.mainLogPath = mainLogPath
        self.webInterface = WebInterface(supervisor: api)
    }

    public func handleXMLRPC(body: [UInt8], context: RequestContext) async -> XMLRPCReply {
        switch await api.handleXMLRPC(body) {
        case .response(let bytes): .response(bytes)
        case .badRequest: .badRequest
        }
    }

    /// Supervisor's `logtail_handler`: the namespec names one process (a whole group is 404); its channel's log
    /// file, nil (404) when it has none.
    public func logTailFile(namespec: String, channel: LogTailChannel) async -> String? {
        guard !namespec.isEmpty, let snapshot = try? await api.engine.processInfo(namespec) else { return nil }
        return channel == .stdout ? snapshot.stdoutLogfile : snapshot.stderrLogfile
    }

    /// The main log when it is a regular file (not `syslog`, not a device such as `/dev/stdout`).
    public func mainLogFile() async -> String? {
        var st = stat()
        guard mainLogPath != "syslog", stat(mainLogPath, &st) == 0, (st.st_mode & S_IFMT) == S_IFREG else { return nil }
        return mainLogPath
    }

    public func handlePage(_ request: PageRequest) async -> PageResponse {
        await Self.handlePage(request, with: webInterface)
    }

    /// Hands a page request to the web UI and turns its answer into a response (Medusa's error pages included).
    package static func handlePage(_ request: PageRequest, with webInterface: WebInterface) async -> PageResponse {
        let webRequest = WebRequest(
            method: request.method, path: request.path, query: request.query, headers: request.headers,
            body: request.body, fallbackServerURL: fallbackServerURL(request.context.listener))
        switch await webInterface.respond(to: webRequest) {
        case .response(let response):
            return PageResponse(status: response.status, headers: response.headers, body: response.body)
        case .error(let status, let headers):
            var page = PageResponse.error(status)
            // Supervisor sends a redirect's headers before Medusa's own Content-Type.
            page.headers = headers.filter { $0.name == "Location" } + page.headers
                + headers.filter { $0.name != "Location" }
            return page
        }
    }

    /// Supervisor's `SERVER_NAME`/`SERVER_PORT` fallback when a request has no `Host` header.
    static func fallbackServerURL(_ listener: ListenerAddress) -> String {
        switch listener {
        case .unix: "http://localhost"
        case .inet(let host, let port):
            "http://" + (host.isEmpty ? "localhost" : host) + (port == 80 ? "" : ":\(port)")
        }
    }
}
