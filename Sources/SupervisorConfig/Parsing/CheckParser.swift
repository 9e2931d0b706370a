/// Reads the readiness, health and dependency keys of one process (`ready_check`, `health_check`, `depends_on` and
/// their options) into `ProcessChecks`; nil when the section uses none of them, so such a process is configured
/// exactly as Supervisor 4.3 configures it. Values are `%`-expanded like the section's other strings.
///
/// `depends_on` names are only split here; `DependencyResolver` finds their processes once every group is read.
enum CheckParser {
    static let readinessKeys = ["ready_check", "ready_timeout", "ready_interval", "watchdog_sec"]
    static let healthKeys = [
        "health_check", "health_interval", "health_timeout", "health_start_period", "health_retries", "health_action",
    ]
    static let dependencyKey = "depends_on"

    static let probeForms = "tcp://HOST:PORT, http://HOST[:PORT][/PATH] or exec:COMMAND ARGS"
    static let readyForms =
        "tcp://HOST:PORT, http://HOST[:PORT][/PATH], exec:COMMAND ARGS, log:REGEX or notify"

    /// The checks of the process `r` reads (its `%(process_num)d` and `%(ENV_X)s` names already set).
    static func checks(_ r: SectionReader) throws(ConfigError) -> ProcessChecks? {
        do throws(ConfigError) {
            return try parseChecks(r)
        } catch {
            var marked = error
            marked.inOptionBeyondSupervisor = true
            throw marked
        }
    }

    private static func parseChecks(_ r: SectionReader) throws(ConfigError) -> ProcessChecks? {
        let readiness = try readinessOptions(r)
        let health = try healthOptions(r)
        let dependencies = try r.optionalValue(dependencyKey, dependencyList) ?? []
        if readiness == nil && health == nil && dependencies.isEmpty { return nil }
        return ProcessChecks(readiness: readiness, health: health, dependencies: dependencies)
    }

    // MARK: - Keys

    private static func readinessOptions(_ r: SectionReader) throws(ConfigError) -> ReadinessOptions? {
        guard let check = try r.optionalValue("ready_check", readyCheck) else {
            try refuseOrphans(readinessKeys.dropFirst(), r, needing: "ready_check")
            return nil
        }
        var options = ReadinessOptions(check: check)
        options.timeout = try r.value("ready_timeout", default: "60") { (v) throws(ConfigError) in try seconds(v) }
        options.interval = try r.value("ready_interval", default: "0.5") { (v) throws(ConfigError) in try seconds(v) }
        options.watchdogSeconds = try r.optionalValue("watchdog_sec") { (v) throws(ConfigError) in try seconds(v) }
        if options.watchdogSeconds != nil && check != .notify {
            throw r.sectionError(
                "watchdog_sec needs ready_check = notify (the program's WATCHDOG=1 messages arrive over "
                    + "sd_notify)", option: "watchdog_sec", hint: "set ready_check = notify or remove watchdog_sec")
        }
        return options
    }

    private static func healthOptions(_ r: SectionReader) throws(ConfigError) -> HealthOptions? {
        guard let check = try r.optionalValue("health_check", { (v) throws(ConfigError) in
            try probe(v, key: "health_check")
        }) else {
            try refuseOrphans(healthKeys.dropFirst(), r, needing: "health_check")
            return nil
        }
        var options = HealthOptions(check: check)
        options.interval = try r.value("health_interval", default: "10") { (v) throws(ConfigError) in try seconds(v) }
        options.timeout = try r.value("health_timeout", default: "5") { (v) throws(ConfigError) in try seconds(v) }
        options.startPeriod = try r.value("health_start_period", default: "0") { (v) throws(ConfigError) in
            try seconds(v, zeroAllowed: true)
        }
        options.retries = try r.value("health_retries", default: "3") { (v) throws(ConfigError) in
            let n = try Datatypes.integer(v)
            guard n >= 1 else {
                throw ConfigError("health_retries must be 1 or more, not \(n)", hint: "expected a whole number >= 1")
            }
            return n
        }
        options.action = try r.value("health_action", default: "restart") { (v) throws(ConfigError) in
            guard let action = HealthAction(rawValue: PythonText.strip(v).lowercased()) else {
                throw ConfigError(
                    "invalid health_action '\(v)'",
                    hint: "expected " + HealthAction.allCases.map(\.rawValue).joined(separator: ", "))
            }
            return action
        }
        return options
    }

