/// Supervisor's value converters (`supervisor/datatypes.py`), one function per datatype, with its error texts.
///
/// Each throws a `ConfigError` holding Supervisor's message and a hint saying what is allowed; the caller adds the
/// file, line, section and option.
public enum Datatypes {
    static let truthy = ["yes", "true", "on", "1"]
    static let falsy = ["no", "false", "off", "0"]

    /// `integer`: Python's `int()`.
    public static func integer(_ v: String) throws(ConfigError) -> Int {
        guard let n = PythonText.int(v) else {
            throw ConfigError(PythonText.invalidIntMessage(v), hint: "expected a whole number")
        }
        return n
    }

    /// `boolean`: `true/yes/on/1` and `false/no/off/0`, any case.
    public static func boolean(_ v: String) throws(ConfigError) -> Bool {
        let s = v.lowercased()
        if truthy.contains(s) { return true }
        if falsy.contains(s) { return false }
        throw ConfigError(
            "not a valid boolean value: \(PythonText.repr(v))", hint: "expected true or false, or yes/no, on/off, 1/0")
    }

    /// `byte_size`: a whole number with an optional `KB`, `MB` or `GB` suffix (any case).
    public static func byteSize(_ v: String) throws(ConfigError) -> Int {
        let s = v.lowercased()
        let hint = "expected a number of bytes with an optional KB, MB or GB suffix, e.g. 50MB"
        for (suffix, multiplier) in [("kb", 1024), ("mb", 1024 * 1024), ("gb", 1024 * 1024 * 1024)]
        where s.hasSuffix(suffix) {
            let prefix = String(s.dropLast(2))
            guard let n = PythonText.int(prefix) else {
                throw ConfigError(PythonText.invalidIntMessage(prefix), hint: hint)
            }
            let (r, overflow) = n.multipliedReportingOverflow(by: multiplier)
            guard !overflow else { throw ConfigError("\(v) is too large", hint: hint) }
            return r
        }
        guard let n = PythonText.int(s) else { throw ConfigError(PythonText.invalidIntMessage(s), hint: hint) }
        return n
    }

    /// `octal_type`: `022`, `22` or `0o22`.
    public static func octal(_ v: String) throws(ConfigError) -> Int {
        guard let n = PythonText.int(v, radix: 8), n >= 0 else {
            throw ConfigError("\(v) can not be converted to an octal type", hint: "expected an octal number such as 022")
        }
        return n
    }

    /// `signal_number`: a signal number, or a name with or without `SIG`, any case.
    public static func signal(_ v: String) throws(ConfigError) -> Int32 {
        let hint = "expected a signal name such as TERM, HUP, INT, QUIT, KILL, USR1 or USR2, or its number"
        let number: Int
        if let n = PythonText.int(v) {
            number = n
        } else {
            var name = PythonText.strip(v).uppercased()
            if !name.hasPrefix("SIG") { name = "SIG" + name }
            guard let n = SignalTable.number(forPythonName: name) else {
                throw ConfigError("value \(PythonText.repr(v)) is not a valid signal name", hint: hint)
            }
            number = n
        }
        guard SignalTable.validNumbers.contains(number) else {
            throw ConfigError("value \(PythonText.repr(v)) is not a valid signal number", hint: hint)
        }
        return Int32(number)
    }

    /// `list_of_exitcodes`: comma-separated integers 0...255; empty means none.
    public static func exitCodes(_ v: String) throws(ConfigError) -> [Int] {
        if v.isEmpty { return [] }
        var codes: [Int] = []
        for part in v.split(separator: ",", omittingEmptySubsequences: false) {
            guard let n = PythonText.int(String(part)), (0...255).contains(n) else {
                throw ConfigError(
                    "not a valid list of exit codes: \(PythonText.repr(v))",
                    hint: "expected comma-separated numbers from 0 to 255, e.g. 0,2")
            }
            codes.append(n)
        }
        return codes
    }

    /// `auto_restart`: a boolean word or `unexpected`.
    public static func autorestart(_ v: String) throws(ConfigError) -> AutorestartPolicy {
        let s = v.lowercased()
        if truthy.contains(s) { return .always }
        if falsy.contains(s) { return .never }
        if s == "unexpected" { return .unexpected }
        throw ConfigError(
            "invalid 'autorestart' value \(PythonText.repr(s))", hint: "expected true, false or unexpected")
    }

    /// `logging_level`: Supervisor's level names.
    public static func logLevel(_ v: String) throws(ConfigError) -> LogLevelName {
        guard let level = LogLevelName(rawValue: v.lowercased()) else {
            throw ConfigError(
                "bad logging level name \(PythonText.repr(v))",
                hint: "expected critical, error, warn, info, debug, trace or blather")
        }
        return level
    }

    /// `process_or_group_name`: stripped; no space, colon or slash.
    public static func name(_ v: String) throws(ConfigError) -> String {
        let s = PythonText.strip(v)
        for c in [" ", ":", "/"] where s.contains(c) {
            throw ConfigError(
                "Invalid name: \(PythonText.repr(v)) because of character: \(PythonText.repr(c))",
                hint: "names may not contain spaces, colons or slashes")
        }
        return s
    }

    /// `list_of_strings`: comma-separated, each stripped.
    public static func listOfStrings(_ v: String) -> [String] {
        if v.isEmpty { return [] }
        return v.split(separator: ",", omittingEmptySubsequences: false).map { String(PythonText.strip($0)) }
    }

