/// Reads `environment_file = PATH[, PATH...]` (in `[program:x]` and `[supervisord]`) into `EnvironmentFileRef`s.
/// The files themselves are read at spawn time (`DotEnv`), so a rotated secret is picked up by a restart.
enum EnvironmentFileParser {
    static let key = "environment_file"

    /// The files `r`'s section names; empty when it has no `environment_file`.
    static func files(_ r: SectionReader) throws(ConfigError) -> [EnvironmentFileRef] {
        do throws(ConfigError) {
            return try r.optionalValue(key) { (v) throws(ConfigError) in try list(v, r.context) } ?? []
        } catch {
            var marked = error
            marked.inOptionBeyondSupervisor = true
            throw marked
        }
    }

    /// Comma-separated paths; a leading `-` makes one optional. Relative paths are taken from the daemon's working
    /// directory and `~` is expanded, as for log files.
    static func list(_ value: String, _ context: ConfigContext) throws(ConfigError) -> [EnvironmentFileRef] {
        let hint = "expected PATH[, PATH...], a leading - marks a file that may be missing"
        var result: [EnvironmentFileRef] = []
        for entry in Datatypes.listOfStrings(value) {
            var path = Substring(entry)
            let optional = path.first == "-"
            if optional { path = PythonText.strip(path.dropFirst()) }
            guard !path.isEmpty else {
                throw ConfigError("empty path in environment_file '\(PythonText.strip(value))'", hint: hint)
            }
            result.append(EnvironmentFileRef(path: context.normalizePath(String(path)), optional: optional))
        }
        return result
    }
}
