/// Signal names as Python's `signal` module spells them on Linux, which is
/// what Supervisor prints (`signame` in supervisor/options.py).
public enum SignalNames {
    /// number → name, built like Supervisor's `_init_signames`: every
    /// `SIG*` attribute of Python's signal module, the later one winning for
    /// aliases (so 6 is SIGABRT, 17 SIGCHLD, 29 SIGPOLL). 32, 33 and 35...63
    /// have no name.
    private static let namesByNumber: [Int32: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT",
        7: "SIGBUS", 8: "SIGFPE", 9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2",
        13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM", 16: "SIGSTKFLT", 17: "SIGCHLD",
        18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU",
        23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ", 26: "SIGVTALRM", 27: "SIGPROF",
        28: "SIGWINCH", 29: "SIGPOLL", 30: "SIGPWR", 31: "SIGSYS", 34: "SIGRTMIN",
        64: "SIGRTMAX",
    ]

    /// name → number for every `SIG*` attribute of Python's signal module,
    /// aliases included (SIGIOT, SIGCLD, SIGIO), which is what
    /// `datatypes.signal_number` accepts after upper-casing and adding `SIG`.
    private static let numbersByName: [String: Int32] = {
        var table: [String: Int32] = [:]
        for (number, name) in namesByNumber {
            table[name] = number
        }
        table["SIGIOT"] = 6
        table["SIGCLD"] = 17
        table["SIGIO"] = 29
        return table
    }()

    /// `SIGTERM` for 15; nil when Python has no name for the number.
    public static func name(of signal: Int32) -> String? {
        namesByNumber[signal]
    }

    /// Supervisor's `signame`: the name, or `signal N`.
    public static func signame(_ signal: Int32) -> String {
        name(of: signal) ?? "signal \(signal)"
    }

    /// The number for an exact Python attribute name such as `SIGTERM` or
    /// `SIGIOT`; nil for anything else (no case folding, no prefixing).
    public static func number(named name: String) -> Int32? {
        numbersByName[name]
    }
}
