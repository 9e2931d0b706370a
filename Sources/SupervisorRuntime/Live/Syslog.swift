import Glibc

/// The local syslog, used as Supervisor uses it (Python's `syslog.syslog(msg)` without `openlog`): libc's
/// `syslog` to `/dev/log`, ident the daemon's program name, no pid, facility `user`, priority `info` whatever the
/// record's level. With no `/dev/log` libc drops the message.
enum Syslog {
    static func send(_ message: String) {
        // An embedded NUL ends the line here, as it does in Python's C call.
        message.withCString { text in withVaList([text]) { vsyslog(LOG_USER | LOG_INFO, "%s", $0) } }
    }
}
