import Testing
import XMLRPC

@testable import SupervisorWebUI

@Suite struct StatusPageTests {
    static let hostile = ProcessRow(
        group: "<script>",
        name: "<script>",
        state: 20,
        stateName: "RUNNING",
        description: "pid 7, uptime <b>0:00:01</b>",
        pid: 7,
        start: 10,
        now: 11
    )

    func page(_ rows: [ProcessRow], message: String? = nil) -> String {
        StatusPage(
            rows: rows,
            message: message,
            supervisorState: "RUNNING",
            identification: "supervisor",
            version: "4.3.0"
        ).render()
    }

    @Test func aProcessNamedScriptIsEscapedEverywhere() {
        let html = page([Self.hostile], message: "<img src=x onerror=alert(1)>")
        #expect(!html.contains("<script>"))
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<img src=x"))
        #expect(html.contains(">&lt;script&gt;</a>"))
        #expect(html.contains("tail.html?processname=%3Cscript%3E"))
        #expect(html.contains("data-namespec=\"&lt;script&gt;\""))
        #expect(html.contains("&lt;img src=x onerror=alert(1)&gt;"))
    }

    @Test func rowsCarrySupervisorsClassesLinksAndActions() {
        let rows = RecordingSupervisor.defaultProcesses.compactMap(ProcessRow.init)
        let html = page(rows)
        #expect(html.contains("<span class=\"statusrunning\">running</span>"))
        #expect(html.contains("<span class=\"statusnominal\">stopped</span>"))
        #expect(html.contains("href=\"index.html?processname=clock&amp;action=restart\" name=\"Restart\""))
        #expect(html.contains("href=\"index.html?processname=clock&amp;action=stop\" name=\"Stop\""))
        #expect(html.contains("href=\"index.html?processname=web%3Aa&amp;action=start\" name=\"Start\""))
        #expect(!html.contains("processname=web%3Aa&amp;action=stop"))
        #expect(html.contains("href=\"logtail/web%3Ab/stderr\""))
        #expect(html.contains("href=\"index.html?action=stopall\""))
        // pid, uptime and the exit status of an EXITED process
        #expect(html.contains("<td class=\"pid\">42</td><td class=\"uptime\">0:01:05</td>"))
        #expect(html.contains("<td class=\"exit\">3</td>"))
        // The two-process group gets a group row, the single program's own group none.
        #expect(html.contains("data-group=\"web\""))
        #expect(!html.contains("data-group=\"clock\""))
        #expect(html.contains("index.html?processname=web&amp;action=stopgroup"))
    }

    @Test func noProcessesSaysSo() {
        #expect(page([]).contains("No programs to manage"))
    }

    @Test func actionsFollowSupervisorsStateRules() {
        func actions(_ state: Int) -> [ProcessAction] {
            ProcessRow(group: "a", name: "a", state: state, stateName: "").actions
        }
        #expect(actions(20) == [.restart, .stop])
        for state in [0, 100, 200] { #expect(actions(state) == [.start]) }
        for state in [10, 30, 40, 1000] { #expect(actions(state) == []) }
        #expect(ProcessRow(group: "a", name: "a", state: 30, stateName: "").cssClass == "statuserror")
        #expect(ProcessRow(group: "a", name: "a", state: 200, stateName: "").cssClass == "statuserror")
        #expect(ProcessRow(group: "a", name: "a", state: 40, stateName: "").cssClass == "statusnominal")
    }

    @Test func durationsAreTimedeltaText() {
        #expect(StatusPage.formatDuration(5) == "0:00:05")
        #expect(StatusPage.formatDuration(3725) == "1:02:05")
        #expect(StatusPage.formatDuration(86400 + 1) == "1 day, 0:00:01")
        #expect(StatusPage.formatDuration(3 * 86400) == "3 days, 0:00:00")
    }

    @Test func statusJSONEscapesNamesAndDescriptions() {
        let json = StatusJSON(rows: [Self.hostile], supervisorState: "RUNNING", identification: "x\"y").render()
        #expect(!json.contains("<"))
        #expect(json.contains(#""namespec":"\u003cscript\u003e""#))
        #expect(json.contains(#""identification":"x\"y""#))
        #expect(json.contains(#""uptime":"0:00:01""#))
        #expect(json.contains(#""actions":["restart","stop"]"#))
    }

    @Test func theTailPageEscapesLogLines() {
        let html = TailPage(
            processname: "<script>",
            tail: "line <b>one</b>\n</pre><script>x()</script>",
            limit: 1024,
            supervisorState: "RUNNING",
            identification: "s",
            version: "4.3.0"
        ).render()
        #expect(!html.contains("<b>"))
        #expect(!html.contains("<script>x()"))
        #expect(html.contains("line &lt;b&gt;one&lt;/b&gt;"))
        #expect(html.contains("<title>Supervisor tail of process &lt;script&gt;</title>"))
        #expect(html.contains("tail.html?processname=%3Cscript%3E&amp;limit=1024"))
    }
}
