import Foundation
import SupervisorClient
import Testing
import XMLRPC

/// The harness of the readiness, dependency and health tests against real programs (``ReadinessTests``,
/// ``HealthCheckTests``): our `supervisord -n` on a config in a fresh temp directory with a unix control socket,
/// answered over XML-RPC and through our `supervisorctl`; the fixture programs of `Tests/ReadinessFixtures`.
final class ReadinessRig {
    let harness = DaemonHarness()
    var dir: String { harness.dir }
    var socket: String { dir + "/s.sock" }

    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/", !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            url = url.deletingLastPathComponent()
        }
        return url.path
    }()

    /// `Tests/ReadinessFixtures`: the small programs the tests supervise.
    static let fixtures = packageRoot + "/Tests/ReadinessFixtures"
    static let python = "/usr/bin/python3"

    deinit {
        // Stop the daemon (and so its children) gently first: a database killed with SIGKILL leaves its children.
        harness.stop(signal: SIGTERM, timeout: 30)
    }

    /// Writes the config: the control socket, then `programs`.
    func writeConfig(_ programs: String) {
        harness.writeConfig("""
            [unix_http_server]
            file=\(socket)

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://\(socket)

            \(programs)
            """)
    }

    /// Starts `supervisord -n -c <config>` and waits until it answers.
    func start() throws {
        try harness.start(["-n"])
        harness.waitFor(timeout: 20, "the daemon to answer\n\(harness.read("daemon.out"))") {
            (try? call("supervisor.getState"))?["statename"]?.stringValue == "RUNNING"
        }
    }

    func call(_ method: String, _ params: [XMLRPCValue] = []) throws -> XMLRPCValue {
        try SupervisorConnection(serverURL: "unix://\(socket)", timeout: .seconds(30)).call(method, params)
    }

    /// `getProcessInfo(name)`: state name, pid and description (empty values when the call fails).
    func info(_ name: String) -> (state: String, pid: Int, description: String) {
        guard let value = try? call("supervisor.getProcessInfo", [.string(name)]) else { return ("", 0, "") }
        return (value["statename"]?.stringValue ?? "", value["pid"]?.intValue ?? 0, value["description"]?.stringValue ?? "")
    }

    /// Our `supervisorctl -c <config> ARGS`: exit status and output.
    func ctl(_ arguments: String...) throws -> (status: Int32, output: String) {
        try DaemonHarness.run(DaemonHarness.productsDirectory + "/supervisorctl", ["-c", harness.configPath] + arguments, timeout: 60)
    }

    /// Polls `getProcessInfo` until `name` is in `state`; returns the last answer.
    @discardableResult
    func waitForState(_ name: String, _ state: String, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation)
        -> (state: String, pid: Int, description: String)
    {
        var last = info(name)
        harness.waitFor(timeout: timeout, "\(name) to be \(state); last: \(last)\n--- log:\n\(mainLog)", sourceLocation: sourceLocation) {
            last = info(name)
            return last.state == state
        }
        return last
    }

    var mainLog: String { harness.read(harness.mainLog) }

    /// The main log's lines containing `text`.
    func logLines(containing text: String) -> [Substring] {
        mainLog.split(separator: "\n").filter { $0.contains(text) }
    }

    /// The index of the first main log line containing `text` (nil when there is none).
    func logIndex(_ text: String) -> Int? {
        mainLog.split(separator: "\n").firstIndex { $0.contains(text) }
    }

    /// A `key value` file written by a fixture (`stamp_then_exec.py`, `migrate.py`): its entries.
    func stamp(_ name: String) -> [String: String] {
        var entries: [String: String] = [:]
        for line in harness.read(name).split(separator: "\n") {
            let parts = line.split(separator: " ", maxSplits: 1)
            entries[String(parts[0])] = parts.count > 1 ? String(parts[1]) : ""
        }
        return entries
    }

    // MARK: - The machine

    /// A TCP port in 20000–32000 on 127.0.0.1 that could be bound a moment ago.
    static func port() -> Int {
        for _ in 0..<500 {
            let candidate = Int.random(in: 20000...32000)
            if canBind(candidate) { return candidate }
        }
        return ControlPlaneTests.freePort()
    }

    private static func canBind(_ port: Int) -> Bool {
        let fd = Glibc.socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        return withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        } == 0
    }

    /// The first executable among `paths` (globs allowed), or nil.
    static func tool(_ paths: String...) -> String? {
        for pattern in paths {
            var matches = glob_t()
            defer { globfree(&matches) }
            guard glob(pattern, 0, nil, &matches) == 0 else { continue }
            for i in 0..<Int(matches.gl_pathc) {
                if let p = matches.gl_pathv[i], FileManager.default.isExecutableFile(atPath: String(cString: p)) {
                    return String(cString: p)
                }
            }
        }
        return nil
    }

    static let redisServer = tool("/usr/bin/redis-server")
    static let redisCli = tool("/usr/bin/redis-cli")
    static let gunicorn = tool("/usr/bin/gunicorn")
    /// The directory of PostgreSQL's server programs (`postgres`, `initdb`, `pg_isready`).
    static let postgresBin: String? = tool("/usr/lib/postgresql/*/bin/postgres").map { ($0 as NSString).deletingLastPathComponent }

    /// Why the Redis, migration and gunicorn tests cannot run here, or nil.
    static var missingForRedis: String? {
        let missing = [("redis-server", redisServer), ("redis-cli", redisCli), ("gunicorn", gunicorn)]
            .filter { $0.1 == nil }.map(\.0)
        return missing.isEmpty ? nil
            : "missing \(missing.joined(separator: ", ")) (scripts/install-readiness-deps.sh, scripts/install-guide-deps.sh)"
    }

    /// Why the PostgreSQL test cannot run here, or nil.
    static var missingForPostgres: String? {
        if postgresBin == nil { return "PostgreSQL is not installed (scripts/install-readiness-deps.sh)" }
        if getuid() != 0 { return "needs root (postgres runs as user=postgres)" }
        if getpwnam("postgres") == nil { return "there is no postgres user" }
        return nil
    }
}
