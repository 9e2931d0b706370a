/// Builds the process groups from `[group:x]`, `[program:x]`, `[eventlistener:x]` and `[fcgi-program:x]`
/// sections, in Supervisor's order of checks (`process_groups_from_parser`), then sorts them by (priority, name) and
/// resolves the `depends_on` names against all of them.
struct ProcessGroupsParser {
    let doc: IniDocument
    let context: ConfigContext
    let here: String
    let mainFile: String
    let envExpansions: [String: ExpansionValue]
    private(set) var messages: [ConfigMessage] = []

    init(doc: IniDocument, context: ConfigContext, here: String, mainFile: String,
         envExpansions: [String: ExpansionValue]) {
        self.doc = doc
        self.context = context
        self.here = here
        self.mainFile = mainFile
        self.envExpansions = envExpansions
    }

    private func reader(_ section: String) -> SectionReader {
        SectionReader(doc: doc, section: section, context: context,
                      expansions: envExpansions.merging(["here": .string(here)]) { $1 })
    }

    mutating func parse() throws(ConfigError) -> [ProcessGroupConfig] {
        var groups: [ProcessGroupConfig] = []
        var inHeterogeneousGroup: Set<String> = []

        for section in doc.sections where section.hasPrefix("group:") {
            let r = reader(section)
            let groupName = try r.converting(nil) { () throws(ConfigError) in
                try Datatypes.name(String(section.dropFirst("group:".count)))
            }
            let programs = Datatypes.listOfStrings(try r.string("programs", default: "") ?? "")
            let priority = try r.value("priority", default: "999", Datatypes.integer)
            if programs.isEmpty {
                messages.append(ConfigMessage(.warning, "[\(section)] lists no programs; the group is empty"))
            }
            var members: [ProcessConfig] = []
            for program in programs {
                let programSection = "program:\(program)"
                let fcgiSection = "fcgi-program:\(program)"
                let hasProgram = doc.hasSection(programSection)
                let hasFCGI = doc.hasSection(fcgiSection)
                if !hasProgram && !hasFCGI {
                    throw r.sectionError(
                        "[\(section)] names unknown program or fcgi-program \(program)", option: "programs",
                        hint: "each name must have a [program:NAME] or [fcgi-program:NAME] section")
                }
                if hasProgram && hasFCGI {
                    throw r.sectionError(
                        "[\(section)] name \(program) is ambiguous (exists as program and fcgi-program)",
                        option: "programs")
                }
                let member = hasProgram ? programSection : fcgiSection
                inHeterogeneousGroup.insert(member)
                members += try processes(of: member, groupName: groupName)
            }
            groups.append(ProcessGroupConfig(name: groupName, priority: priority, kind: .heterogeneous,
                                             processes: members))
        }

        for section in doc.sections where section.hasPrefix("program:") && !inHeterogeneousGroup.contains(section) {
            let r = reader(section)
            let name = try r.converting(nil) { () throws(ConfigError) in
                try Datatypes.name(String(section.dropFirst("program:".count)))
            }
            let priority = try r.value("priority", default: "999", Datatypes.integer)
            groups.append(ProcessGroupConfig(
                name: name, priority: priority, kind: .program, processes: try processes(of: section, groupName: name)))
        }

        for section in doc.sections where section.hasPrefix("eventlistener:") {
            groups.append(try eventListenerPool(section))
        }

        for section in doc.sections where section.hasPrefix("fcgi-program:") && !inHeterogeneousGroup.contains(section) {
            groups.append(try fastCGIGroup(section))
        }

        groups = Self.sorted(groups) { ($0.priority, $0.name) }
        var seen: Set<String> = []
        var active: [ProcessGroupConfig] = []
        for group in groups {
            if seen.insert(group.name).inserted {
                active.append(group)
            } else {
                messages.append(ConfigMessage(
                    .warning, "More than one section defines the group '\(group.name)'; only the first is used"))
            }
        }
        try DependencyResolver(doc: doc).resolve(&active)
        return active
    }

