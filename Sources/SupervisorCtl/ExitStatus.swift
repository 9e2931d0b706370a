/// The exit statuses `supervisorctl` uses, with Supervisor's names (`LSBInitExitStatuses` and
/// `LSBStatusExitStatuses` in `supervisor/supervisorctl.py`; spec `ctl.md` §2).
///
/// A command-line action exits with the status its command left; the interactive shell always exits 0.
public enum ExitStatus {
    /// Everything worked.
    public static let success: Int32 = 0
    /// Most errors.
    public static let generic: Int32 = 1
    /// Bad arguments: `start` without names, `start g:*` for an unknown group, command-line option errors.
    public static let invalidArguments: Int32 = 2
    /// supervisord answered but has no `supervisor.*` namespace.
    public static let unimplementedFeature: Int32 = 3
    /// The server refused the connection.
    public static let insufficientPrivileges: Int32 = 4
    /// The server speaks another API version.
    public static let notInstalled: Int32 = 5
    /// A process is not running (spawn error, abnormal termination, not running, pid 0), or the unix socket file
    /// does not exist.
    public static let notRunning: Int32 = 7

    /// `status`: a listed process is STOPPED, EXITED, FATAL or UNKNOWN.
    public static let statusNotRunning: Int32 = 3
    /// `status`: a name is unknown, or the connection check failed.
    public static let statusUnknown: Int32 = 4
}
