/// The `[supervisorctl]` section, as `supervisorctl` reads it (it ignores `[include]`).
public struct SupervisorctlOptions: Equatable, Sendable {
    /// `unix:///abs/path` or `http://host:port`.
    public var serverURL = "http://localhost:9001"
    public var username: String?
    public var password: String?
    /// Shown as `<prompt>> `.
    public var prompt = "supervisor"
    /// Absolute path of the readline history file, if any.
    public var historyFile: String?
    /// `[ctlplugin:x]` sections found; Python plugins cannot be loaded, so they are reported, not used.
    public var unsupportedPlugins: [String] = []

    public init() {}
}

/// Reads a config file the way `supervisorctl` does (`ClientOptions.read_config`).
public struct SupervisorctlConfigParser {
    public let context: ConfigContext

    public init(context: ConfigContext) {
        self.context = context
    }

    /// - Throws: `ConfigError` for a missing or unreadable file, a syntax error, or a file without
    ///   `[supervisorctl]` (`.ini file does not include supervisorctl section`).
    public func parse(path: String) throws(ConfigError) -> SupervisorctlOptions {
        let absolute = context.normalizePath(path)
        let here = Path.dirname(absolute)
        guard context.fileSystem.exists(absolute) else { throw ConfigError("could not find config file \(path)") }
        let bytes: [UInt8]
        do {
            bytes = try context.fileSystem.readFile(absolute)
        } catch {
            throw ConfigError("could not read config file \(path): \(error.reason)")
        }
        let text = try SupervisordConfigParser.decodeText(bytes, file: path, failure: "could not read config file \(path)")
        var doc = IniDocument()
        try doc.read(text: text, file: path)
        guard doc.hasSection("supervisorctl") else {
            throw ConfigError(".ini file does not include supervisorctl section", location: SourceLocation(file: path, line: 1),
                              hint: "add a [supervisorctl] section with serverurl = ...")
        }
        var env: [String: ExpansionValue] = [:]
        for (k, v) in context.environment { env["ENV_\(k)"] = .string(v) }
        var r = SectionReader(doc: doc, section: "supervisorctl", context: context, expansions: env)
        var o = SupervisorctlOptions()
        r.expansions["here"] = .string(here)
        var url = try r.string("serverurl", default: o.serverURL) ?? o.serverURL
        if url.hasPrefix("unix://") { url = "unix://" + context.normalizePath(String(url.dropFirst(7))) }
        o.serverURL = url
        let history = try r.string("history_file", default: nil)
        r.expansions["here"] = nil
        o.prompt = try r.string("prompt", default: o.prompt) ?? o.prompt
        o.username = try r.string("username", default: nil)
        o.password = try r.string("password", default: nil)
        if let history, !history.isEmpty { o.historyFile = context.normalizePath(history) }
        for section in doc.sections where section.hasPrefix("ctlplugin:") {
            let factoryKey = "supervisor.ctl_factory"
            let pr = SectionReader(doc: doc, section: section, context: context, expansions: env)
            guard try pr.string(factoryKey, default: nil) != nil else {
                throw pr.sectionError("section [\(section)] does not specify a \(factoryKey)", option: factoryKey)
            }
            o.unsupportedPlugins.append(section)
        }
        return o
    }
}