    /// `inet_address`: `port`, `host:port` or `*:port`; the host is lower-cased, `''` means all interfaces.
    public static func inetAddress(_ s: String) throws(ConfigError) -> (host: String, port: Int) {
        let hint = "expected port, host:port or *:port with a port from 1 to 65535"
        var host = ""
        let port: Int
        if let colon = s.lastIndex(of: ":") {
            host = String(s[..<colon]).lowercased()
            let portText = String(s[s.index(after: colon)...])
            guard !portText.isEmpty else {
                throw ConfigError("no port number specified in \(PythonText.repr(portText))", hint: hint)
            }
            guard let p = PythonText.int(portText) else {
                throw ConfigError(PythonText.invalidIntMessage(portText), hint: hint)
            }
            guard p >= 1 else { throw ConfigError("\(p) is below lower bound (1)", hint: hint) }
            guard p <= 65535 else { throw ConfigError("\(p) is above upper bound (65535)", hint: hint) }
            port = p
        } else {
            guard let p = PythonText.int(s), (1...65535).contains(p) else {
                throw ConfigError("not a valid port number: \(PythonText.repr(s)) ", hint: hint)
            }
            port = p
        }
        if host == "*" { host = "" }
        return (host, port)
    }

    /// `url`: Python's `urlparse` must find a scheme and a network location or path.
    public static func url(_ v: String) throws(ConfigError) -> String {
        var scheme = ""
        var rest = v[...]
        if let colon = v.firstIndex(of: ":"), colon > v.startIndex, let first = v.first, first.isASCII, first.isLetter,
            v[..<colon].allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || "+-.".contains($0)) })
        {
            scheme = String(v[..<colon])
            rest = v[v.index(after: colon)...]
        }
        var netloc = ""
        if rest.hasPrefix("//") {
            let afterSlashes = rest.dropFirst(2)
            let end = afterSlashes.firstIndex { "/?#".contains($0) } ?? afterSlashes.endIndex
            netloc = String(afterSlashes[..<end])
            rest = afterSlashes[end...]
        }
        let path = rest.prefix { $0 != "?" && $0 != "#" }
        guard !scheme.isEmpty, !netloc.isEmpty || !path.isEmpty else {
            throw ConfigError(
                "value \(PythonText.repr(v)) is not a URL",
                hint: "expected http://host:port or unix:///absolute/path/to.sock")
        }
        return v
    }

    /// `existing_directory`: `~` expanded; must be a directory.
    static func existingDirectory(_ v: String, _ context: ConfigContext) throws(ConfigError) -> String {
        let expanded = context.expandUser(v)
        let absolute = Path.absolute(expanded, from: context.currentDirectory)
        guard context.fileSystem.isDirectory(absolute) else {
            throw ConfigError("\(v) is not an existing directory", hint: "create the directory or fix the path")
        }
        return expanded
    }

    /// `existing_dirpath`: `~` expanded; the directory part, if any, must exist.
    static func existingDirpath(_ v: String, _ context: ConfigContext) throws(ConfigError) -> String {
        let expanded = context.expandUser(v)
        let dir = Path.dirname(expanded)
        if dir.isEmpty { return expanded }
        guard context.fileSystem.isDirectory(Path.absolute(dir, from: context.currentDirectory)) else {
            throw ConfigError(
                "The directory named as part of the path \(v) does not exist",
                hint: "create it with mkdir -p \(dir)")
        }
        return expanded
    }

    /// `logfile_name`: `NONE`/`OFF`, `AUTO`, `syslog`, or a path whose directory exists.
    static func logfile(_ v: String, _ context: ConfigContext) throws(ConfigError) -> ParsedLogfile {
        switch v.lowercased() {
        case "none", "off": return .none
        case "auto": return .auto
        case "syslog": return .syslog
        default: return .path(try existingDirpath(v, context))
        }
    }

    enum ParsedLogfile: Equatable {
        case none, auto, syslog
        case path(String)
    }

    /// `name_to_uid`: a user name or an existing numeric uid.
    static func userID(_ name: String, _ users: any UserDatabase) throws(ConfigError) -> UserRecord {
        let hint = "expected a user name or uid that exists on this machine"
        if let n = PythonText.int(name) {
            guard n >= 0, n <= Int(UInt32.max), let record = users.user(id: UInt32(n)) else {
                throw ConfigError("Invalid user id \(name)", hint: hint)
            }
            return record
        }
        guard let record = users.user(named: name) else { throw ConfigError("Invalid user name \(name)", hint: hint) }
        return record
    }

    /// `name_to_gid`.
    static func groupID(_ name: String, _ users: any UserDatabase) throws(ConfigError) -> UInt32 {
        if let n = PythonText.int(name) {
            guard n >= 0, n <= Int(UInt32.max), users.groupExists(id: UInt32(n)) else {
                throw ConfigError("Invalid group id \(name)")
            }
            return UInt32(n)
        }
        guard let gid = users.groupID(named: name) else { throw ConfigError("Invalid group name \(name)") }
        return gid
    }

    /// `colon_separated_user_group`: `user` or `user:group`; the group is nil when not given.
    static func userAndGroup(_ v: String, _ users: any UserDatabase) throws(ConfigError) -> Ownership {
        let parts = v.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        do {
            let user = try userID(parts[0], users)
            let gid = parts.count > 1 ? try groupID(parts[1], users) : nil
            return Ownership(uid: user.uid, gid: gid)
        } catch {
            throw ConfigError("Invalid user:group definition \(v)", hint: "expected user or user:group that exist")
        }
    }
}
