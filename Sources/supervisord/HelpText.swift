import SupervisorConfig

/// What `supervisord -h`, `--help` and `-?` print (to stdout, exit status 0): Supervisor's usage layout, one
/// `-x/--long ARG -- what it does` line per option, which tools and Supervisor's own end-to-end tests match on
/// (the first line, and `-l/--logfile FILENAME -- use FILENAME as ...`).
enum HelpText {
    /// The arguments that ask for help; `-?` as in Supervisor (its issue 1251).
    static func isHelpRequest(_ argument: String) -> Bool {
        ["-h", "--help", "-?"].contains(argument)
    }

    static func text(argv0: String) -> String {
        """
        supervisord -- run a set of applications as daemons.

        Usage: \(argv0) [options]

        Options:
        -c/--configuration FILENAME -- the configuration file (searched for when not given:
                                       ../etc/supervisord.conf and ../supervisord.conf next to
                                       this program, then supervisord.conf, etc/supervisord.conf,
                                       /etc/supervisord.conf, /etc/supervisor/supervisord.conf)
        -n/--nodaemon -- stay in the foreground (as nodaemon=true in the file)
        -s/--silent -- with -n, do not copy the log to stdout (as silent=true)
        -h/--help -- print this text and exit (also -?)
        -v/--version -- print the Supervisor version we implement and exit
        -u/--user USER -- switch to this user (name or numeric uid) after startup
        -m/--umask UMASK -- umask of the daemon and its programs (octal, default 022)
        -d/--directory DIRECTORY -- directory to change to when daemonizing
        -l/--logfile FILENAME -- use FILENAME as log file path (or 'syslog')
        -y/--logfile_maxbytes BYTES -- rotate the log when it reaches BYTES (e.g. 50MB; 0: never)
        -z/--logfile_backups NUM -- rotated log files to keep
        -e/--loglevel LEVEL -- critical, error, warn, info, debug, trace or blather
        -j/--pidfile FILENAME -- write the daemon's pid to FILENAME
        -i/--identifier STR -- the name of this supervisord in the API and in events
        -q/--childlogdir DIRECTORY -- where AUTO child log files go
        -k/--nocleanup -- keep old AUTO child log files at startup
        -a/--minfds NUM -- file descriptors that must be available to start
        -t/--strip_ansi -- remove ANSI escape sequences from child output
        --minprocs NUM -- processes that must be available to start
        --profile_options OPTIONS -- accepted for compatibility; ignored (no Python profiler here)
        --check-config -- read and check the whole configuration, print every process as
                          GROUP:PROCESS, and exit (0 when valid, 2 when not)

        Exit status: 0 after a normal shutdown or a valid --check-config; 2 for a usage or
        configuration error (the message names the file, line, section and option); 1 when
        the daemon fails after starting.
        swift-supervisor, compatible with Supervisor \(SupervisorVersion.string).

        """
    }
}