    /// An option of a check that is not there is a mistake (a typo in the check's key, or a forgotten check).
    private static func refuseOrphans(
        _ keys: ArraySlice<String>, _ r: SectionReader, needing check: String
    ) throws(ConfigError) {
        for key in keys where r.doc.value(r.section, key) != nil {
            throw r.sectionError("\(key) is set but \(check) is not", option: key,
                                 hint: "add \(check) = CHECK or remove \(key)")
        }
    }

    // MARK: - Values

    /// `ready_check`: a probe, `log:REGEX` or `notify`.
    static func readyCheck(_ value: String) throws(ConfigError) -> ReadyCheck {
        let text = PythonText.strip(value)
        if text == "notify" { return .notify }
        if text.hasPrefix("log:") {
            let pattern = String(text.dropFirst("log:".count))
            guard !pattern.isEmpty else {
                throw ConfigError("log: needs a regular expression", hint: "e.g. log:listening on port \\d+")
            }
            do {
                _ = try Regex(pattern)
            } catch {
                throw ConfigError("invalid regular expression '\(pattern)': \(error)",
                                  hint: "Swift Regex syntax, e.g. log:ready to accept connections")
            }
            return .log(pattern: pattern)
        }
        return .probe(try probe(text, key: "ready_check"))
    }

    /// A polled check: `tcp://`, `http://`, `https://` or `exec:`. `key` names the option in the messages.
    static func probe(_ value: String, key: String) throws(ConfigError) -> ProbeCheck {
        let text = PythonText.strip(value)
        let forms = key == "ready_check" ? readyForms : probeForms
        if text.hasPrefix("tcp://") {
            return try tcp(text)
        }
        if text.hasPrefix("http://") || text.hasPrefix("https://") {
            return .http(try http(text))
        }
        if text.hasPrefix("exec:") {
            let words: [String]
            do throws(ShellSplit.Failure) {
                words = try ShellSplit.split(String(text.dropFirst("exec:".count)))
            } catch {
                throw ConfigError("can't parse command in '\(text)': \(error.detail)",
                                  hint: "words are split as command= is split; check the quotes")
            }
            guard !words.isEmpty else {
                throw ConfigError("exec: needs a command", hint: "e.g. exec:pg_isready -h 127.0.0.1")
            }
            guard !words.contains(where: \.isEmpty) else {
                throw ConfigError("empty word in '\(text)'", hint: "remove the empty quotes")
            }
            return .exec(arguments: words)
        }
        if key == "health_check" && (text == "notify" || text.hasPrefix("log:")) {
            throw ConfigError("\(text.hasPrefix("log:") ? "log:" : "notify") cannot be a health_check",
                              hint: "a health check is polled: expected \(forms)")
        }
        throw ConfigError("invalid \(key) '\(text)'", hint: "expected \(forms)")
    }

    /// `tcp://HOST:PORT` or `tcp://[IPV6]:PORT`.
    private static func tcp(_ text: String) throws(ConfigError) -> ProbeCheck {
        let hint = "expected tcp://HOST:PORT or tcp://[IPV6]:PORT with a port from 1 to 65535"
        let rest = Substring(text.dropFirst("tcp://".count))
        guard let (host, port, tail) = hostAndPort(rest), let port, tail.isEmpty else {
            throw ConfigError("invalid tcp check '\(text)'", hint: hint)
        }
        return .tcp(host: host, port: port)
    }

