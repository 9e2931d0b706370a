import ArgumentParser
import SupervisorConfig

/// `supervisord`'s command line: Supervisor 4.3's flags, plus `--check-config`.
struct SupervisordCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "supervisord",
        abstract: "Run a set of programs as daemons (swift-supervisor, compatible with Supervisor \(SupervisorVersion.string)).",
        discussion: """
            Without -c, the configuration is searched for in ../etc/supervisord.conf and ../supervisord.conf \
            (relative to this executable), supervisord.conf, etc/supervisord.conf, /etc/supervisord.conf and \
            /etc/supervisor/supervisord.conf.

            Exit status: 0 on a normal shutdown or a valid --check-config; 2 for a usage or configuration error \
            (the message names the file, line, section and option); 1 if the daemon fails after starting.
            """
    )

    @Option(name: [.customShort("c", allowingJoined: true), .customLong("configuration")],
            help: ArgumentHelp("Configuration file path.", valueName: "FILE"))
    var configuration: String?

    @Flag(name: [.customShort("n"), .customLong("nodaemon")], help: "Run in the foreground.")
    var nodaemon = false

    @Flag(name: [.customShort("s"), .customLong("silent")], help: "With -n, do not echo the log to stdout.")
    var silent = false

    @Flag(name: [.customShort("v"), .customLong("version")], help: "Print the version and exit.")
    var version = false

    @Option(name: [.customShort("u", allowingJoined: true), .customLong("user")],
            help: ArgumentHelp("Run as this user (or numeric uid).", valueName: "USER"))
    var user: String?

    @Option(name: [.customShort("m", allowingJoined: true), .customLong("umask")],
            help: ArgumentHelp("Umask of the daemon once daemonized (default 022).", valueName: "UMASK"))
    var umask: String?

    @Option(name: [.customShort("d", allowingJoined: true), .customLong("directory")],
            help: ArgumentHelp("Directory to chdir to when daemonized.", valueName: "DIRECTORY"))
    var directory: String?

    @Option(name: [.customShort("l", allowingJoined: true), .customLong("logfile")],
            help: ArgumentHelp("Log file path.", valueName: "FILENAME"))
    var logfile: String?

    @Option(name: [.customShort("y", allowingJoined: true), .customLong("logfile_maxbytes")],
            help: ArgumentHelp("Rotate the log past this size (e.g. 50MB).", valueName: "BYTES"))
    var logfileMaxBytes: String?

    @Option(name: [.customShort("z", allowingJoined: true), .customLong("logfile_backups")],
            help: ArgumentHelp("Rotated logs to keep.", valueName: "NUM"))
    var logfileBackups: String?

    @Option(name: [.customShort("e", allowingJoined: true), .customLong("loglevel")],
            help: ArgumentHelp("critical, error, warn, info, debug, trace or blather.", valueName: "LEVEL"))
    var loglevel: String?

    @Option(name: [.customShort("j", allowingJoined: true), .customLong("pidfile")],
            help: ArgumentHelp("Pid file path.", valueName: "FILENAME"))
    var pidfile: String?

    @Option(name: [.customShort("i", allowingJoined: true), .customLong("identifier")],
            help: ArgumentHelp("Identifier of this supervisor in the API.", valueName: "STR"))
    var identifier: String?

    @Option(name: [.customShort("q", allowingJoined: true), .customLong("childlogdir")],
            help: ArgumentHelp("Directory for AUTO child log files.", valueName: "DIRECTORY"))
    var childlogdir: String?

    @Flag(name: [.customShort("k"), .customLong("nocleanup")], help: "Keep old AUTO child logs at startup.")
    var nocleanup = false

    @Option(name: [.customShort("a", allowingJoined: true), .customLong("minfds")],
            help: ArgumentHelp("Minimum number of file descriptors to start.", valueName: "NUM"))
    var minfds: String?

    @Option(name: .customLong("minprocs"),
            help: ArgumentHelp("Minimum number of processes to start.", valueName: "NUM"))
    var minprocs: String?

    @Flag(name: [.customShort("t"), .customLong("strip_ansi")], help: "Strip ANSI escape sequences from child logs.")
    var stripAnsi = false

    @Option(name: .customLong("profile_options"), help: ArgumentHelp(visibility: .hidden))
    var profileOptions: String?

    @Flag(name: .customLong("check-config"),
          help: "Read and validate the whole configuration, print every process as GROUP:PROCESS, and exit.")
    var checkConfig = false

    /// The overrides in the form the config layer validates, each with the flag spelling for messages.
    var overrides: SupervisordOverrides {
        var o = SupervisordOverrides()
        o.nodaemon = nodaemon
        o.silent = silent
        o.nocleanup = nocleanup
        o.stripAnsi = stripAnsi
        func value(_ text: String?, _ flag: String) -> SupervisordOverrides.Value? {
            text.map { SupervisordOverrides.Value($0, flag: flag) }
        }
        o.user = value(user, "-u")
        o.umask = value(umask, "-m")
        o.directory = value(directory, "-d")
        o.logfile = value(logfile, "-l")
        o.logfileMaxBytes = value(logfileMaxBytes, "-y")
        o.logfileBackups = value(logfileBackups, "-z")
        o.logLevel = value(loglevel, "-e")
        o.pidfile = value(pidfile, "-j")
        o.identifier = value(identifier, "-i")
        o.childlogdir = value(childlogdir, "-q")
        o.minfds = value(minfds, "-a")
        o.minprocs = value(minprocs, "--minprocs")
        return o
    }
}
