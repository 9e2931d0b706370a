/// `status.json`: what the status page's script polls to stay live. Hand-written JSON, every string escaped.
struct StatusJSON: Sendable {
    var rows: [ProcessRow]
    var supervisorState: String
    var identification: String

    func render() -> String {
        var json = "{\"supervisor\":{\"state\":\(HTMLEscaping.jsonString(supervisorState)),"
        json += "\"identification\":\(HTMLEscaping.jsonString(identification))},\"processes\":["
        json += rows.map(Self.encode).joined(separator: ",")
        json += "]}"
        return json
    }

    static func encode(_ row: ProcessRow) -> String {
        var fields: [String] = []
        func add(_ name: String, _ value: String) { fields.append("\"\(name)\":\(value)") }
        add("group", HTMLEscaping.jsonString(row.group))
        add("name", HTMLEscaping.jsonString(row.name))
        add("namespec", HTMLEscaping.jsonString(row.namespec))
        add("state", String(row.state))
        add("statename", HTMLEscaping.jsonString(row.stateName))
        add("cssclass", HTMLEscaping.jsonString(row.cssClass))
        add("description", HTMLEscaping.jsonString(row.description))
        add("pid", String(row.pid))
        add("uptime", row.uptime.map { HTMLEscaping.jsonString(StatusPage.formatDuration($0)) } ?? "null")
        add("exitstatus", row.shownExitStatus.map(String.init) ?? "null")
        add("actions", "[" + row.actions.map { HTMLEscaping.jsonString($0.rawValue) }.joined(separator: ",") + "]")
        return "{" + fields.joined(separator: ",") + "}"
    }
}
