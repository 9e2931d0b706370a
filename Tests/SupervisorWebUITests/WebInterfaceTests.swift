import Testing
import XMLRPC

@testable import SupervisorWebUI

@Suite struct WebInterfaceTests {
    func ui(_ supervisor: RecordingSupervisor) -> WebInterface {
        WebInterface(supervisor: supervisor, clock: { "Tue Nov 24 17:08:51 2026" })
    }

    func redirect(_ answer: WebInterface.Answer) -> String? {
        guard case .error(301, let headers) = answer else { return nil }
        return headers.first(where: { $0.name == "Location" })?.value
    }

    func response(_ answer: WebInterface.Answer) -> WebResponse? {
        if case .response(let response) = answer { response } else { nil }
    }

    struct ActionCase: Sendable, CustomTestStringConvertible {
        var query: String
        var calls: [String]
        var message: String
        var testDescription: String { query }
    }

    static let actionCases: [ActionCase] = [
        ActionCase(
            query: "processname=clock&action=stop",
            calls: ["supervisor.stopProcess"],
            message: "Process clock stopped"
        ),
        ActionCase(
            query: "processname=web%3Aa&action=start",
            calls: ["supervisor.startProcess"],
            message: "Process web:a started"
        ),
        ActionCase(
            query: "processname=clock&action=restart",
            calls: ["system.multicall"],
            message: "Process clock restarted"
        ),
        ActionCase(
            query: "processname=clock&action=clearlog",
            calls: ["supervisor.clearProcessLogs"],
            message: "Log for clock cleared"
        ),
        ActionCase(
            query: "action=stopall",
            calls: ["supervisor.stopAllProcesses"],
            message: "All stopped at Tue Nov 24 17:08:51 2026"
        ),
        ActionCase(
            query: "action=restartall",
            calls: ["system.multicall"],
            message: "All restarted at Tue Nov 24 17:08:51 2026"
        ),
        ActionCase(query: "action=refresh", calls: [], message: "Page refreshed at Tue Nov 24 17:08:51 2026"),
        ActionCase(query: "processname=nope&action=stop", calls: [], message: "No such process named nope"),
        ActionCase(query: "processname=web&action=stop", calls: [], message: "No such process named web"),
        ActionCase(
            query: "processname=web&action=stopgroup",
            calls: ["supervisor.stopProcessGroup"],
            message: "Group web stopped"
        ),
    ]

    @Test(arguments: actionCases) func actionsRedirectWithSupervisorsMessages(_ c: ActionCase) async {
        let supervisor = RecordingSupervisor()
        let answer = await ui(supervisor).respond(to: request("GET", "/index.html", query: c.query))
        #expect(redirect(answer) == "http://127.0.0.1:9001/?message=" + URLQuoting.quote(c.message))
        #expect(supervisor.actionCalls == c.calls)
    }

