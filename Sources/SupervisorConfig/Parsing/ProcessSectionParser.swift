/// Reads one program-type section (`[program:x]`, `[eventlistener:x]`, `[fcgi-program:x]`) into one
/// `ProcessConfig` per `process_num`, following Supervisor's `_processes_from_section` step by step, because the
/// order decides which error a broken section reports and which `%`-names each option may use.
struct ProcessSectionParser {
    let doc: IniDocument
    let context: ConfigContext
    let section: String
    let groupName: String
    let here: String
    let envExpansions: [String: ExpansionValue]
    private(set) var messages: [ConfigMessage] = []

    init(doc: IniDocument, context: ConfigContext, section: String, groupName: String, here: String,
         envExpansions: [String: ExpansionValue]) {
        self.doc = doc
        self.context = context
        self.section = section
        self.groupName = groupName
        self.here = here
        self.envExpansions = envExpansions
    }

    mutating func parse() throws(ConfigError) -> [ProcessConfig] {
        let programPart = String(section.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)[1])
        var r = SectionReader(doc: doc, section: section, context: context, expansions: envExpansions)
        let programName = try r.converting(nil) { () throws(ConfigError) in try Datatypes.name(programPart) }
        let common: [String: ExpansionValue] = [
            "here": .string(here), "program_name": .string(programName),
            "host_node_name": .string(context.hostName), "group_name": .string(groupName),
        ]
        r.expansions.merge(common) { $1 }

        let priority = try r.value("priority", default: "999", Datatypes.integer)
        let autostart = try r.value("autostart", default: "true", Datatypes.boolean)
        let autorestart = try r.value("autorestart", default: "unexpected", Datatypes.autorestart)
        let startSecs = try r.value("startsecs", default: "1", Datatypes.integer)
        let startRetries = try r.value("startretries", default: "3", LifecycleParser.startRetries)
        let stopSignal = try r.value("stopsignal", default: "TERM", Datatypes.signal)
        let stopWaitSecs = try r.value("stopwaitsecs", default: "10", Datatypes.integer)
        let stopAsGroup = try r.value("stopasgroup", default: "false", Datatypes.boolean)
        let killAsGroup = try r.value("killasgroup", default: stopAsGroup ? "true" : "false", Datatypes.boolean)
        let exitCodes = try r.value("exitcodes", default: "0", Datatypes.exitCodes)
        let redirectStderr = try r.value("redirect_stderr", default: "false", Datatypes.boolean)
        let numprocs = try r.value("numprocs", default: "1", Datatypes.integer)
        let numprocsStart = try r.value("numprocs_start", default: "0", Datatypes.integer)
        let environmentText = try r.string("environment", default: "", expand: false) ?? ""
        let stdoutCapture = try r.value("stdout_capture_maxbytes", default: "0", Datatypes.byteSize)
        let stdoutEvents = try r.value("stdout_events_enabled", default: "false", Datatypes.boolean)
        let stderrCapture = try r.value("stderr_capture_maxbytes", default: "0", Datatypes.byteSize)
        let stderrEvents = try r.value("stderr_events_enabled", default: "false", Datatypes.boolean)
        var serverURL = try r.string("serverurl", default: nil)
        if let url = serverURL, PythonText.strip(url).uppercased() == "AUTO" { serverURL = nil }
        let uid = try r.optionalValue("user") { (v) throws(ConfigError) in try Datatypes.userID(v, context.users) }?.uid
        let umask = try r.optionalValue("umask", Datatypes.octal)
        let processNameTemplate = try r.value("process_name", default: "%(program_name)s", expand: false, Datatypes.name)

        if numprocs > 1, !processNameTemplate.contains("%(process_num)") {
            throw r.sectionError(
                "%(process_num) must be present within process_name when numprocs > 1", option: "process_name",
                hint: "e.g. process_name = %(program_name)s_%(process_num)02d")
        }
        if stopAsGroup && !killAsGroup {
            throw r.sectionError(
                "Cannot set stopasgroup=true and killasgroup=false", option: "killasgroup",
                hint: "remove killasgroup or set it to true")
        }
        let commandText = try rawCommand()

