/// `supervisorctl -h`: Supervisor's module docstring with `%s` replaced by the program name as invoked, followed
/// by a list of exit statuses (STYLE.md §4: executables document them; Supervisor's text does not).
enum UsageText {
    /// Supervisor 4.3's text, byte for byte (`supervisor/supervisorctl.py`), including its `--history-file`
    /// spelling: the option is really `--history_file`, and `--history-file` is rejected, as in Supervisor.
    static func supervisorText(progname: String) -> String {
        """
        supervisorctl -- control applications run by supervisord from the cmd line.

        Usage: \(progname) [options] [action [arguments]]

        Options:
        -c/--configuration FILENAME -- configuration file path (searches if not given)
        -h/--help -- print usage message and exit
        -i/--interactive -- start an interactive shell after executing commands
        -s/--serverurl URL -- URL on which supervisord server is listening
             (default "http://localhost:9001").
        -u/--username USERNAME -- username to use for authentication with server
        -p/--password PASSWORD -- password to use for authentication with server
        -r/--history-file -- keep a readline history (if readline is available)

        action [arguments] -- see below

        Actions are commands like "tail" or "stop".  If -i is specified or no action is
        specified on the command line, a "shell" interpreting actions typed
        interactively is started.  Use the action "help" to find out about available
        actions.

        """
    }

    /// The exit statuses, appended to Supervisor's text.
    static let exitStatuses = """
        Exit status (of an action given on the command line; the interactive shell always exits 0):
          0  success
          1  error (bad arguments to most actions, unknown action, XML-RPC fault, connection error)
          2  bad command-line option or configuration file; 'start' without a name or with an unknown group
          3  'status': a listed process is STOPPED, EXITED, FATAL or UNKNOWN;
             otherwise: supervisord lacks the [rpcinterface:supervisor] API
          4  'status': unknown name or no connection; otherwise: connection refused
          5  supervisord speaks another API version
          7  a process is not running (spawn error, abnormal termination, not running, pid 0),
             or the unix socket file does not exist

        """

    /// What `-h` prints: Supervisor's text with the blank line Supervisor adds after it, then the exit statuses.
    static func help(progname: String) -> String {
        supervisorText(progname: progname) + "\n" + exitStatuses + "\n"
    }
}