    @Test func startFaultsUseWebPysTexts() async {
        let supervisor = RecordingSupervisor(answers: { method, _ in
            method == "supervisor.startProcess" ? .fault(code: 60, string: "ALREADY_STARTED: clock") : nil
        })
        let answer = await ui(supervisor).respond(to: request("GET", "/", query: "processname=clock&action=start"))
        #expect(redirect(answer) == "http://127.0.0.1:9001/?message=ERROR%3A%20Process%20clock%3A%20already%20started")
        let stopFault = RecordingSupervisor(answers: { method, _ in
            method == "supervisor.stopProcess" ? .fault(code: 70, string: "NOT_RUNNING: web:a") : nil
        })
        let stopAnswer = await ui(stopFault).respond(to: request("GET", "/", query: "processname=web:a&action=stop"))
        #expect(
            redirect(stopAnswer)?.hasSuffix("?message=unexpected%20rpc%20fault%20%5B70%5D%20NOT_RUNNING%3A%20web%3Aa")
                == true
        )
    }

    @Test func postedFormFieldsWorkLikeTheQuery() async {
        let supervisor = RecordingSupervisor()
        let answer = await ui(supervisor).respond(
            to: request("POST", "index.html", query: "action=refresh", body: "processname=clock&action=stop")
        )
        #expect(redirect(answer)?.hasSuffix("?message=Process%20clock%20stopped") == true)
        #expect(supervisor.actionCalls == ["supervisor.stopProcess"])
    }

    @Test func unknownActionsAndMissingNamesAre500LikeSupervisor() async {
        for query in ["action=startall", "action=stop", "processname=clock&action=bogus"] {
            let answer = await ui(RecordingSupervisor()).respond(to: request("GET", "/", query: query))
            guard case .error(500, _) = answer else {
                Issue.record("\(query): \(answer)")
                continue
            }
        }
    }

    @Test func crossSiteActionsAreRefusedAndChangeNothing() async {
        let supervisor = RecordingSupervisor()
        let answer = await ui(supervisor).respond(
            to: request(
                "GET",
                "/index.html",
                query: "action=stopall",
                headers: [("Host", "127.0.0.1:9001"), ("Sec-Fetch-Site", "cross-site")]
            )
        )
        #expect(response(answer)?.status == 403)
        #expect(response(answer)?.text.contains("Action refused") == true)
        let json = await ui(supervisor).respond(
            to: request(
                "POST",
                "action.json",
                headers: [("Host", "127.0.0.1:9001"), ("Origin", "http://evil.example")],
                body: "action=stop&processname=clock"
            )
        )
        #expect(response(json)?.status == 403)
        #expect(supervisor.actionCalls.isEmpty)
        // Without an action, a cross-site GET is just the page.
        let page = await ui(supervisor).respond(
            to: request("GET", "/", headers: [("Host", "127.0.0.1:9001"), ("Sec-Fetch-Site", "cross-site")])
        )
        #expect(response(page)?.status == 200)
    }

    @Test func theStatusPageShowsTheMessageAndNoCacheHeaders() async {
        let answer = await ui(RecordingSupervisor()).respond(
            to: request("GET", "", query: "message=Process%20%3Cb%3Eclock%3C%2Fb%3E%20stopped")
        )
        let page = response(answer)
        #expect(page?.status == 200)
        #expect(page?.header("Content-Type") == "text/html;charset=utf-8")
        #expect(page?.header("Cache-Control") == "no-cache")
        #expect(page?.header("Pragma") == "no-cache")
        #expect(page?.header("Expires") == "Thu, 01 Jan 1970 00:00:00 GMT")
        #expect(page?.header("X-Frame-Options") == "DENY")
        #expect(
            page?.text.contains(
                "<div class=\"status_msg\" id=\"statusmessage\" role=\"status\">Process &lt;b&gt;clock&lt;/b&gt; stopped</div>"
            ) == true
        )
    }

    @Test func actionJSONAnswersWithTheMessage() async {
        let supervisor = RecordingSupervisor()
        let answer = await ui(supervisor).respond(
            to: request(
                "POST",
                "action.json",
                headers: [
                    ("Host", "127.0.0.1:9001"), ("Sec-Fetch-Site", "same-origin"),
                    ("Origin", "http://127.0.0.1:9001"),
                ],
                body: "action=stop&processname=clock"
            )
        )
        #expect(response(answer)?.status == 200)
        #expect(response(answer)?.text == #"{"message":"Process clock stopped","ok":true}"#)
        let get = await ui(supervisor).respond(
            to: request("GET", "action.json", query: "action=stop&processname=clock")
        )
        guard case .error(405, _) = get else {
            Issue.record("GET action.json: \(get)")
            return
        }
        let bad = await ui(supervisor).respond(to: request("POST", "action.json", body: "action=explode"))
        #expect(response(bad)?.status == 400)
        #expect(supervisor.actionCalls == ["supervisor.stopProcess"])
    }

    @Test func headNeverActs() async {
        let supervisor = RecordingSupervisor()
        let answer = await ui(supervisor).respond(to: request("HEAD", "/index.html", query: "action=stopall"))
        #expect(response(answer)?.status == 200)
        #expect(supervisor.actionCalls.isEmpty)
    }

    @Test func actionJSONSaysWhenAnActionFailed() async {
        let supervisor = RecordingSupervisor(answers: { method, _ in
            method == "supervisor.startProcess" ? .fault(code: 50, string: "SPAWN_ERROR: clock") : nil
        })
        let answer = await ui(supervisor).respond(
            to: request("POST", "action.json", body: "action=start&processname=clock")
        )
        #expect(response(answer)?.text == #"{"message":"ERROR: Process clock: spawn error","ok":false}"#)
        let unknown = await ui(supervisor).respond(
            to: request("POST", "action.json", body: "action=stop&processname=ghost")
        )
        #expect(response(unknown)?.text == #"{"message":"No such process named ghost","ok":false}"#)
    }

    @Test func tailPageReadsTheLastBytesOfStdout() async {
        let supervisor = RecordingSupervisor(answers: { method, params in
            method == "supervisor.readProcessStdoutLog" ? .value("tick <1>\ntick 2\n") : nil
        })
        let page = response(
            await ui(supervisor).respond(to: request("GET", "tail.html", query: "processname=clock&limit=50"))
        )
        #expect(page?.text.contains("<pre id=\"tailbody\">tick &lt;1&gt;\ntick 2\n</pre>") == true)
        #expect(page?.text.contains("tail.html?processname=clock&amp;limit=1024") == true)
        let call = supervisor.calls.first(where: { $0.0 == "supervisor.readProcessStdoutLog" })
        #expect(call?.1 == ["clock", -1024, 0])
        _ = await ui(supervisor).respond(to: request("GET", "tail.html", query: "processname=clock&limit=5000"))
        #expect(supervisor.calls.last(where: { $0.0 == "supervisor.readProcessStdoutLog" })?.1 == ["clock", -5000, 0])

        let noFile = RecordingSupervisor(answers: { method, _ in
            method == "supervisor.readProcessStdoutLog" ? .fault(code: 20, string: "NO_FILE") : nil
        })
        let missing = response(await ui(noFile).respond(to: request("GET", "tail.html", query: "processname=clock")))
        #expect(missing?.text.contains(">No file for clock</pre>") == true)
        let unnamed = response(await ui(noFile).respond(to: request("GET", "tail.html")))
        #expect(unnamed?.text.contains(">No process name found</pre>") == true)
        #expect(unnamed?.text.contains("<title>Supervisor tail of process None</title>") == true)
    }

    @Test func okAndStaticFilesAndUnknownPaths() async {
        let ui = ui(RecordingSupervisor())
        #expect(response(await ui.respond(to: request("GET", "/ok.html")))?.text == "OK")
        for path in WebAssets.paths {
            let asset = response(await ui.respond(to: request("GET", "/" + path)))
            #expect(asset?.status == 200, "\(path)")
            #expect(asset?.body.isEmpty == false)
        }
        guard case .error(404, _) = await ui.respond(to: request("GET", "/images/supervisor.gif")) else {
            Issue.record("expected 404")
            return
        }
        let json = response(await ui.respond(to: request("GET", "/status.json")))
        #expect(json?.header("Content-Type") == "application/json")
        #expect(
            json?.text.hasPrefix(
                #"{"supervisor":{"state":"RUNNING","identification":"supervisor"},"processes":[{"group":"clock""#
            ) == true
        )
    }
}
