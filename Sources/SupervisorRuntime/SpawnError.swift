import Glibc

/// Why no child was created. Each case's `message` is Supervisor's
/// `spawnerr` text (`Subprocess.spawn` in supervisor/process.py); the engine
/// records it and moves the process to BACKOFF.
public enum SpawnError: Error, Hashable, Sendable, CustomStringConvertible {
    /// pipe() failed with EMFILE.
    case tooManyOpenFiles(processName: String)
    /// pipe() failed otherwise.
    case pipeFailed(processName: String, code: Int32)
    /// fork() failed with EAGAIN.
    case processTableFull(processName: String)
    /// fork() failed otherwise.
    case forkFailed(processName: String, code: Int32)

    /// Supervisor's text, e.g. `too many open files to spawn 'web'`.
    public var message: String {
        switch self {
        case .tooManyOpenFiles(let name):
            "too many open files to spawn '\(name)'"
        case .pipeFailed(let name, let code):
            "unknown error making dispatchers for '\(name)': \(SyscallError.errnoName(code))"
        case .processTableFull(let name):
            "Too many processes in process table to spawn '\(name)'"
        case .forkFailed(let name, let code):
            "unknown error during fork for '\(name)': \(SyscallError.errnoName(code))"
        }
    }

    public var description: String { message }

    static func pipe(_ name: String, _ code: Int32) -> SpawnError {
        code == EMFILE ? .tooManyOpenFiles(processName: name) : .pipeFailed(processName: name, code: code)
    }

    static func fork(_ name: String, _ code: Int32) -> SpawnError {
        code == EAGAIN ? .processTableFull(processName: name) : .forkFailed(processName: name, code: code)
    }
}
