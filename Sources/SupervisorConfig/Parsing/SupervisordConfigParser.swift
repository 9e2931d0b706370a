/// Reads `supervisord`'s configuration: the main file, its `[include]`d files, and every section, into a
/// `SupervisorConfiguration`, exactly as Supervisor 4.3's `ServerOptions.read_config` does (`spec/config.md`).
///
/// Pure apart from the `ConfigContext` it is given: no sockets, logs or pid files are touched, so it serves both
/// the daemon's startup and `--check-config`, and tests run it on strings with an in-memory file system.
public struct SupervisordConfigParser {
    public let context: ConfigContext

    /// The rpcinterface factory that provides the `supervisor` namespace.
    public static let mainRPCInterfaceFactory = "supervisor.rpcinterface:make_main_rpcinterface"
    /// The only event listener result handler there is.
    public static let defaultResultHandler = "supervisor.dispatchers:default_handler"

    public init(context: ConfigContext) {
        self.context = context
    }

    /// Reads and validates the configuration at `path` (relative to the current directory), applying the
    /// command-line overrides on top of the `[supervisord]` section.
    ///
    /// - Throws: `ConfigError` naming the file, line, section and option of the first problem found, in the order
    ///   Supervisor checks them.
    public func parse(path: String, overrides: SupervisordOverrides = SupervisordOverrides()) throws(ConfigError)
        -> SupervisorConfiguration
    {
        let absolute = Path.normalize(Path.absolute(path, from: context.currentDirectory))
        let here = Path.dirname(absolute)
        guard context.fileSystem.exists(absolute) else {
            throw ConfigError("could not find config file \(path)", hint: "check the -c path")
        }
        var messages: [ConfigMessage] = []
        var doc = IniDocument()
        try read(absolute, shownAs: path, into: &doc, failure: "could not read config file \(path)")

        var envExpansions: [String: ExpansionValue] = [:]
        for (k, v) in context.environment { envExpansions["ENV_\(k)"] = .string(v) }

        var included: [String] = []
        if doc.hasSection("include") {
            doc.replaceHere(with: here)
            included = try readIncludes(&doc, base: here, env: envExpansions, messages: &messages)
        }
        guard doc.hasSection("supervisord") else {
            throw ConfigError(
                ".ini file does not include supervisord section", location: SourceLocation(file: path, line: 1),
                hint: "add a [supervisord] section")
        }

        var supervisordReader = SectionReader(
            doc: doc, section: "supervisord", context: context, expansions: envExpansions.merging(["here": .string(here)]) { $1 })
        var options = try readSupervisordSection(&supervisordReader)
        for (k, v) in options.environment { envExpansions["ENV_\(k)"] = .string(v) }
        try overrides.apply(to: &options, context: context)
        if options.logfile != "syslog" { options.logfile = context.normalizePath(options.logfile) }
        options.pidfile = context.normalizePath(options.pidfile)
        if let user = options.user {
            let record = try supervisordReader.converting(overrides.user == nil ? "user" : nil) {
                () throws(ConfigError) in try Datatypes.userID(user, context.users)
            }
            options.uid = record.uid
            options.gid = record.gid
        }

        let (rpcInterfaces, rpcInterfaceExtra) = try readRPCInterfaces(doc, env: envExpansions, messages: &messages)
        var groupParser = ProcessGroupsParser(
            doc: doc, context: context, here: here, mainFile: path, envExpansions: envExpansions)
        var groups = try groupParser.parse()
        messages += groupParser.messages
        for g in groups.indices {
            for p in groups[g].processes.indices {
                groups[g].processes[p].environment = options.environment.merging(
                    groups[g].processes[p].environment) { $1 }
                groups[g].processes[p].environmentFiles.insert(contentsOf: options.environmentFiles, at: 0)
            }
        }
        let servers = try HTTPServerSectionsParser(doc: doc, context: context, here: here, env: envExpansions).parse()
        // Supervisor makes its rpcinterfaces only for an HTTP server, and refuses to start when the factory
        // rejects the section's other options (after every other check of the file).
        if !servers.isEmpty, let rpcInterfaceExtra { throw rpcInterfaceExtra }
        if !servers.isEmpty, !rpcInterfaces.contains(where: { $0.name == "supervisor" }) {
            messages.append(ConfigMessage(
                .warning,
                "No [rpcinterface:supervisor] section in \(path); serving the supervisor XML-RPC namespace anyway "
                    + "(Supervisor 4.3 would not, and supervisorctl would fail against it)"))
        }
        return SupervisorConfiguration(
            configFile: path, here: here, supervisord: options, httpServers: servers, groups: groups,
            rpcInterfaces: rpcInterfaces, includedFiles: included, messages: messages)
    }