        var processes: [ProcessConfig] = []
        var names: [String: Int] = [:]
        guard numprocs > 0 else { return [] }
        for processNum in numprocsStart..<(numprocsStart + numprocs) {
            var p = r
            p.expansions["process_num"] = .integer(processNum)
            p.expansions["numprocs"] = .integer(numprocs)
            let environment = try p.converting("environment") { () throws(ConfigError) in
                try EnvironmentPairs.parse(try p.expandText(environmentText, key: "environment", as: "environment"))
            }
            var environmentDict: [String: String] = [:]
            for (k, v) in environment {
                environmentDict[k] = v
                p.expansions["ENV_\(k)"] = .string(v)
            }
            let directory = try p.string("directory", default: nil)
            var stdout = try logChannel("stdout", p)
            var stderr = try logChannel("stderr", p)
            stdout.captureMaxBytes = stdoutCapture
            stdout.eventsEnabled = stdoutEvents
            stderr.captureMaxBytes = stderrCapture
            stderr.eventsEnabled = stderrEvents
            if redirectStderr {
                if case .path = stderr.logfile {
                    note("For [\(section)], redirect_stderr=true but stderr_logfile has also been set to a filename, "
                        + "the filename has been ignored")
                }
                stderr.logfile = .none
            }
            guard let commandText else {
                throw r.sectionError(
                    "program section \(section) does not specify a command", option: "command",
                    hint: "add command = /path/to/program --args")
            }
            let command = try p.expandText(commandText, key: "command", as: "\(section).command")
            let name = try p.expandText(processNameTemplate, key: "process_name", as: "process_name")
            let checks = try CheckParser.checks(p)
            let restartPolicy = try LifecycleParser.restartPolicy(p)
            let shutdownOn = try LifecycleParser.shutdownTrigger(p)
            let limits = try LimitParser.limits(p)
            let environmentFiles = try EnvironmentFileParser.files(p)
            var config = ProcessConfig(
                section: section, name: name, command: command, directory: directory, umask: umask,
                priority: priority, autostart: autostart, autorestart: autorestart, startSecs: startSecs,
                startRetries: startRetries, uid: uid, stdout: stdout, stderr: stderr, stopSignal: stopSignal,
                stopWaitSecs: stopWaitSecs, stopAsGroup: stopAsGroup, killAsGroup: killAsGroup, exitCodes: exitCodes,
                redirectStderr: redirectStderr, environment: environmentDict, serverURL: serverURL, checks: checks,
                limits: limits, environmentFiles: environmentFiles)
            config.restartPolicy = restartPolicy
            config.shutdownOn = shutdownOn
            if let existing = names[name] {
                // Supervisor keeps the last process of a duplicated name; so do we, and say so.
                processes[existing] = config
                note("[\(section)] produces the process name '\(name)' more than once; the last one is used")
            } else {
                names[name] = processes.count
                processes.append(config)
            }
        }
        return ProcessGroupsParser.sorted(processes) { ($0.priority, $0.name) }
    }

    private mutating func note(_ text: String) {
        let m = ConfigMessage(.warning, text)
        if !messages.contains(m) { messages.append(m) }
    }

    /// The unexpanded `command=`, with a backslash line continuation joined as a shell joins it. Supervisor keeps
    /// the backslash and the newline, so `gunicorn ... \` + indented `-b ...` passes a stray `\n-b` argument; that is
    /// a documented improvement (`spec/improvements.md`), and we warn.
    private mutating func rawCommand() throws(ConfigError) -> String? {
        guard let value = doc.value(section, "command") else { return nil }
        let joined = Self.joinBackslashContinuations(value.text)
        if joined != value.text {
            note("For [\(section)], command= continues on the next line after a backslash; the lines were joined as "
                + "a shell joins them (Supervisor 4.3 would pass a literal newline to the program) "
                + "(\(value.location))")
        }
        return joined
    }

    /// Removes each backslash-newline pair that a POSIX shell would treat as a line continuation (outside single
    /// quotes, not itself escaped).
    static func joinBackslashContinuations(_ text: String) -> String {
        guard text.contains("\\\n") else { return text }
        var out = ""
        var inSingleQuotes = false
        var chars = text.makeIterator()
        while let c = chars.next() {
            if inSingleQuotes {
                out.append(c)
                if c == "'" { inSingleQuotes = false }
            } else if c == "'" {
                inSingleQuotes = true
                out.append(c)
            } else if c == "\\" {
                guard let next = chars.next() else {
                    out.append(c)
                    break
                }
                if next != "\n" {
                    out.append(c)
                    out.append(next)
                }
            } else {
                out.append(c)
            }
        }
        return out
    }

    /// `stdout_logfile` and its siblings for one channel; the logfile name is expanded twice, as in Supervisor.
    private mutating func logChannel(_ channel: String, _ p: SectionReader) throws(ConfigError) -> LogChannelConfig {
        let key = "\(channel)_logfile"
        var parsed = Datatypes.ParsedLogfile.auto
        if let once = try p.string(key, default: nil) {
            let twice = try p.expandText(once, key: key, as: key)
            parsed = try p.converting(key) { () throws(ConfigError) in try Datatypes.logfile(twice, context) }
        }
        let backups = try p.value("\(channel)_logfile_backups", default: "10", Datatypes.integer)
        let maxBytes = try p.value("\(channel)_logfile_maxbytes", default: "50MB", Datatypes.byteSize)
        var syslog = try p.value("\(channel)_syslog", default: "false", Datatypes.boolean)
        var target: LogfileTarget
        switch parsed {
        case .none: target = .none
        case .auto: target = .auto
        case .path(let path): target = .path(path)
        case .syslog:
            note("For [\(section)], \(key)=syslog but this is deprecated and will be removed.  Use "
                + "\(channel)_syslog=true to enable syslog instead.")
            target = .none
            syslog = true
        }
        if target == .auto && maxBytes == 0 {
            note("For [\(section)], AUTO logging used for \(key) without rollover, set maxbytes > 0 to avoid "
                + "filling up filesystem unintentionally")
        }
        return LogChannelConfig(logfile: target, maxBytes: maxBytes, backups: backups, syslog: syslog)
    }
}
