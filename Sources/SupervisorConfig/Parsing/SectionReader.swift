/// Reads the options of one section: looks a key up (with `[DEFAULT]` fallback), applies `%`-expansion with the
/// names allowed there, converts it, and attaches the file, line, section and option to any error.
struct SectionReader {
    let doc: IniDocument
    let section: String
    let context: ConfigContext
    /// The names `%(...)s` may use in this section.
    var expansions: [String: ExpansionValue]

    /// Where the section header is, for errors about the section as a whole.
    var headerLocation: SourceLocation? { doc.sectionLocations[section] }

    func location(of key: String) -> SourceLocation? {
        doc.value(section, key)?.location ?? headerLocation
    }

    /// The text of `key`, or `defaultValue` when absent; expanded unless `expand` is false.
    func string(_ key: String, default defaultValue: String?, expand: Bool = true) throws(ConfigError) -> String? {
        guard let raw = doc.value(section, key)?.text ?? defaultValue else { return nil }
        guard expand else { return raw }
        return try expandText(raw, key: key, as: "\(section).\(key)")
    }

    /// `%`-expands `text` as the value of `key`, naming it `name` in errors (Supervisor uses both
    /// `section.option` and bare option names there).
    func expandText(_ text: String, key: String, as name: String) throws(ConfigError) -> String {
        do {
            return try PercentExpansion.expand(text, expansions, name: name)
        } catch {
            throw error.at(location(of: key), section: section, option: key)
        }
    }

    /// The converted value of `key`, or of `defaultValue` when absent.
    func value<T>(
        _ key: String, default defaultValue: String, expand: Bool = true,
        _ convert: (String) throws(ConfigError) -> T
    ) throws(ConfigError) -> T {
        let text = try string(key, default: defaultValue, expand: expand) ?? defaultValue
        return try converting(key) { () throws(ConfigError) in try convert(text) }
    }

    /// The converted value of `key`, or nil when absent.
    func optionalValue<T>(_ key: String, _ convert: (String) throws(ConfigError) -> T) throws(ConfigError) -> T? {
        guard let text = try string(key, default: nil) else { return nil }
        return try converting(key) { () throws(ConfigError) in try convert(text) }
    }

    /// Runs `body`, attaching this section and `key` to its error.
    func converting<T>(_ key: String?, _ body: () throws(ConfigError) -> T) throws(ConfigError) -> T {
        do {
            return try body()
        } catch {
            throw error.at(key.map { location(of: $0) } ?? headerLocation, section: section, option: key)
        }
    }

    /// An error about the section as a whole (a missing required key, a bad combination).
    func sectionError(_ message: String, option: String? = nil, hint: String? = nil) -> ConfigError {
        ConfigError(message, location: option.map { location(of: $0) } ?? headerLocation, section: section,
                    option: option, hint: hint)
    }
}
