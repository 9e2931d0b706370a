import Glibc

/// What `supervisord` does to itself at startup, each step as Supervisor 4.3 does it (`spec/states.md` §4).
/// Everything here runs in the single-threaded start of `main`, before any Dispatch queue or task exists.
public enum DaemonProcess {
    /// Supervisor's `drop_privileges`; nil on success, else the message for the usage error.
    public static func dropPrivileges(to uid: UInt32) -> String? {
        if getuid() == uid { return nil }
        if getuid() != 0 { return "Can't drop privilege as nonroot user" }
        guard let record = try? UserLookup.lookup(uid: uid) else { return "Can't find uid \(uid)" }
        var groups = record.groups
        if !groups.contains(record.gid) { groups.insert(record.gid, at: 0) }
        if setgroups(groups.count, groups) != 0 { return "Could not set groups of effective user" }
        if setgid(record.gid) != 0 { return "Could not set group id of effective user" }
        if setuid(uid) != 0 { return "Could not set user id of effective user" }
        return nil
    }

    /// Raises RLIMIT_NOFILE to `minfds` and RLIMIT_NPROC to `minprocs` where needed.
    /// - Returns: the info lines to log (`Increased RLIMIT_NOFILE limit to N`).
    /// - Throws: Supervisor's long message when a limit cannot be raised.
    public static func raiseLimits(minfds: Int, minprocs: Int) throws(DaemonStartError) -> [String] {
        var infos: [String] = []
        let limits: [(Int32, Int, String, String)] = [
            (Int32(RLIMIT_NOFILE.rawValue), minfds, "RLIMIT_NOFILE",
             "The minimum number of file descriptors required to run this process is %min as per the \"minfds\" "
                + "command-line argument or config file setting. The current environment will only allow you to "
                + "open %hard file descriptors.  Either raise the number of usable file descriptors in your "
                + "environment (see README.rst) or lower the minfds setting in the config file to allow the "
                + "process to start."),
            (Int32(__RLIMIT_NPROC.rawValue), minprocs, "RLIMIT_NPROC",
             "The minimum number of available processes required to run this program is %min as per the "
                + "\"minprocs\" command-line argument or config file setting. The current environment will only "
                + "allow you to open %hard processes.  Either raise the number of usable processes in your "
                + "environment (see README.rst) or lower the minprocs setting in the config file to allow the "
                + "program to start."),
        ]
        for (resource, minimum, name, message) in limits {
            var limit = rlimit()
            guard getrlimit(__rlimit_resource_t(UInt32(resource)), &limit) == 0 else { continue }
            let unlimited = rlim_t.max
            let wanted = rlim_t(max(0, minimum))
            if limit.rlim_cur < wanted && limit.rlim_cur != unlimited {
                var hard = limit.rlim_max
                if hard < wanted && hard != unlimited { hard = wanted }
                var new = rlimit(rlim_cur: wanted, rlim_max: hard)
                if setrlimit(__rlimit_resource_t(UInt32(resource)), &new) != 0 {
                    let shownHard = hard == unlimited ? "-1" : String(hard)
                    throw DaemonStartError(message.replacingOccurrences("%min", "\(minimum)")
                        .replacingOccurrences("%hard", shownHard))
                }
                infos.append("Increased \(name) limit to \(minimum)")
            }
        }
        return infos
    }

    /// What `daemonize` has to say in the main log, worded as Supervisor's `_daemonize` words it.
    public enum DaemonizeNote: Equatable, Sendable {
        /// `set current directory: 'DIR'`, logged at INFO.
        case changedDirectory(String)
        /// `can't chdir into 'DIR': [Errno N] ...` (or a failed fork), logged at CRIT.
        case failed(String)
    }

    /// Supervisor's `daemonize`: fork (the parent exits 0 at once), then in the child chdir to `directory`
    /// (failure only logged), point fds 0-2 at /dev/null, `setsid`, and set `umask`.
    /// - Returns: the line to log about the directory (none without one), or the fork failure.
    public static func daemonize(directory: String?, umask mask: Int) -> DaemonizeNote? {
        let pid = fork()
        if pid < 0 { return .failed("could not fork to daemonize: \(String(cString: strerror(errno)))") }
        if pid > 0 { _exit(0) }
        var note: DaemonizeNote?
        if let directory {
            let shown = PythonRepr.string(directory)
            if chdir(directory) == 0 {
                note = .changedDirectory("set current directory: \(shown)")
            } else {
                // str(OSError): "[Errno 13] Permission denied: 'DIR'".
                let code = errno
                let reason = "[Errno \(code)] \(String(cString: strerror(code))): \(shown)"
                note = .failed("can't chdir into \(shown): \(reason)")
            }
        }
        let devnull = open("/dev/null", O_RDWR)
        if devnull >= 0 {
            dup2(devnull, 0)
            dup2(devnull, 1)
            dup2(devnull, 2)
            if devnull > 2 { close(devnull) }
        }
        setsid()
        umask(mode_t(mask))
        return note
    }

    /// Writes `<pid>\n` to a temporary name beside `path` and renames it into place, so a reader never sees a
    /// partial file. Returns false when it could not be written.
    public static func writePidFile(_ path: String) -> Bool {
        let tmp = "\(path).\(getpid()).tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { return false }
        let text = Array("\(getpid())\n".utf8)
        let written = text.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        close(fd)
        guard written == text.count, rename(tmp, path) == 0 else {
            unlink(tmp)
            return false
        }
        return true
    }

    public static func removeFile(_ path: String) {
        unlink(path)
    }
}

/// A startup failure that ends `supervisord` with Supervisor's usage error.
public struct DaemonStartError: Error, CustomStringConvertible, Sendable {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}

extension String {
    func replacingOccurrences(_ target: String, _ replacement: String) -> String {
        split(separator: target, omittingEmptySubsequences: false).joined(separator: replacement)
    }
}
