import XMLRPC

/// The web UI: Supervisor's pages (`/`, `index.html` with its actions, `tail.html`, `ok.html`) and ours on top
/// (`status.json` and `action.json` for the live page, the stylesheet, scripts and icon, all compiled into the
/// binary). The HTTP layer authenticates every request before it gets here.
public struct WebInterface: Sendable {
    let supervisor: any SupervisorCalls
    let actions: WebActions

    /// - Parameter clock: Python's `time.ctime()` text for the "… at <time>" messages (tests fix it).
    public init(supervisor: any SupervisorCalls, clock: (@Sendable () -> String)? = nil) {
        self.supervisor = supervisor
        var actions = WebActions(supervisor: supervisor)
        if let clock { actions.clock = clock }
        self.actions = actions
    }

    /// What to answer.
    public enum Answer: Sendable {
        /// A complete response.
        case response(WebResponse)
        /// Medusa's HTML error page for this status, with these extra headers (a redirect's `Location` and the
        /// no-cache headers, as Supervisor sends them).
        case error(Int, headers: [(name: String, value: String)])
    }

    public func respond(to request: WebRequest) async -> Answer {
        var path = Substring(request.path)
        while path.first == "/" { path.removeFirst() }
        let isRead = request.method == "GET" || request.method == "HEAD"
        switch path {
        case "", "index.html":
            guard isRead || request.method == "POST" else { return .error(405, headers: []) }
            return await statusPage(request)
        case "tail.html":
            guard isRead || request.method == "POST" else { return .error(405, headers: []) }
            return await tailPage(request)
        case "ok.html":
            return .response(
                WebResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("OK".utf8))
            )
        case "status.json":
            guard isRead else { return .error(405, headers: []) }
            let status = await statusData()
            let json = StatusJSON(
                rows: status.rows,
                supervisorState: status.state,
                identification: status.identification
            )
            return .response(Self.json(200, json.render()))
        case "action.json":
            return await actionJSON(request)
        default:
            guard isRead, let asset = WebAssets.asset(at: String(path)) else { return .error(404, headers: []) }
            return .response(
                WebResponse(
                    status: 200,
                    headers: [
                        ("Content-Type", asset.contentType), ("Cache-Control", "no-cache"),
                        ("X-Content-Type-Options", "nosniff"),
                    ],
                    body: asset.body
                )
            )
        }
    }

    // MARK: - Pages

    private func statusPage(_ request: WebRequest) async -> Answer {
        let form = request.form
        // HEAD must not change anything: it gets the page as a GET without the action would.
        if let action = form["action"], !action.isEmpty, request.method != "HEAD" {
            if case .refused(let reason) = CrossSiteCheck.verdict(headers: request.headers) {
                return .response(Self.refusal(reason))
            }
            let message: String
            do throws(WebActions.Failure) {
                message = try await actions.perform(action: action, processname: form["processname"]).message
            } catch {
                return .error(500, headers: [])
            }
            let location = request.serverURL + "/?message=" + URLQuoting.quote(message)
            return .error(301, headers: [("Location", location)] + Self.noCacheHeaders)
        }
        let status = await statusData()
        let page = StatusPage(
            rows: status.rows,
            message: form["message"],
            supervisorState: status.state,
            identification: status.identification,
            version: status.version
        )
        return .response(Self.html(page.render()))
    }

    private func tailPage(_ request: WebRequest) async -> Answer {
        let form = request.form
        let status = await statusData(processes: false)
        var processname: String?
        var tail = "No process name found"
        var limit = 1024
        if let name = form["processname"] {
            processname = name
            if let text = form["limit"], !text.isEmpty, text.allSatisfy(\.isASCIIDigit), let n = Int(text) {
                limit = max(1024, n)
            }
            if !name.isEmpty {
                let read = await supervisor.call(
                    method: "supervisor.readProcessStdoutLog",
                    params: [.string(name), .int(-limit), .int(0)]
                )
                switch read {
                case .value(let value): tail = value.stringValue ?? ""
                case .fault(let code, let string):
                    tail = code == 20 ? "No file for \(name)" : "ERROR: unexpected rpc fault [\(code)] \(string)"
                }
            }
        }
        let page = TailPage(
            processname: processname,
            tail: tail,
            limit: limit,
            supervisorState: status.state,
            identification: status.identification,
            version: status.version
        )
        return .response(Self.html(page.render()))
    }

    /// `POST action.json` with the same fields as `index.html` (`action`, `processname`): runs the action and
    /// answers `{"message": …}` instead of redirecting. What our page's buttons use.
    private func actionJSON(_ request: WebRequest) async -> Answer {
        guard request.method == "POST" else { return .error(405, headers: [("Allow", "POST")]) }
        if case .refused(let reason) = CrossSiteCheck.verdict(headers: request.headers) {
            return .response(Self.json(403, "{\"error\":\(HTMLEscaping.jsonString("Refused: " + reason))}"))
        }
        let form = request.form
        let action = form["action"] ?? ""
        do throws(WebActions.Failure) {
            let outcome = try await actions.perform(action: action, processname: form["processname"])
            return .response(
                Self.json(
                    200,
                    "{\"message\":\(HTMLEscaping.jsonString(outcome.message)),\"ok\":\(outcome.succeeded)}"
                )
            )
        } catch {
            return .response(Self.json(400, "{\"error\":\(HTMLEscaping.jsonString("Unknown action: \(action)"))}"))
        }
    }

    // MARK: - Data

    private struct StatusData {
        var rows: [ProcessRow]
        var state: String
        var identification: String
        var version: String
    }

    private func statusData(processes: Bool = true) async -> StatusData {
        var rows: [ProcessRow] = []
        if processes,
            let all = await supervisor.call(method: "supervisor.getAllProcessInfo", params: []).value?.arrayValue
        {
            rows = all.compactMap(ProcessRow.init)
        }
        let state =
            await supervisor.call(method: "supervisor.getState", params: []).value?["statename"]?.stringValue
            ?? "UNKNOWN"
        let identification =
            await supervisor.call(method: "supervisor.getIdentification", params: []).value?.stringValue ?? "supervisor"
        let version =
            await supervisor.call(method: "supervisor.getSupervisorVersion", params: []).value?.stringValue ?? ""
        return StatusData(rows: rows, state: state, identification: identification, version: version)
    }

    // MARK: - Responses

    /// Supervisor's page headers.
    static let noCacheHeaders: [(name: String, value: String)] = [
        ("Pragma", "no-cache"), ("Cache-Control", "no-cache"), ("Expires", "Thu, 01 Jan 1970 00:00:00 GMT"),
    ]

    /// Our pages load only their own files, and may not be framed by another site (clickjacking would turn a
    /// same-origin click into someone else's).
    static let securityHeaders: [(name: String, value: String)] = [
        (
            "Content-Security-Policy",
            "default-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; "
                + "form-action 'self'; frame-ancestors 'none'"
        ),
        ("X-Frame-Options", "DENY"),
        ("X-Content-Type-Options", "nosniff"),
        ("Referrer-Policy", "same-origin"),
    ]

    static func html(_ text: String, status: Int = 200) -> WebResponse {
        WebResponse(
            status: status,
            headers: [("Content-Type", "text/html;charset=utf-8")] + noCacheHeaders + securityHeaders,
            body: Array(text.utf8)
        )
    }

    static func json(_ status: Int, _ text: String) -> WebResponse {
        WebResponse(
            status: status,
            headers: [("Content-Type", "application/json"), ("Cache-Control", "no-store")] + securityHeaders,
            body: Array(text.utf8)
        )
    }

    /// 403 for an action a browser marked as coming from another site.
    static func refusal(_ reason: String) -> WebResponse {
        let page = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Action refused</title>
            <link href="stylesheets/supervisor.css" rel="stylesheet" type="text/css"></head>
            <body><main id="content"><h1>Action refused</h1>
            <p>Nothing was changed: \(HTMLEscaping.escape(reason)). Actions are accepted from this server's own page \
            and from clients that are not browsers.</p>
            <p><a href="index.html">Open the status page</a></p></main></body></html>

            """
        return html(page, status: 403)
    }
}

extension Character {
    var isASCIIDigit: Bool { ("0"..."9").contains(self) }
}
