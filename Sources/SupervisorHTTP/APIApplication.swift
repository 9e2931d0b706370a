#if canImport(Glibc)
    import Glibc
#endif
import SupervisorAPI

/// The application behind every HTTP server of the daemon: `/RPC2` goes to `SupervisorAPI`, `/logtail/<name>` to
/// the process's log file, `/mainlogtail` to the main log.
///
/// The web UI is a later issue: until then every page (`/`, `index.html`, `tail.html`, `ok.html`, static files)
/// answers Medusa's 404 page.
public struct APIApplication: HTTPApplication {
    let api: SupervisorAPI
    let mainLogPath: String

    /// - Parameter mainLogPath: the `logfile` option (a path, or `syslog`).
    public init(api: SupervisorAPI, mainLogPath: String) {
        self.api = api
        self.mainLogPath = mainLogPath
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
        .error(404)
    }
}
