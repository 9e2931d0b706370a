/// The Supervisor version this implementation is compatible with, reported wherever Supervisor reports its own
/// (`supervisord -v`, `getSupervisorVersion`), because clients compare it.
public enum SupervisorVersion {
    public static let string = "4.3.0"
}
