/// Reads `[inet_http_server]` and `[unix_http_server]` sections (any section whose name starts with those words
/// makes one server, as in Supervisor), inet servers first.
struct HTTPServerSectionsParser {
    let doc: IniDocument
    let context: ConfigContext
    let here: String
    let env: [String: ExpansionValue]

    func parse() throws(ConfigError) -> [HTTPServerConfig] {
        var servers: [HTTPServerConfig] = []
        for section in doc.sections where section.hasPrefix("inet_http_server") {
            let r = SectionReader(doc: doc, section: section, context: context, expansions: env)
            let (username, password) = try credentials(r)
            guard let port = try r.string("port", default: nil) else {
                throw r.sectionError(
                    "section [\(section)] has no port value", hint: "add port = 127.0.0.1:9001")
            }
            let address = try r.converting("port") { () throws(ConfigError) in try Datatypes.inetAddress(port) }
            servers.append(HTTPServerConfig(
                section: section, transport: .inet(host: address.host, port: address.port), username: username,
                password: password))
        }
        for section in doc.sections where section.hasPrefix("unix_http_server") {
            var r = SectionReader(doc: doc, section: section, context: context, expansions: env)
            r.expansions["here"] = .string(here)
            guard let file = try r.string("file", default: nil) else {
                throw r.sectionError(
                    "section [\(section)] has no file value", hint: "add file = /var/run/supervisor.sock")
            }
            r.expansions["here"] = nil
            let path = context.normalizePath(PythonText.strip(file))
            let (username, password) = try credentials(r)
            let chown = try r.optionalValue("chown") { (v) throws(ConfigError) in
                do {
                    return try Datatypes.userAndGroup(v, context.users)
                } catch {
                    throw ConfigError("Invalid sockchown value \(v)", hint: "expected user or user:group that exist")
                }
            }
            let chmod = try r.optionalValue("chmod") { (v) throws(ConfigError) in
                do {
                    return try Datatypes.octal(v)
                } catch {
                    throw ConfigError("Invalid chmod value \(v)", hint: "expected an octal mode such as 0700")
                }
            }
            servers.append(HTTPServerConfig(
                section: section, transport: .unix(path: path, chmod: chmod ?? 0o700, chown: chown),
                username: username, password: password))
        }
        return servers
    }

    private func credentials(_ r: SectionReader) throws(ConfigError) -> (String?, String?) {
        let username = try r.string("username", default: nil)
        let password = try r.string("password", default: nil)
        if (username == nil) != (password == nil) {
            throw r.sectionError(
                "Section [\(r.section)] contains incomplete authentication: If a username or a password is "
                    + "specified, both the username and password must be specified",
                option: username == nil ? "password" : "username", hint: "set both username and password, or neither")
        }
        return (username, password)
    }
}
