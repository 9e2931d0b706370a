#if canImport(Glibc)
import Glibc
#endif

/// Supervisor's usage error: `Error: <message>` and `For help, use <argv0> -h` on stderr, exit status 2.
enum Usage {
    static func fail(_ message: String, argv0: String) -> Never {
        writeError("Error: \(message)\nFor help, use \(argv0) -h\n")
        // _exit: this can run after threads exist (a broken config on restart); see DaemonRunner.
        _exit(2)
    }

    static func writeError(_ text: String) {
        let bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
            if n < 0, errno == EINTR { continue }
            if n <= 0 { return }
            offset += n
        }
    }
}
