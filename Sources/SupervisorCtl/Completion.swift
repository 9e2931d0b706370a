/// Tab completion as Supervisor's `Controller.complete` computes it (spec `ctl.md` §5): command names for the
/// first word, group names after `add`, `remove` and `update`, process names after the commands that take them.
/// Every candidate ends with a space.
enum Completion {
    /// The candidates for `text` (the word being completed) in the whole `line`.
    /// - Parameter processes: `getAllProcessInfo`, fetched only when a name is completed; an error yields no
    ///   candidates, as readline ignores a failing completer.
    static func candidates(text: String, line: String, processes: () throws -> [ProcessInfo]) -> [String] {
        let words = PythonText.split(line)
        guard let action = words.first else { return actions(text) }
        if words.count == 1 && !line.hasSuffix(" ") { return actions(text) }
        // Supervisor writes `action in ('help')`, a substring test on the string 'help'; kept as it is.
        if "help".contains(action) { return actions(text) }
        if ["add", "remove", "update"].contains(action) {
            guard let infos = try? processes() else { return [] }
            var groups: [String] = []
            for info in infos where !groups.contains(info.group) { groups.append(info.group) }
            return groups.filter { $0.hasPrefix(text) }.map { $0 + " " }
        }
        if ["clear", "fg", "pid", "restart", "signal", "start", "status", "stop", "tail"].contains(action) {
            guard let infos = try? processes() else { return [] }
            var names: [String] = []
            for info in infos {
                if text.contains(":") || info.name != info.group {
                    names.append("\(info.group):\(info.name)")
                    if !names.contains("\(info.group):*") { names.append("\(info.group):*") }
                } else {
                    names.append(info.name)
                }
            }
            return names.filter { $0.hasPrefix(text) }.map { $0 + " " }
        }
        return []
    }

    private static func actions(_ text: String) -> [String] {
        CommandTable.vocabulary.filter { $0.hasPrefix(text) }.map { $0 + " " }
    }
}