    // MARK: - Files

    private func read(_ absolute: String, shownAs name: String, into doc: inout IniDocument, failure: String)
        throws(ConfigError)
    {
        let bytes: [UInt8]
        do {
            bytes = try context.fileSystem.readFile(absolute)
        } catch {
            throw ConfigError("\(failure): \(error.reason)", location: nil, hint: nil)
        }
        let text = try Self.decodeText(bytes, file: name, failure: failure)
        try doc.read(text: text, file: name)
    }

    /// Config files are UTF-8 text; anything else (a binary, a NUL-filled file) is refused with the first bad
    /// line named, where Python would crash with a traceback.
    static func decodeText(_ bytes: [UInt8], file: String, failure: String) throws(ConfigError) -> String {
        guard let bad = firstInvalidOffset(bytes) else { return String(decoding: bytes, as: UTF8.self) }
        let line = 1 + bytes[..<bad].reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
        throw ConfigError(
            "\(failure): it is not UTF-8 text (byte \(bad))", location: SourceLocation(file: file, line: line),
            hint: "a configuration file must be UTF-8 text without NUL bytes")
    }

    /// The offset of the first byte that is NUL or not part of a valid UTF-8 sequence, nil if there is none.
    static func firstInvalidOffset(_ bytes: [UInt8]) -> Int? {
        var i = 0
        while i < bytes.count {
            let b = bytes[i]
            if b == 0 { return i }
            if b < 0x80 { i += 1; continue }
            let length: Int
            var minimum: UInt32
            switch b {
            case 0xC2...0xDF: length = 2; minimum = 0x80
            case 0xE0...0xEF: length = 3; minimum = 0x800
            case 0xF0...0xF4: length = 4; minimum = 0x10000
            default: return i
            }
            guard i + length <= bytes.count else { return i }
            var scalar = UInt32(b) & (0xFF >> (length + 1))
            for j in 1..<length {
                let c = bytes[i + j]
                guard c & 0xC0 == 0x80 else { return i }
                scalar = scalar << 6 | UInt32(c & 0x3F)
            }
            if scalar < minimum || scalar > 0x10FFFF || (0xD800...0xDFFF).contains(scalar) { return i }
            i += length
        }
        return nil
    }

    private func readIncludes(
        _ doc: inout IniDocument, base: String, env: [String: ExpansionValue], messages: inout [ConfigMessage]
    ) throws(ConfigError) -> [String] {
        let reader = SectionReader(
            doc: doc, section: "include", context: context,
            expansions: env.merging(["here": .string(base), "host_node_name": .string(context.hostName)]) { $1 })
        guard let rawFiles = doc.value("include", "files")?.text else {
            throw reader.sectionError(
                ".ini file has [include] section, but no files setting", hint: "add files = conf.d/*.conf")
        }
        let files = try reader.expandText(rawFiles, key: "files", as: "include.files")
        var included: [String] = []
        for pattern in files.split(whereSeparator: { PythonText.isSpace($0) }) {
            let joined = Path.join(base, String(pattern))
            let matches = context.fileSystem.glob(joined)
            if matches.isEmpty {
                messages.append(ConfigMessage(.warning, "No file matches via include \"\(joined)\""))
                continue
            }
            for file in matches.sorted(by: { $0.unicodeScalars.lexicographicallyPrecedes($1.unicodeScalars) }) {
                messages.append(ConfigMessage(.info, "Included extra file \"\(file)\" during parsing"))
                let bytes: [UInt8]
                do {
                    bytes = try context.fileSystem.readFile(file)
                } catch {
                    // Supervisor skips an included file it cannot open without a word; we say so.
                    messages.append(ConfigMessage(.warning, "Could not read included file \"\(file)\": \(error.reason)"))
                    continue
                }
                let text = try Self.decodeText(bytes, file: file, failure: "could not read included file \(file)")
                try doc.read(text: text, file: file)
                doc.replaceHere(with: Path.dirname(Path.normalize(Path.absolute(file, from: context.currentDirectory))))
                included.append(file)
            }
        }
        return included
    }

