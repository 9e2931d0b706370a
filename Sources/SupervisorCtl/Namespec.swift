/// Supervisor's `make_namespec` and `split_namespec` (`supervisor/options.py`).
enum Namespec {
    /// `name` when the process is named like its group, else `group:name`. A nil process name prints as `None`,
    /// as Python's `%s` does (seen in `clear g:*` errors: `g:None: ERROR (no such process)`).
    static func make(group: String, process: String?) -> String {
        if group == process { return group }
        return "\(group):\(process ?? "None")"
    }

    /// Splits at the first `:`; `g:` and `g:*` mean the whole group (process nil); a name without `:` is a
    /// process in the group of the same name.
    static func split(_ namespec: String) -> (group: String, process: String?) {
        guard let colon = namespec.firstIndex(of: ":") else { return (namespec, namespec) }
        let group = String(namespec[..<colon])
        let process = String(namespec[namespec.index(after: colon)...])
        return (group, process.isEmpty || process == "*" ? nil : process)
    }
}
