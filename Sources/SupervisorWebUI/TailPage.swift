/// `tail.html?processname=NAME[&limit=N]`: Supervisor's tail page (the last `max(N, 1024)` bytes of the process's
/// stdout log, its messages for a missing name or file, a Refresh link), and our live log view on top of it: the
/// script streams `/logtail/NAME[/stderr]` as it is written, with a search filter and a pause button.
struct TailPage: Sendable {
    /// nil when the request named no process.
    var processname: String?
    /// The text Supervisor's page shows: the log's tail, or its message.
    var tail: String
    /// The byte count for the Refresh link.
    var limit: Int
    var supervisorState: String
    var identification: String
    var version: String

    func render() -> String {
        var html = PageChrome.head(
            title: "Supervisor tail of process \(processname ?? "None")",
            script: "scripts/tail.js",
            bodyClass: "tail-page"
        )
        html += PageChrome.header(identification: identification, state: supervisorState)
        html += "<main id=\"content\">\n"
        if let processname {
            let escaped = HTMLEscaping.escape(processname)
            html += """
                <div class="tail-toolbar" id="tail-toolbar" data-namespec="\(escaped)">
                <h1 class="tail-title">\(escaped)</h1>
                <div class="channel-switch" role="group" aria-label="Channel">
                <button type="button" data-channel="stdout" class="selected">stdout</button>
                <button type="button" data-channel="stderr">stderr</button>
                </div>
                <input type="search" id="tail-search" placeholder="Search" aria-label="Search the log">
                <button type="button" id="tail-pause">Pause</button>
                <span class="tail-status" id="tail-status"></span>
                </div>

                """
        }
        html += "<pre id=\"tailbody\">\(HTMLEscaping.escape(tail))</pre>\n"
        if let processname {
            let href = "tail.html?processname=\(URLQuoting.quote(processname))&limit=\(limit)"
            html += """
                <div class="tail-links"><a href="\(HTMLEscaping.escape(href))" id="refresh_anchor" class="button">\
                Refresh</a> <a href="index.html" class="button">Back to status</a></div>

                """
        }
        html += "</main>\n"
        html += PageChrome.footer(version: version)
        return html
    }
}
