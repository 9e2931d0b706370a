import SupervisorConfig

/// `supervisorctl`'s settings after the command line and the `[supervisorctl]` section are merged (Supervisor's
/// `ClientOptions`): command-line values win over the file, the file over the defaults.
public struct CtlOptions: Equatable, Sendable {
    /// `argv[0]` as invoked, used in usage messages.
    public var progname: String
    /// The config file read, if any (`-c`, or the first of the search path that exists).
    public var configFile: String?
    /// True for the shell, and with `-i`: `shutdown` and `reload` ask for confirmation, and a 401 prompts for
    /// credentials.
    public var interactive: Bool
    /// `unix:///path` or `http://host:port`.
    public var serverURL: String
    public var username: String?
    public var password: String?
    /// The prompt without its `> `.
    public var prompt: String
    /// Where the shell keeps its history: `-r`, else `[supervisorctl] history_file`.
    public var historyFile: String?
    /// The action and its arguments; empty starts the shell.
    public var arguments: [String]
    /// `[ctlplugin:x]` sections, which name Python code and cannot be loaded.
    public var ignoredPlugins: [String]

    /// Defaults, as with no command-line options and no config file.
    public init(progname: String = "supervisorctl") {
        self.progname = progname
        configFile = nil
        interactive = false
        serverURL = "http://localhost:9001"
        username = nil
        password = nil
        prompt = "supervisor"
        historyFile = nil
        arguments = []
        ignoredPlugins = []
    }
}

/// What the command line asks for.
public enum CtlInvocation: Equatable, Sendable {
    /// Run the action in ``CtlOptions/arguments``, or the shell when there is none.
    case run(CtlOptions)
    /// `-h`: print this text to standard output and exit 0.
    case help(String)
    /// A bad option or config file: print `Error: <message>` and `For help, use <progname> -h` to standard error and
    /// exit 2.
    case usageError(String)
}

/// Turns `supervisorctl`'s arguments into ``CtlOptions`` the way Supervisor's `ClientOptions.realize` does.
public struct CtlOptionsParser {
    /// Where config files are looked up and read.
    public var context: ConfigContext

    public init(context: ConfigContext) {
        self.context = context
    }

    private static let getopt = Getopt(
        shortOptions: "h?c:is:u:p:r:",
        longOptions: ["help", "configuration=", "interactive", "serverurl=", "username=", "password=", "history_file="]
    )

    /// Parses `arguments` (without the program name).
    ///
    /// Options are handled in order, so `-h` wins only over what follows it; giving `-c`, `-s`, `-u`, `-p`, `-r` or
    /// `-i` twice is an error (`conflicting command line option '-u'`), as in Supervisor.
    public func realize(_ arguments: [String], progname: String) -> CtlInvocation {
        var options = CtlOptions(progname: progname)
        let parsed: (options: [Getopt.Option], rest: [String])
        do {
            parsed = try Self.getopt.parse(arguments)
        } catch {
            return .usageError(error.message)
        }
        var seen = Set<String>()
        var configFile: String?
        var serverURL: String?
        var history: String?
        for option in parsed.options {
            let key: String
            switch option.name {
            case "-h", "-?", "--help":
                return .help(UsageText.help(progname: progname))
            case "-c", "--configuration": key = "configfile"
            case "-i", "--interactive": key = "interactive"
            case "-s", "--serverurl":
                if let problem = URLText.validate(option.argument) {
                    return .usageError("invalid value for \(option.name) \(PythonText.repr(option.argument)): \(problem)")
                }
                key = "serverurl"
            case "-u", "--username": key = "username"
            case "-p", "--password": key = "password"
            default: key = "history"
            }
            guard seen.insert(key).inserted else {
                return .usageError("conflicting command line option \(PythonText.repr(option.name))")
            }
            switch key {
            case "configfile": configFile = option.argument
            case "interactive": options.interactive = true
            case "serverurl": serverURL = option.argument
            case "username": options.username = option.argument
            case "password": options.password = option.argument
            default: history = option.argument
            }
        }
        options.arguments = parsed.rest
        options.configFile = configFile ?? ConfigSearchPath.find(argv0: progname, in: context)

        var section = SupervisorctlOptions()
        // `-c ''` reads no file: Supervisor tests the name for truth before reading.
        if let file = options.configFile, !file.isEmpty {
            do {
                section = try SupervisorctlConfigParser(context: context).parse(path: file)
            } catch {
                // Supervisor's message names the file only, without the system's reason.
                let unreadable = "could not read config file \(file)"
                return .usageError(error.message.hasPrefix(unreadable) ? unreadable : error.message)
            }
        }
        options.serverURL = serverURL ?? section.serverURL
        options.username = options.username ?? section.username
        options.password = options.password ?? section.password
        options.prompt = section.prompt
        // Supervisor stores -r in an attribute its shell never reads, so only the file's history_file works there;
        // here -r works too (a documented improvement).
        options.historyFile = history ?? section.historyFile
        options.ignoredPlugins = section.unsupportedPlugins
        if options.arguments.isEmpty { options.interactive = true }
        return .run(options)
    }
}
