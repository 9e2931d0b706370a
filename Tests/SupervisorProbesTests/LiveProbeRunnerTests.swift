import SupervisorConfig
import SupervisorEngine
import SupervisorTestSupport
import Synchronization
import Testing

@testable import SupervisorProbes

@Suite struct LiveProbeRunnerTests {
    let config = ProcessConfig(section: "program:web", name: "web", command: "/bin/true")

    @Test func execChecksGoToTheClosureWithTheirArguments() async {
        let seen = Mutex<[String]>([])
        let runner = LiveProbeRunner { arguments, config, group, timeout in
            seen.withLock { $0 = arguments + [config.name, group, String(timeout)] }
            return .failed("exit status 2")
        }
        let result = await runner.run(.exec(arguments: ["pg_isready", "-q"]), for: config, group: "db", timeout: 3)
        #expect(result == .failed("exit status 2"))
        #expect(seen.withLock { $0 } == ["pg_isready", "-q", "web", "db", "3.0"])
    }

    @Test func tcpAndHTTPAreRunHere() async throws {
        let server = try StubHTTPServer.tcp { connection in
            if connection.readRequest() != nil { connection.send("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n") }
            connection.close()
        }
        defer { server.stop() }
        let runner = LiveProbeRunner { _, _, _, _ in .failed("not here") }
        let port = port(of: server)
        #expect(await runner.run(.tcp(host: "127.0.0.1", port: port), for: config, group: "web", timeout: 5) == .passed)
        let check = HTTPCheck(secure: false, host: "127.0.0.1", port: port, path: "/", url: "http://127.0.0.1:\(port)/")
        #expect(await runner.run(.http(check), for: config, group: "web", timeout: 5) == .passed)
    }
}
