import Foundation
import Glibc
import Testing

/// The web UI's query-string contract (rpc.md §11), the same requests against Python's supervisord and ours: what a
/// script doing `curl 'http://host:9001/index.html?processname=web&action=restart'` gets, and what it changes.
@Suite struct WebUICompatTests {
    static let programs = """
        [program:clock]
        command=/bin/sh -c 'while true; do echo "tick <b>bold</b>"; sleep 0.2; done'
        startsecs=0
        stopwaitsecs=2
        stopasgroup=true

        [program:idle]
        command=/bin/sleep 1000
        autostart=false
        startsecs=0
        stopwaitsecs=2
        """

    @Test(arguments: DaemonKind.allCases)
    func actionsByQueryStringRedirectWithSupervisorsMessages(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.programs)
            d.waitFor("RUNNING", "clock")
            func get(_ target: String, _ headers: [String] = []) -> RawHTTPResponse {
                do { return try rawHTTP(socketPath: d.socketPath, "GET", target, headers: headers) } catch {
                    d.expect(false, "GET \(target): \(error)")
                    return RawHTTPResponse(status: 0, headers: [], body: "")
                }
            }
            /// The message of a redirect, unquoted; and the redirect's shape.
            func action(_ query: String, file: String = #fileID, line: Int = #line) -> String {
                let response = get("/index.html?" + query)
                d.expect(response.status == 301, "\(query): status \(response.status)", file: file, line: line)
                let location = response.header("Location") ?? ""
                d.expect(
                    location.hasPrefix("http://localhost/?message="),
                    "\(query): Location \(location)",
                    file: file,
                    line: line
                )
                d.expect(response.header("Content-Type") == "text/html", file: file, line: line)
                d.expect(response.body.contains("<p>Error code 301."), file: file, line: line)
                let quoted = location.components(separatedBy: "?message=").last ?? ""
                return quoted.removingPercentEncoding ?? quoted
            }

            d.expect(action("processname=clock&action=stop") == "Process clock stopped")
            d.expect(d.state("clock") == "STOPPED")
            let notRunning = action("processname=clock&action=stop")
            d.expect(notRunning == "unexpected rpc fault [70] NOT_RUNNING: clock", notRunning)
            d.expect(action("processname=clock&action=start") == "Process clock started")
            d.expect(d.state("clock") == "RUNNING")
            d.expect(action("processname=clock&action=start") == "ERROR: Process clock: already started")
            d.expect(action("processname=clock&action=restart") == "Process clock restarted")
            d.expect(d.state("clock") == "RUNNING")
            d.expect(action("processname=clock&action=clearlog") == "Log for clock cleared")
            d.expect(action("processname=nosuch&action=stop") == "No such process named nosuch")
            d.expect(action("processname=idle&action=start") == "Process idle started")
            d.expect(action("action=refresh").hasPrefix("Page refreshed at "))
            let stopped = action("action=stopall")
            d.expect(stopped.hasPrefix("All stopped at "), stopped)
            d.expect(d.state("clock") == "STOPPED" && d.state("idle") == "STOPPED")
            d.expect(action("action=restartall").hasPrefix("All restarted at "))
            d.expect(d.state("clock") == "RUNNING" && d.state("idle") == "RUNNING")

            d.expect(get("/index.html?processname=clock&action=bogus").status == 500)
            d.expect(get("/index.html?action=start").status == 500)

            let page = get("/?message=Process%20clock%20stopped")
            d.expect(page.status == 200)
            d.expect(page.header("Content-Type") == "text/html;charset=utf-8")
            d.expect(page.header("Cache-Control") == "no-cache")
            d.expect(page.body.contains("class=\"status_msg\""))
            d.expect(page.body.contains(">Process clock stopped</div>"))
            d.expect(page.body.contains("<span class=\"statusrunning\">running</span>"))
            d.expect(page.body.contains("href=\"index.html?processname=clock&amp;action=stop\""))
            d.expect(page.body.contains("href=\"tail.html?processname=clock\""))

            let ok = get("/ok.html")
            d.expect(
                ok.status == 200 && ok.body == "OK",
                "ok.html: \(ok.status) \(ok.headers) \(ok.body.debugDescription)"
            )

            // Escaped (Supervisor's meld writer leaves `>` as is; we escape it too).
            d.expect(eventually { get("/tail.html?processname=clock").body.contains("tick &lt;b") })
            d.expect(!get("/tail.html?processname=clock").body.contains("<b>"))
            let tail = get("/tail.html?processname=clock")
            d.expect(tail.body.contains("tail.html?processname=clock&amp;limit=1024"))
            d.expect(get("/tail.html").body.contains("No process name found"))
            d.expect(
                get("/tail.html?processname=nosuch").body.contains("ERROR: unexpected rpc fault [10] BAD_NAME: nosuch")
            )
            return d
        }
    }

    /// Only our daemon refuses an action a browser marks as cross-site; Supervisor carries it out (the CSRF hole
    /// improvements.md lists).
    @Test(arguments: DaemonKind.allCases)
    func crossSiteActions(_ kind: DaemonKind) async throws {
        try await scenario {
            let d = try CompatDaemon(kind, Self.programs)
            d.waitFor("RUNNING", "clock")
            let response = try rawHTTP(
                socketPath: d.socketPath,
                "GET",
                "/index.html?action=stopall",
                headers: ["Sec-Fetch-Site: cross-site", "Referer: http://evil.example/"]
            )
            switch kind {
            case .python:
                d.expect(response.status == 301)
                d.waitFor("STOPPED", "clock")
            case .swift:
                d.expect(response.status == 403, "status \(response.status)")
                d.expect(response.body.contains("Action refused"))
                usleep(300_000)
                d.expect(d.state("clock") == "RUNNING")
                let rpc = try rawHTTP(
                    socketPath: d.socketPath,
                    "POST",
                    "/RPC2",
                    headers: ["Origin: http://evil.example"],
                    body:
                        "<?xml version='1.0'?><methodCall><methodName>supervisor.stopAllProcesses</methodName></methodCall>"
                )
                d.expect(rpc.status == 403, "RPC2 status \(rpc.status)")
                d.expect(d.state("clock") == "RUNNING")
            }
            return d
        }
    }
}