    // MARK: - [supervisord]

    private func readSupervisordSection(_ r: inout SectionReader) throws(ConfigError) -> SupervisordOptions {
        var o = SupervisordOptions()
        o.minfds = try r.value("minfds", default: "1024", Datatypes.integer)
        o.minprocs = try r.value("minprocs", default: "200", Datatypes.integer)
        o.directory = try r.optionalValue("directory") { (v) throws(ConfigError) in
            try Datatypes.existingDirectory(v, context)
        }
        o.user = try r.string("user", default: nil)
        o.umask = try r.value("umask", default: "022", Datatypes.octal)
        o.logfile = try r.value("logfile", default: "supervisord.log") { (v) throws(ConfigError) in
            try Datatypes.existingDirpath(v, context)
        }
        o.logfileMaxBytes = try r.value("logfile_maxbytes", default: "50MB", Datatypes.byteSize)
        o.logfileBackups = try r.value("logfile_backups", default: "10", Datatypes.integer)
        o.logLevel = try r.value("loglevel", default: "info", Datatypes.logLevel)
        o.pidfile = try r.value("pidfile", default: "supervisord.pid") { (v) throws(ConfigError) in
            try Datatypes.existingDirpath(v, context)
        }
        o.identifier = try r.string("identifier", default: "supervisor") ?? "supervisor"
        o.nodaemon = try r.value("nodaemon", default: "false", Datatypes.boolean)
        o.silent = try r.value("silent", default: "false", Datatypes.boolean)
        o.childlogdir = try r.value("childlogdir", default: context.tempDirectory) { (v) throws(ConfigError) in
            try Datatypes.existingDirectory(v, context)
        }
        o.nocleanup = try r.value("nocleanup", default: "false", Datatypes.boolean)
        o.stripAnsi = try r.value("strip_ansi", default: "false", Datatypes.boolean)
        // Expanded twice, as Supervisor does: once when read, once more here.
        let environment = try r.string("environment", default: "") ?? ""
        let twice = try r.expandText(environment, key: "environment", as: "environment")
        o.environment = try r.converting("environment") { () throws(ConfigError) in
            try EnvironmentPairs.dictionary(twice)
        }
        o.environmentFiles = try EnvironmentFileParser.files(r)
        return o
    }

    // MARK: - [rpcinterface:x]

    /// The `[rpcinterface:x]` sections in file order: the ones naming the main factory are served; Python
    /// plugins are reported and skipped. Also returns the error for the first other option of a served section
    /// (Supervisor passes it to `make_main_rpcinterface` as a keyword argument, which that factory does not take).
    private func readRPCInterfaces(
        _ doc: IniDocument, env: [String: ExpansionValue], messages: inout [ConfigMessage]
    ) throws(ConfigError) -> (interfaces: [RPCInterfaceConfig], firstExtra: ConfigError?) {
        let factoryKey = "supervisor.rpcinterface_factory"
        var result: [RPCInterfaceConfig] = []
        var firstExtra: ConfigError?
        for section in doc.sections where section.hasPrefix("rpcinterface:") {
            let name = String(section.dropFirst("rpcinterface:".count))
            let r = SectionReader(doc: doc, section: section, context: context, expansions: env)
            guard let factory = try r.string(factoryKey, default: nil) else {
                throw r.sectionError(
                    "section [\(section)] does not specify a \(factoryKey)", option: factoryKey,
                    hint: "use \(factoryKey) = \(Self.mainRPCInterfaceFactory)")
            }
            guard factory == Self.mainRPCInterfaceFactory else {
                messages.append(ConfigMessage(
                    .warning,
                    "[\(section)] names the rpcinterface factory \(factory), which is a Python plugin; it is not "
                        + "supported and the '\(name)' namespace will not be served"))
                continue
            }
            // Expanded as Supervisor does (an expansion error comes first), though no value is used.
            for key in doc.keys(section) where key != factoryKey {
                _ = try r.string(key, default: nil)
                if firstExtra == nil {
                    var error = r.sectionError(
                        "Could not make \(name) rpc interface", option: key,
                        hint: "make_main_rpcinterface() got an unexpected keyword argument '\(key)': "
                            + "\(factoryKey) is the only option of this section")
                    error.foundWhenServersOpen = true
                    firstExtra = error
                }
            }
            result.append(RPCInterfaceConfig(name: name, factory: factory))
        }
        return (result, firstExtra)
    }
}
