import Foundation
import SupervisorClient
import Testing
import XMLRPC

/// The daemon's HTTP servers: bound before daemonizing, authentication warnings, answers over both transports,
/// socket files removed at exit, servers bound again after a restart.
@Suite(.serialized) struct ControlPlaneTests {
    /// A TCP port on 127.0.0.1 that was free a moment ago.
    static func freePort() -> Int {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        _ = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(fd, $0, length)
                return getsockname(fd, $0, &length)
            }
        }
        return Int(UInt16(bigEndian: address.sin_port))
    }

    @Test func aBusyPortIsAUsageErrorBeforeDaemonizing() throws {
        let d = DaemonHarness()
        let port = Self.freePort()
        let busy = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(busy) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        _ = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(busy, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        listen(busy, 1)
        d.writeConfig("[inet_http_server]\nport=127.0.0.1:\(port)\n")
        try d.start([])
        #expect(d.process?.wait(timeout: 15) == 2)
        let output = d.read("daemon.out")
        #expect(output.hasPrefix(
            "Error: Another program is already listening on a port that one of our HTTP servers is configured to use."
                + "  Shut this program down first before starting supervisord.\nFor help, use "))
        #expect(!FileManager.default.fileExists(atPath: d.pidfile))
    }

    @Test func daemonizedServersAnswerOnBothTransportsAndWarnWithoutAuthentication() throws {
        let d = DaemonHarness()
        let port = Self.freePort()
        d.writeConfig("""
            [unix_http_server]
            file=\(d.dir)/s.sock

            [inet_http_server]
            port=127.0.0.1:\(port)
            username=admin
            password={SHA}\("secret".sha1Hex)

            [program:sleeper]
            command=/bin/sleep 1000
            startsecs=0
            """)
        try d.start([])
        #expect(d.process?.wait(timeout: 15) == 0, "the launching process exits once daemonized")
        let unix = try SupervisorConnection(serverURL: "unix://\(d.dir)/s.sock", timeout: .seconds(10))
        d.waitFor("the unix server") { (try? unix.call("supervisor.getState"))?["statename"] == "RUNNING" }
        let tcp = try SupervisorConnection(
            serverURL: "http://127.0.0.1:\(port)", username: "admin", password: "secret", timeout: .seconds(10))
        #expect(try tcp.call("supervisor.getPID") == .int(Int(d.daemonPid ?? -1)))
        let anonymous = try SupervisorConnection(serverURL: "http://127.0.0.1:\(port)", timeout: .seconds(10))
        #expect(throws: ClientError.self) { try anonymous.call("supervisor.getPID") }
        let log = d.read(d.mainLog)
        #expect(log.contains("CRIT Server 'unix_http_server' running without any HTTP authentication checking"))
        #expect(!log.contains("Server 'inet_http_server' running without"))
        #expect(log.contains("INFO RPC interface 'supervisor' initialized"))
        #expect(throws: ClientError.httpStatus(code: 404, reason: "Not Found")) {
            try unix.streamGet(path: "/no-such-page.html") { _ in .stop }
        }

        let pid = d.daemonPid!
        kill(pid, SIGTERM)
        d.waitFor("the daemon to exit") { !DaemonHarness.isAlive(pid) }
        #expect(!FileManager.default.fileExists(atPath: "\(d.dir)/s.sock"), "the socket file is removed at exit")
    }

    @Test func aRestartBindsTheServersAgainAndKeepsAnswering() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [unix_http_server]
            file=\(d.dir)/s.sock

            [program:sleeper]
            command=/bin/sleep 1000
            startsecs=0
            """)
        try d.start()
        let client = { try SupervisorConnection(serverURL: "unix://\(d.dir)/s.sock", timeout: .seconds(10)) }
        d.waitFor("the server") { (try? client().call("supervisor.getState"))?["statename"] == "RUNNING" }
        let before = try client().call("supervisor.getProcessInfo", ["sleeper"])["pid"]
        #expect(try client().call("supervisor.restart") == true)
        d.waitFor("a new generation") {
            let pid = (try? client().call("supervisor.getProcessInfo", ["sleeper"]))?["pid"]
            return pid != nil && pid != before && pid != 0
        }
        #expect(FileManager.default.fileExists(atPath: "\(d.dir)/s.sock"))
        #expect(d.stop() == 0)
        #expect(!FileManager.default.fileExists(atPath: "\(d.dir)/s.sock"))
    }
}

extension String {
    /// Lowercase hex SHA-1, as `{SHA}` passwords store it (computed by `sha1sum`).
    fileprivate var sha1Hex: String {
        let (_, out) = (try? DaemonHarness.run("/bin/sh", ["-c", "printf %s '\(self)' | sha1sum"])) ?? (1, "")
        return String(out.prefix(40))
    }
}
