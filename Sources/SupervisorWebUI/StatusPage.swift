/// The status page (`/`, `index.html`): Supervisor's status table, with its classes, link texts and query strings,
/// plus pid, uptime and exit status columns, group rows with group actions, and the script that keeps it live.
/// Without JavaScript it is a complete page whose links work as Supervisor's do.
struct StatusPage: Sendable {
    var rows: [ProcessRow]
    var message: String?
    var supervisorState: String
    var identification: String
    var version: String

    func render() -> String {
        var html = PageChrome.head(title: "Supervisor Status", script: "scripts/status.js", bodyClass: "status-page")
        html += PageChrome.header(identification: identification, state: supervisorState)
        html += "<main id=\"content\">\n"
        if let message {
            html +=
                "<div class=\"status_msg\" id=\"statusmessage\" role=\"status\">\(HTMLEscaping.escape(message))</div>\n"
        } else {
            html += "<div class=\"hidden\" id=\"statusmessage\" role=\"status\"></div>\n"
        }
        html += """
            <form action="index.html" method="post">
            <ul class="clr" id="buttons">
            <li class="action-button"><a href="index.html?action=refresh" data-action="refresh">Refresh</a></li>
            <li class="action-button"><a href="index.html?action=restartall" data-action="restartall">Restart All</a></li>
            <li class="action-button"><a href="index.html?action=stopall" data-action="stopall">Stop All</a></li>
            </ul>

            """
        if rows.isEmpty {
            html += "<p id=\"statustable\">No programs to manage</p>\n"
        } else {
            html += """
                <table cellspacing="0" id="statustable">
                <thead><tr><th class="state">State</th><th class="desc">Description</th><th class="name">Name</th>\
                <th class="pid">Pid</th><th class="uptime">Uptime</th><th class="exit">Exit</th>\
                <th class="action">Action</th></tr></thead>
                <tbody id="tbody">

                """
            var shaded = false
            for (group, members) in Self.grouped(rows) {
                if Self.needsGroupRow(group: group, members: members) { html += groupRow(group, members: members) }
                for row in members {
                    html += processRow(row, shaded: shaded)
                    shaded.toggle()
                }
            }
            html += "</tbody>\n</table>\n"
        }
        html += "</form>\n</main>\n"
        html += PageChrome.footer(version: version)
        return html
    }

    /// Rows in order, split by group (the order is the API's: groups, then processes, lexical).
    static func grouped(_ rows: [ProcessRow]) -> [(String, [ProcessRow])] {
        var groups: [(String, [ProcessRow])] = []
        for row in rows {
            if let last = groups.indices.last, groups[last].0 == row.group {
                groups[last].1.append(row)
            } else {
                groups.append((row.group, [row]))
            }
        }
        return groups
    }

    /// A group gets its own row (with group actions) unless it is a single program's implicit group.
    static func needsGroupRow(group: String, members: [ProcessRow]) -> Bool {
        !(members.count == 1 && members[0].name == group)
    }

    private func groupRow(_ group: String, members: [ProcessRow]) -> String {
        let quoted = URLQuoting.quote(group)
        let running = members.filter { $0.state == ProcessStateCode.running }.count
        var html = "<tr class=\"group-row\" data-group=\"\(HTMLEscaping.escape(group))\"><th colspan=\"7\">"
        html += "<span class=\"group-name\">\(HTMLEscaping.escape(group))</span> "
        html += "<span class=\"group-count\">\(running)/\(members.count) running</span>"
        html += "<ul class=\"group-actions\">"
        for action in GroupAction.allCases {
            let title = Self.groupActionTitle(action)
            html += "<li><a href=\"index.html?processname=\(quoted)&amp;action=\(action.rawValue)\" "
            html +=
                "data-action=\"\(action.rawValue)\" data-namespec=\"\(HTMLEscaping.escape(group))\">\(title)</a></li>"
        }
        html += "</ul></th></tr>\n"
        return html
    }

    static func groupActionTitle(_ action: GroupAction) -> String {
        switch action {
        case .startgroup: "Start group"
        case .stopgroup: "Stop group"
        case .restartgroup: "Restart group"
        }
    }

    private func processRow(_ row: ProcessRow, shaded: Bool) -> String {
        let namespec = row.namespec
        let escaped = HTMLEscaping.escape(namespec)
        let quoted = URLQuoting.quote(namespec)
        var html = "<tr class=\"\(shaded ? "shade" : "")\" data-namespec=\"\(escaped)\">"
        html +=
            "<td class=\"status\"><span class=\"\(row.cssClass)\">\(HTMLEscaping.escape(row.stateName.lowercased()))</span></td>"
        html += "<td class=\"desc\"><span>\(HTMLEscaping.escape(row.description))</span></td>"
        html += "<td class=\"name\"><a href=\"tail.html?processname=\(quoted)\">\(escaped)</a></td>"
        html += "<td class=\"pid\">\(row.pid != 0 ? String(row.pid) : "")</td>"
        html += "<td class=\"uptime\">\(row.uptime.map(Self.formatDuration) ?? "")</td>"
        html += "<td class=\"exit\">\(row.shownExitStatus.map(String.init) ?? "")</td>"
        html += "<td class=\"action\"><ul>"
        for action in row.actions + [.clearlog] {
            html += "<li><a href=\"index.html?processname=\(quoted)&amp;action=\(action.rawValue)\" "
            html += "name=\"\(action.title)\" data-action=\"\(action.rawValue)\" data-namespec=\"\(escaped)\">"
            html += "\(action.title)</a></li>"
        }
        html += "<li><a href=\"logtail/\(quoted)\" name=\"Tail -f Stdout\" target=\"_blank\">Tail -f Stdout</a></li>"
        html +=
            "<li><a href=\"logtail/\(quoted)/stderr\" name=\"Tail -f Stderr\" target=\"_blank\">Tail -f Stderr</a></li>"
        html += "</ul></td></tr>\n"
        return html
    }

    /// `1:02:03`, `2 days, 0:00:05` (Python's `timedelta` text, as Supervisor's descriptions use).
    static func formatDuration(_ seconds: Int) -> String {
        let days = seconds / 86400
        let rest = seconds % 86400
        let clock = "\(rest / 3600):\(twoDigits(rest % 3600 / 60)):\(twoDigits(rest % 60))"
        guard days > 0 else { return clock }
        return "\(days) day\(days == 1 ? "" : "s"), \(clock)"
    }

    private static func twoDigits(_ n: Int) -> String { n < 10 ? "0\(n)" : String(n) }
}