    /// Python's stable sort by (priority, name), names compared by code point.
    static func sorted<T>(_ items: [T], by key: (T) -> (Int, String)) -> [T] {
        items.enumerated().sorted { a, b in
            let (pa, na) = key(a.element)
            let (pb, nb) = key(b.element)
            if pa != pb { return pa < pb }
            if na != nb { return na.unicodeScalars.lexicographicallyPrecedes(nb.unicodeScalars) }
            return a.offset < b.offset
        }.map(\.element)
    }

    // MARK: - [eventlistener:x]

    private mutating func eventListenerPool(_ section: String) throws(ConfigError) -> ProcessGroupConfig {
        let r = reader(section)
        let poolName = String(section.dropFirst("eventlistener:".count))
        let priority = try r.value("priority", default: "-1", Datatypes.integer)
        let bufferSize = try r.value("buffer_size", default: "10", Datatypes.integer)
        if bufferSize < 1 {
            throw r.sectionError(
                "[\(section)] section sets invalid buffer_size (\(bufferSize))", option: "buffer_size",
                hint: "expected 1 or more")
        }
        let handler = try r.string("result_handler", default: SupervisordConfigParser.defaultResultHandler)
            ?? SupervisordConfigParser.defaultResultHandler
        guard handler == SupervisordConfigParser.defaultResultHandler else {
            throw r.sectionError(
                "\(handler) cannot be resolved within [\(section)]", option: "result_handler",
                hint: "only \(SupervisordConfigParser.defaultResultHandler) is available")
        }
        var events: [EventTypeName] = []
        for name in Datatypes.listOfStrings(try r.string("events", default: "") ?? "").map({ $0.uppercased() }) {
            guard let type = EventTypeName(rawValue: name) else {
                throw r.sectionError(
                    "Unknown event type \(name) in [\(section)] events", option: "events",
                    hint: "known types: " + EventTypeName.allCases.map(\.rawValue).joined(separator: ", "))
            }
            if !events.contains(type) { events.append(type) }
        }
        if events.isEmpty {
            throw r.sectionError(
                "[\(section)] section requires an \"events\" line", option: "events",
                hint: "e.g. events = PROCESS_STATE")
        }
        if try r.value("redirect_stderr", default: "false", Datatypes.boolean) {
            throw r.sectionError(
                "[\(section)] section sets redirect_stderr=true but this is not allowed because it will interfere "
                    + "with the eventlistener protocol", option: "redirect_stderr")
        }
        let options = EventListenerPoolOptions(bufferSize: bufferSize, events: events, resultHandler: handler)
        return ProcessGroupConfig(
            name: poolName, priority: priority, kind: .eventListenerPool(options),
            processes: try processes(of: section, groupName: poolName))
    }

    // MARK: - [fcgi-program:x]

