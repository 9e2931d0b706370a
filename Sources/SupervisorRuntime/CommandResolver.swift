import Glibc
import SupervisorConfig

/// The result of resolving a program's `command`.
public struct ResolvedCommand: Sendable, Hashable {
    /// What execve gets: argv[0] found on PATH, or argv[0] itself when it
    /// contains a `/`.
    public let executablePath: String
    /// The split command; argv[0] stays as the user wrote it.
    public let arguments: [String]

    public init(executablePath: String, arguments: [String]) {
        self.executablePath = executablePath
        self.arguments = arguments
    }
}

/// Why a `command` cannot be run. `message` is Supervisor's spawnerr and
/// fault text.
public struct CommandError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Supervisor's exception class (supervisor/options.py). The RPC layer
    /// maps `notFound` to NO_FILE and every other kind to NOT_EXECUTABLE, as
    /// rpcinterface.py `startProcess` does.
    public enum Kind: Sendable, Hashable {
        /// `BadCommand`: the command does not split, or is empty.
        case badCommand
        /// `NotFound`: nothing to stat.
        case notFound
        /// `NotExecutable`: a directory, or no x bit at all.
        case notExecutable
        /// `NoPermission`: x bits exist but access(X_OK) says no.
        case noPermission
    }

    public let kind: Kind
    public let message: String

    public init(kind: Kind, message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }
}

/// Turns a program's `command` into an executable path and argv, exactly as
/// Supervisor's `Subprocess.get_execv_args` and
/// `ServerOptions.check_execv_args` do, with the same messages.
///
/// The checks run in the parent before any pipe or fork, so a bad command is
/// a spawn error (→ BACKOFF) and never a child.
public enum CommandResolver {
    /// Supervisor's default when neither the program nor the daemon has PATH.
    public static let defaultSearchPath = ["/bin", "/usr/bin", "/usr/local/bin"]

    /// The directories searched for a command without `/`
    /// (`ProcessConfig.get_path` and `Options.get_path`).
    ///
    /// - Parameters:
    ///   - programPATH: `PATH` from the program's `environment`, if it sets
    ///     one. Used even when empty: `""` is one empty entry, which makes the
    ///     lookup relative to the daemon's working directory, as in Python.
    ///   - daemonPATH: supervisord's own `$PATH`; an empty one counts as unset.
    public static func searchPath(programPATH: String?, daemonPATH: String?) -> [String] {
        if let programPATH {
            return splitPath(programPATH)
        }
        if let daemonPATH, !daemonPATH.isEmpty {
            return splitPath(daemonPATH)
        }
        return defaultSearchPath
    }

    /// Splits `command` like Python's `shlex.split(command)`.
    ///
    /// - Throws: `CommandError` (`badCommand`) with
    ///   `can't parse command '<cmd>': No closing quotation` or
    ///   `... No escaped character`. The command is shown as Python's
    ///   `repr()` shows it.
    public static func split(_ command: String) throws(CommandError) -> [String] {
        do throws(ShellSplit.Failure) {
            return try ShellSplit.split(command)
        } catch {
            throw CommandError(
                kind: .badCommand,
                message: "can't parse command \(PythonRepr.string(command)): \(error.detail)"
            )
        }
    }

    /// Splits `command`, finds argv[0] and checks that it can be executed.
    ///
    /// argv[0] containing `/` is used as is (relative to supervisord's working
    /// directory, not the program's `directory`). Otherwise each entry of
    /// `searchPath` is tried in order and the first one that stat()s wins,
    /// whatever it is; the checks then apply to that one.
    ///
    /// - Throws: `CommandError` with Supervisor's text: `command is empty`,
    ///   `can't find command 'x'`, `command at '/p' is a directory`,
    ///   `command at '/p' is not executable`, `no permission to run command '/p'`.
    public static func resolve(command: String, searchPath: [String]) throws(CommandError) -> ResolvedCommand {
        try resolve(arguments: try split(command), searchPath: searchPath)
    }

    /// The same for a command already split into words (an `exec:` check's), with the same checks and messages.
    public static func resolve(arguments: [String], searchPath: [String]) throws(CommandError) -> ResolvedCommand {
        guard let program = arguments.first else {
            throw CommandError(kind: .badCommand, message: "command is empty")
        }

        var filename = program
        var status: stat?
        if program.contains("/") {
            status = statFollowingLinks(program)
        } else {
            for directory in searchPath {
                let candidate = joinPath(directory, program)
                if let found = statFollowingLinks(candidate) {
                    filename = candidate
                    status = found
                    break
                }
            }
        }
        try check(filename: filename, status: status)
        return ResolvedCommand(executablePath: filename, arguments: arguments)
    }

    // MARK: - check_execv_args

    private static func check(filename: String, status: stat?) throws(CommandError) {
        let shown = PythonRepr.string(filename)
        guard let status else {
            throw CommandError(kind: .notFound, message: "can't find command \(shown)")
        }
        if status.st_mode & S_IFMT == S_IFDIR {
            throw CommandError(kind: .notExecutable, message: "command at \(shown) is a directory")
        }
        if status.st_mode & 0o111 == 0 {
            throw CommandError(kind: .notExecutable, message: "command at \(shown) is not executable")
        }
        if access(filename, X_OK) != 0 {
            throw CommandError(kind: .noPermission, message: "no permission to run command \(shown)")
        }
    }

    // MARK: - Path helpers

    private static func statFollowingLinks(_ path: String) -> stat? {
        // Python's os.stat raises ValueError, not OSError, for an embedded NUL;
        // treating it as "not found" is the friendly reading.
        if path.utf8.contains(0) {
            return nil
        }
        var status = stat()
        while true {
            if stat(path, &status) == 0 {
                return status
            }
            if errno != EINTR {
                return nil
            }
        }
    }

    /// `os.path.join(directory, program)` for a `program` without `/`.
    private static func joinPath(_ directory: String, _ program: String) -> String {
        if directory.isEmpty || directory.hasSuffix("/") {
            return directory + program
        }
        return directory + "/" + program
    }

    /// `str.split(os.pathsep)`: empty entries are kept.
    private static func splitPath(_ path: String) -> [String] {
        path.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
    }
}