    /// `http://HOST[:PORT][/PATH[?QUERY]]` or `https://...`.
    private static func http(_ text: String) throws(ConfigError) -> HTTPCheck {
        let secure = text.hasPrefix("https://")
        if secure {
            // No TLS client in the daemon (docs/stack-probes.md); an accepted key must have its effect.
            throw ConfigError("https checks are not supported: '\(text)'",
                              hint: "use tcp://HOST:443, or exec:curl -fsS \(text)")
        }
        let hint = "expected \(secure ? "https" : "http")://HOST[:PORT][/PATH[?QUERY]] with a port from 1 to 65535"
        let rest = Substring(text.dropFirst(secure ? "https://".count : "http://".count))
        guard let (host, port, tail) = hostAndPort(rest), tail.isEmpty || tail.first == "/" || tail.first == "?",
              !tail.contains(where: { $0.isWhitespace || $0 == "#" })
        else {
            throw ConfigError("invalid http check '\(text)'", hint: hint)
        }
        let path = tail.isEmpty ? "/" : tail.first == "?" ? "/" + tail : String(tail)
        return HTTPCheck(secure: secure, host: host, port: port ?? (secure ? 443 : 80), path: path, url: text)
    }

    /// HOST (non-empty, no `:`, `/`, `?`, `#`, `@` or whitespace) or `[IPV6]`, then an optional `:PORT`, then the
    /// rest. The port is nil when absent; nil as a whole when the host or port is malformed.
    private static func hostAndPort(_ s: Substring) -> (host: String, port: Int?, rest: Substring)? {
        let host: Substring
        var rest: Substring
        if s.first == "[" {
            guard let close = s.firstIndex(of: "]") else { return nil }
            host = s[s.index(after: s.startIndex)..<close]
            guard host.contains(":"), host.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            rest = s[s.index(after: close)...]
        } else {
            let end = s.firstIndex { $0 == ":" || $0 == "/" || $0 == "?" || $0 == "#" } ?? s.endIndex
            host = s[..<end]
            guard !host.isEmpty, !host.contains(where: { $0.isWhitespace || $0 == "@" || $0 == "[" || $0 == "]" })
            else { return nil }
            rest = s[end...]
        }
        guard rest.first == ":" else { return (String(host), nil, rest) }
        rest = rest.dropFirst()
        let digits = rest.prefix { $0.isASCII && $0.isNumber }
        guard !digits.isEmpty, digits.count <= 5, let port = Int(digits), (1...65535).contains(port) else { return nil }
        return (String(host), port, rest[digits.endIndex...])
    }

    /// Seconds: a plain decimal number (`60`, `0.5`, `.25`), more than zero unless `zeroAllowed`.
    static func seconds(_ value: String, zeroAllowed: Bool = false) throws(ConfigError) -> Double {
        let text = PythonText.strip(value)
        let hint = zeroAllowed ? "expected seconds, 0 or more, such as 0, 2 or 1.5"
            : "expected seconds, more than 0, such as 2 or 0.5"
        guard text.contains(where: { $0.isASCII && $0.isNumber }),
              text.allSatisfy({ ($0.isASCII && $0.isNumber) || $0 == "." }),
              text.filter({ $0 == "." }).count <= 1, let n = Double(text), n.isFinite
        else {
            throw ConfigError("not a number of seconds: '\(value)'", hint: hint)
        }
        guard n > 0 || (zeroAllowed && n == 0) else {
            throw ConfigError("\(text) seconds is too short", hint: hint)
        }
        return n
    }

    /// `depends_on = NAME[:CONDITION], ...`; the processes are filled in later by `DependencyResolver`.
    static func dependencyList(_ value: String) throws(ConfigError) -> [Dependency] {
        var result: [Dependency] = []
        for entry in Datatypes.listOfStrings(value) where !entry.isEmpty {
            var parts = entry.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            var condition = DependencyCondition.ready
            if parts.count > 1, let c = DependencyCondition(rawValue: parts[parts.count - 1]) {
                condition = c
                parts.removeLast()
            }
            guard parts.count <= 2, parts.allSatisfy({ !$0.isEmpty && !$0.contains(where: \.isWhitespace) }) else {
                throw ConfigError(
                    "invalid depends_on entry '\(entry)'",
                    hint: "expected NAME, GROUP:PROCESS or either followed by :ready, :started or :completed, "
                        + "separated by commas")
            }
            result.append(Dependency(name: parts.joined(separator: ":"), condition: condition, processes: []))
        }
        return result
    }
}