    private mutating func fastCGIGroup(_ section: String) throws(ConfigError) -> ProcessGroupConfig {
        var r = reader(section)
        let name = try r.converting(nil) { () throws(ConfigError) in
            try Datatypes.name(String(section.dropFirst("fcgi-program:".count)))
        }
        let priority = try r.value("priority", default: "999", Datatypes.integer)
        let procUser = try r.optionalValue("user") { (v) throws(ConfigError) in try Datatypes.userID(v, context.users) }
        let backlog = try r.optionalValue("socket_backlog") { (v) throws(ConfigError) in
            let n = try Datatypes.integer(v)
            guard (1...65535).contains(n) else {
                throw ConfigError("Invalid socket_backlog value \(n)", hint: "expected 1 to 65535")
            }
            return n
        }
        let owner = try r.optionalValue("socket_owner") { (v) throws(ConfigError) in
            do {
                return try Datatypes.userAndGroup(v, context.users)
            } catch {
                throw ConfigError("Invalid socket_owner value \(v)", hint: "expected user or user:group that exist")
            }
        }
        let mode = try r.optionalValue("socket_mode") { (v) throws(ConfigError) in
            do {
                return try Datatypes.octal(v)
            } catch {
                throw ConfigError("Invalid socket_mode value \(v)", hint: "expected an octal mode such as 0700")
            }
        }
        r.expansions["program_name"] = .string(name)
        guard let socket = try r.string("socket", default: nil), !socket.isEmpty else {
            throw r.sectionError(
                "[\(section)] section requires a \"socket\" line", option: "socket",
                hint: "e.g. socket = unix:///var/run/app.sock or tcp://127.0.0.1:9000")
        }
        let address: FastCGISocket.Address
        if socket.hasPrefix("unix://") {
            let path = String(socket.dropFirst("unix://".count))
            guard Path.isAbsolute(path) else {
                throw r.sectionError("Unix socket path \(path) is not an absolute path in [\(section)] socket",
                                     option: "socket")
            }
            var socketOwner = owner
            if socketOwner == nil, let user = procUser, user.uid != context.effectiveUID {
                socketOwner = Ownership(uid: user.uid, gid: user.gid)
            }
            address = .unix(path: context.normalizePath(path), mode: mode ?? 0o700, owner: socketOwner)
        } else {
            if owner != nil || mode != nil {
                throw r.sectionError(
                    "socket_owner and socket_mode params should only be used with a Unix domain socket in "
                        + "[\(section)] socket", option: "socket")
            }
            guard let tcp = Self.tcpAddress(socket) else {
                throw r.sectionError("Bad socket format \(socket) in [\(section)] socket", option: "socket",
                                     hint: "expected unix:///absolute/path or tcp://host:port")
            }
            address = .tcp(host: tcp.host.lowercased(), port: tcp.port)
        }
        return ProcessGroupConfig(
            name: name, priority: priority, kind: .fastCGI(FastCGISocket(address: address, backlog: backlog)),
            processes: try processes(of: section, groupName: name))
    }

    /// `tcp://HOST:PORT` with a port from 1 to 65535: Supervisor's `tcp://([^\s:]+):(\d+)$`, and beyond it (where
    /// Supervisor refuses the config) `*` or an empty host for every IPv4 interface and an IPv6 literal in brackets
    /// (`tcp://[::1]:9000`), kept as written.
    static func tcpAddress(_ s: String) -> (host: String, port: Int)? {
        guard s.hasPrefix("tcp://") else { return nil }
        let rest = s.dropFirst("tcp://".count)
        let host: Substring
        let afterHost: Substring
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { return nil }
            host = rest[...close]
            let literal = rest[rest.index(after: rest.startIndex)..<close]
            guard !literal.isEmpty, literal.allSatisfy({ $0.isHexDigit || $0 == ":" || $0 == "." }) else { return nil }
            afterHost = rest[rest.index(after: close)...]
        } else {
            guard let colon = rest.firstIndex(of: ":") else { return nil }
            host = rest[..<colon]
            afterHost = rest[colon...]
        }
        guard afterHost.hasPrefix(":") else { return nil }
        let port = afterHost.dropFirst()
        guard !host.contains(where: { PythonText.isSpace($0) }), !port.isEmpty,
              port.allSatisfy({ $0.isASCII && $0.isNumber }), let n = Int(port), (1...65535).contains(n)
        else { return nil }
        return (String(host), n)
    }

    // MARK: - Processes

    private mutating func processes(of section: String, groupName: String) throws(ConfigError) -> [ProcessConfig] {
        var parser = ProcessSectionParser(
            doc: doc, context: context, section: section, groupName: groupName, here: here,
            envExpansions: envExpansions)
        let result: [ProcessConfig]
        do throws(ConfigError) {
            result = try parser.parse()
        } catch {
            var marked = error
            marked.inProcessesOfSection = true
            throw marked
        }
        for m in parser.messages where !messages.contains(m) { messages.append(m) }
        return result
    }
}
