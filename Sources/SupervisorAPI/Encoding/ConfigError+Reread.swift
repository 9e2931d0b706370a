import SupervisorConfig

extension ConfigError {
    /// The text after `CANT_REREAD: `: Supervisor's message, and for errors in what it reads through
    /// `processes_from_section` (the process options of `[program:x]`, `[eventlistener:x]`, `[fcgi-program:x]`;
    /// not their group-level options) its suffix ` in section 'program:x' (file: '/etc/supervisord.conf')`. Our
    /// line numbers and hints are left out here, since supervisorctl prints the text verbatim and people compare
    /// it with Supervisor's. An error Supervisor's reread never gives has no such text: it is described in full.
    var rereadMessage: String {
        if foundWhenServersOpen || inOptionBeyondSupervisor { return description }
        guard inProcessesOfSection, let section else { return message }
        let file = location?.file ?? ""
        return "\(message) in section \(Self.pythonRepr(section)) (file: \(Self.pythonRepr(file)))"
    }

    /// Python's `repr(str)` for ordinary text: single quotes, or double quotes when the text has a single quote
    /// and no double quote; backslashes and the chosen quote escaped.
    static func pythonRepr(_ text: String) -> String {
        let quote: Character = text.contains("'") && !text.contains("\"") ? "\"" : "'"
        var out = String(quote)
        for c in text {
            switch c {
            case "\\": out += "\\\\"
            case quote: out += "\\\(quote)"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default: out.append(c)
            }
        }
        out.append(quote)
        return out
    }
}
