/// One line of the comparison table: a supervisorctl invocation run with Python's supervisorctl and with ours
/// against the same daemon state.
struct CompatRow: Sendable {
    /// Arguments after the program name. Placeholders: `{conf}` config path, `{dir}` daemon directory, `{unix}`
    /// and `{http}` server URLs, `{refused}` a closed TCP port, `{missing}` a socket path that does not exist,
    /// `{stub:<name>}` a scripted server (see `StubServers`).
    var args: [String]
    /// Standard input; nil gives `/dev/null`.
    var stdin: String?
    /// What to establish before each of the two runs.
    var setup: [Setup]
    var masking = Masking()
    /// Send SIGINT once this holds.
    var interrupt: Interrupt?
    /// Run in the daemon's directory (for the config search path).
    var inDaemonDirectory = false
    /// A documented improvement over Supervisor 4.3: the runs may differ, but only in the way described.
    var improvement: Improvement?

    init(_ args: String, stdin: String? = nil, setup: [Setup] = [], masking: Masking = Masking(),
         interrupt: Interrupt? = nil, inDaemonDirectory: Bool = false, improvement: Improvement? = nil) {
        self.init(args: args.split(separator: " ").map(String.init), stdin: stdin, setup: setup, masking: masking,
                  interrupt: interrupt, inDaemonDirectory: inDaemonDirectory, improvement: improvement)
    }

    init(args: [String], stdin: String? = nil, setup: [Setup] = [], masking: Masking = Masking(),
         interrupt: Interrupt? = nil, inDaemonDirectory: Bool = false, improvement: Improvement? = nil) {
        self.args = args
        self.stdin = stdin
        self.setup = setup
        self.masking = masking
        self.interrupt = interrupt
        self.inDaemonDirectory = inDaemonDirectory
        self.improvement = improvement
    }

    var label: String {
        args.joined(separator: " ") + (stdin.map { " <<< " + $0.debugDescription } ?? "")
    }
}

/// A precondition, established through XML-RPC before each run.
enum Setup: Sendable {
    /// Wait until the daemon answers RUNNING, starting it again if it exited (after `shutdown`, `reload`).
    case daemonUp
    /// The usual states: echoer, web:*, cat and clearme running; sleeper, nolog and slow stopped; the base
    /// config applied.
    case baseline
    case running([String])
    case stopped([String])
    /// Apply the base config plus `applied`, then write the base config plus `written` without applying it.
    case config(applied: String, written: String)
    /// Write the base config plus `extra` and call `reloadConfig` (new groups known but not added).
    case reread(String)
    /// Stop and remove a process group (ignoring errors).
    case removed(String)
}

/// When to press Ctrl-C.
enum Interrupt: Sendable {
    /// Once standard output contains this text.
    case whenOutputContains(String)
    /// Once the process reaches this state.
    case whenState(String, String)
}

/// How ours may differ from Python's in a documented improvement.
struct Improvement: Sendable {
    /// What is better, for the table and the report.
    var description: String
    /// Given Python's and our masked outputs, true when they differ exactly as described.
    var check: @Sendable (_ python: CtlOutput, _ ours: CtlOutput) -> Bool
}
