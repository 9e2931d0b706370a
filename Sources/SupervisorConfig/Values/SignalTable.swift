/// Linux signal names and numbers as Python's `signal` module spells them, which is what Supervisor accepts for
/// `stopsignal` and prints in messages (`terminated by SIGTERM`).
public enum SignalTable {
    /// Every `SIG*` attribute of Python's `signal` module on Linux x86-64, including the aliases and the
    /// `SIG_DFL`/`SIG_IGN`/`SIG_BLOCK`/... constants that make `0`, `1` and `2` "valid" in Supervisor.
    static let pythonNames: [String: Int] = [
        "SIGABRT": 6, "SIGALRM": 14, "SIGBUS": 7, "SIGCHLD": 17, "SIGCLD": 17, "SIGCONT": 18, "SIGFPE": 8,
        "SIGHUP": 1, "SIGILL": 4, "SIGINT": 2, "SIGIO": 29, "SIGIOT": 6, "SIGKILL": 9, "SIGPIPE": 13,
        "SIGPOLL": 29, "SIGPROF": 27, "SIGPWR": 30, "SIGQUIT": 3, "SIGRTMAX": 64, "SIGRTMIN": 34, "SIGSEGV": 11,
        "SIGSTKFLT": 16, "SIGSTOP": 19, "SIGSYS": 31, "SIGTERM": 15, "SIGTRAP": 5, "SIGTSTP": 20, "SIGTTIN": 21,
        "SIGTTOU": 22, "SIGURG": 23, "SIGUSR1": 10, "SIGUSR2": 12, "SIGVTALRM": 26, "SIGWINCH": 28, "SIGXCPU": 24,
        "SIGXFSZ": 25, "SIG_DFL": 0, "SIG_IGN": 1, "SIG_BLOCK": 0, "SIG_UNBLOCK": 1, "SIG_SETMASK": 2,
    ]

    /// The numbers Supervisor's `signal_number` accepts: 0...31, 34 and 64.
    static let validNumbers: Set<Int> = Set(pythonNames.values)

    static func number(forPythonName name: String) -> Int? { pythonNames[name] }

    /// The name Supervisor prints for a signal number (`signame`), nil when it has none (it then prints
    /// `signal N`). Where Python has aliases, this is the one Supervisor shows (`SIGABRT`, `SIGCHLD`, `SIGPOLL`).
    public static func name(of number: Int32) -> String? { displayNames[Int(number)] }

    static let displayNames: [Int: String] = [
        1: "SIGHUP", 2: "SIGINT", 3: "SIGQUIT", 4: "SIGILL", 5: "SIGTRAP", 6: "SIGABRT", 7: "SIGBUS", 8: "SIGFPE",
        9: "SIGKILL", 10: "SIGUSR1", 11: "SIGSEGV", 12: "SIGUSR2", 13: "SIGPIPE", 14: "SIGALRM", 15: "SIGTERM",
        16: "SIGSTKFLT", 17: "SIGCHLD", 18: "SIGCONT", 19: "SIGSTOP", 20: "SIGTSTP", 21: "SIGTTIN", 22: "SIGTTOU",
        23: "SIGURG", 24: "SIGXCPU", 25: "SIGXFSZ", 26: "SIGVTALRM", 27: "SIGPROF", 28: "SIGWINCH", 29: "SIGPOLL",
        30: "SIGPWR", 31: "SIGSYS", 34: "SIGRTMIN", 64: "SIGRTMAX",
    ]
}
