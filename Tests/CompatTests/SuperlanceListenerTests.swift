import Foundation
import Glibc
import Testing
import SupervisorTestSupport

/// superlance's `memmon`, `crashmail` and `httpok` (installed beside Python Supervisor by
/// `scripts/python-supervisor.sh`) run as event listeners under Python's supervisord and ours, and do their job under
/// both: Python's run proves the test, ours must pass the same checks.
@Suite struct SuperlanceListenerTests {
    static let fixtures = packageRoot() + "/Tests/EventListenerFixtures"

    /// memmon (on TICK_5) restarts a program whose RSS is over its limit.
    @Test(arguments: DaemonKind.allCases)
    func memmonRestartsAProgramOverItsMemoryLimit(_ kind: DaemonKind) async throws {
        let bin = try pythonBin.get()
        try await scenario {
            let d = try CompatDaemon(kind, """
                [eventlistener:memmon]
                command=\(bin)/memmon -p hog=20MB
                events=TICK_5
                stdout_logfile=NONE
                stderr_logfile=%(dir)s/memmon.err

                [program:hog]
                command=\(bin)/python \(Self.fixtures)/memory_hog.py 64
                startsecs=0
                stopwaitsecs=2
                """)
            d.waitFor("RUNNING", "memmon", "hog")
            let firstPid = d.call("supervisor.getProcessInfo", "hog")["pid"]?.intValue ?? 0
            let restarted = eventually(timeout: .seconds(30)) {
                let pid = d.call("supervisor.getProcessInfo", "hog")["pid"]?.intValue ?? 0
                return pid != 0 && pid != firstPid && d.read("memmon.err").contains("Restarting hog")
            }
            d.expect(restarted, "hog was not restarted; memmon said:\n\(d.read("memmon.err"))")
            d.expect(d.read("memmon.err").contains("RSS of hog:hog is"), d.read("memmon.err"))
            return d
        }
    }

    /// crashmail mails (through a fake sendmail writing to a file) when a program exits unexpectedly.
    @Test(arguments: DaemonKind.allCases)
    func crashmailMailsOnAnUnexpectedExit(_ kind: DaemonKind) async throws {
        let bin = try pythonBin.get()
        try await scenario {
            let d = try CompatDaemon(kind, """
                [eventlistener:crashmail]
                command=\(bin)/crashmail -p crasher -m ops@example.com -o TEST -s "/bin/sh \(Self.fixtures)/fake_sendmail.sh %(dir)s/mail.txt"
                events=PROCESS_STATE
                stdout_logfile=NONE
                stderr_logfile=%(dir)s/crashmail.err

                [program:crasher]
                command=/bin/sh -c 'sleep 1; exit 5'
                startsecs=0
                autorestart=false

                [program:calm]
                command=/bin/sh -c 'sleep 1; exit 0'
                startsecs=0
                autorestart=false
                """)
            d.waitFor("RUNNING", "crashmail")
            d.waitFor("EXITED", "crasher", "calm")
            let mailed = eventually(timeout: .seconds(15)) { d.read("mail.txt").contains("--MAIL-END--") }
            let mail = d.read("mail.txt")
            d.expect(mailed, "no mail; crashmail said:\n\(d.read("crashmail.err"))")
            d.expect(mail.hasPrefix("To: ops@example.com\nSubject: TEST: crasher crashed at "), mail)
            d.expect(
                mail.range(
                    of: #"Process crasher in group crasher exited unexpectedly \(pid \d+\) from state RUNNING"#,
                    options: .regularExpression) != nil, mail)
            // One mail only: calm's exit was expected.
            d.expect(mail.components(separatedBy: "--MAIL-END--").count == 2, mail)
            return d
        }
    }

    /// httpok (on TICK_5) restarts a web server that accepts a request and never answers it.
    @Test(arguments: DaemonKind.allCases)
    func httpokRestartsAHungServer(_ kind: DaemonKind) async throws {
        let bin = try pythonBin.get()
        let port = try Self.freePort()
        try await scenario {
            let d = try CompatDaemon(kind, """
                [eventlistener:httpok]
                command=\(bin)/httpok -p hung -t 2 http://127.0.0.1:\(port)/
                events=TICK_5
                stdout_logfile=NONE
                stderr_logfile=%(dir)s/httpok.err

                [program:hung]
                command=\(bin)/python \(Self.fixtures)/hung_http_server.py \(port)
                startsecs=0
                stopwaitsecs=2
                """)
            d.waitFor("RUNNING", "httpok", "hung")
            let firstPid = d.call("supervisor.getProcessInfo", "hung")["pid"]?.intValue ?? 0
            let restarted = eventually(timeout: .seconds(30)) {
                let pid = d.call("supervisor.getProcessInfo", "hung")["pid"]?.intValue ?? 0
                return pid != 0 && pid != firstPid && d.read("httpok.err").contains("Restarting selected processes")
            }
            d.expect(restarted, "hung was not restarted; httpok said:\n\(d.read("httpok.err"))")
            d.expect(d.read("httpok.err").contains("hung is in RUNNING state, restarting"), d.read("httpok.err"))
            return d
        }
    }

    /// A TCP port on 127.0.0.1 that is free now.
    static func freePort() throws -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { throw HarnessError("socket: errno \(errno)") }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = 0
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard bound == 0 else { throw HarnessError("bind: errno \(errno)") }
        let named = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw HarnessError("getsockname: errno \(errno)") }
        return Int(UInt16(bigEndian: address.sin_port))
    }
}
