import Foundation
import Testing

/// The seed guide's production layout (`/work/shared/seed/supervisor-guide.zh.md`, copied in
/// Tests/SupervisorConfigTests/Fixtures) under a throwaway root `R`: `R/etc/supervisor/supervisord.conf` (section
/// 13.1) including `R/etc/supervisor/conf.d/*.conf`, the Flask app of section 9 in `R/opt/flask_demo`, logs in
/// `R/var/log/...`, the pid file and socket in `R/var/run`. The guide's text is kept; only these are rewritten:
/// absolute paths move under `R`, ports become free ports on 127.0.0.1 (the guide's 0.0.0.0 is never opened in a
/// test), `/opt/venv/bin/gunicorn` is Debian's `/usr/bin/gunicorn`.
///
/// Runs either our `supervisord` or Python Supervisor 4.3's (the same checks passing against both proves them),
/// and is driven by Python's `supervisorctl` as a user of the guide would.
final class GuideSetup {
    enum Daemon: String { case ours, python }

    let daemon: Daemon
    let root: String
    let flaskPort: Int
    let gunicornPort: Int
    let webPort: Int
    let webUser = "strong_user"
    let webPassword = "strong_password"
    private let harness = DaemonHarness()  // its temp directory and helpers

    var config: String { root + "/etc/supervisor/supervisord.conf" }
    var confd: String { root + "/etc/supervisor/conf.d" }
    var pidfile: String { root + "/var/run/supervisord.pid" }
    var appLogs: String { root + "/var/log/app" }
    var appDirectory: String { root + "/opt/flask_demo" }

    init(_ daemon: Daemon) throws {
        self.daemon = daemon
        root = harness.dir
        flaskPort = ControlPlaneTests.freePort()
        gunicornPort = ControlPlaneTests.freePort()
        webPort = ControlPlaneTests.freePort()
        // www-data must reach the app through the temp directory (mkdtemp makes it 0700).
        chmod(root, 0o755)
        for dir in ["etc/supervisor/conf.d", "opt/flask_demo", "var/run", "var/log/supervisor", "var/log/app"] {
            try FileManager.default.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true)
        }
        // Section 13.2: `mkdir -p /var/log/app; chown -R www-data:www-data /var/log/app`.
        _ = try DaemonHarness.run("/bin/chown", ["-R", "www-data:www-data", appLogs])
        try write("opt/flask_demo/app.py", Self.appPy(port: flaskPort))
        try write("etc/supervisor/supervisord.conf", mainConfig())
        try write("etc/supervisor/conf.d/flask_demo.conf", flaskDemoConfig())
        try write("etc/supervisor/conf.d/flask_prod.conf", flaskProdConfig())
    }

    deinit {
        // A failed test must not leave a daemon behind.
        if let pid = daemonPid, DaemonHarness.isAlive(pid) {
            kill(pid, SIGTERM)
            let deadline = Date().addingTimeInterval(40)
            while DaemonHarness.isAlive(pid), Date() < deadline { usleep(50_000) }
            if DaemonHarness.isAlive(pid) { kill(pid, SIGKILL) }
        }
    }

    func write(_ relative: String, _ text: String) throws {
        try text.write(toFile: root + "/" + relative, atomically: true, encoding: .utf8)
        chmod(root + "/" + relative, 0o644)
    }

    func read(_ path: String) -> String { harness.read(path) }

    // MARK: - The guide's files

    /// Section 9.1's app.py; `host='0.0.0.0', port=5000` becomes 127.0.0.1 and a free port.
    static func appPy(port: Int) -> String {
        """
        from flask import Flask

        app = Flask(__name__)

        @app.route("/")
        def hello():
            return "Hello Supervisor + Flask"

        if __name__ == '__main__':
            app.run(host='127.0.0.1', port=\(port))

        """
    }

    /// Section 13.1 (production template) plus section 15.4's web UI block; for Python's daemon also the
    /// `[rpcinterface:supervisor]` section the guide leaves out, unless `literal`.
    func mainConfig(literal: Bool = false) -> String {
        var text = """
            [supervisord]
            logfile=\(root)/var/log/supervisor/supervisord.log
            logfile_maxbytes=50MB
            logfile_backups=10
            loglevel=info
            pidfile=\(root)/var/run/supervisord.pid
            nodaemon=false
            minfds=1024
            minprocs=200

            [unix_http_server]
            file=\(root)/var/run/supervisor.sock
            chmod=0700
            chown=root:root

            [supervisorctl]
            serverurl=unix://\(root)/var/run/supervisor.sock

            [include]
            files = \(root)/etc/supervisor/conf.d/*.conf

            [inet_http_server]
            port=127.0.0.1:\(webPort)
            username=\(webUser)
            password=\(webPassword)

            """
        if daemon == .python && !literal {
            // The guide leaves this out; Python Supervisor then answers every supervisorctl command with
            // UNKNOWN_METHOD. Ours serves the namespace anyway (with a warning).
            text += """

                [rpcinterface:supervisor]
                supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

                """
        }
        return text
    }

    /// Section 9.2, logs in the directory the guide's logrotate config (section 14) covers.
    func flaskDemoConfig() -> String {
        """
        [program:flask_demo]
        command=/usr/bin/python3 app.py
        directory=\(appDirectory)
        autostart=true
        autorestart=true
        startsecs=3
        user=www-data
        stdout_logfile=\(appLogs)/flask_demo.out.log
        stderr_logfile=\(appLogs)/flask_demo.err.log
        environment=FLASK_ENV=production

        """
    }

    /// Section 16's multi-line gunicorn command with section 13.2's production template options.
    func flaskProdConfig() -> String {
        // Python Supervisor passes the continuation's "\" + newline to gunicorn inside an argument: gunicorn gets
        // "\n-b" as its app, listens on its default 127.0.0.1:8000, fails with "No module named '\n-b'" and the
        // program ends FATAL (checked by hand with gunicorn 20.1). Ours joins the lines as a shell would.
        let command = daemon == .ours
            ? "/usr/bin/gunicorn -w 4 -k gthread -t 60 \\\n    -b 127.0.0.1:\(gunicornPort) app:app"
            : "/usr/bin/gunicorn -w 4 -k gthread -t 60 -b 127.0.0.1:\(gunicornPort) app:app"
        return """
            [program:flask_prod]
            command=\(command)
            directory=\(appDirectory)
            autostart=true
            autorestart=true
            startsecs=10
            startretries=3
            stopsignal=TERM
            stopwaitsecs=30
            killasgroup=true
            stopasgroup=true
            user=www-data
            environment=FLASK_ENV=production,PYTHONUNBUFFERED=1

            stdout_logfile=\(appLogs)/app.out.log
            stdout_logfile_maxbytes=100MB
            stdout_logfile_backups=10
            stderr_logfile=\(appLogs)/app.err.log
            stderr_logfile_maxbytes=100MB
            stderr_logfile_backups=10

            """
    }

    /// Section 14.1, for the app log directory.
    func logrotateConfig() -> String {
        """
        \(appLogs)/*.log {
            daily
            rotate 14
            missingok
            notifempty
            compress
            delaycompress
            copytruncate
            dateext
        }

        """
    }

    // MARK: - Running

    static let pythonBin: String? = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        guard let (status, output) = try? DaemonHarness.run("/bin/bash", [url.path + "/scripts/python-supervisor.sh"], timeout: 300),
              status == 0, let bin = output.split(separator: "\n").last.map(String.init),
              FileManager.default.isExecutableFile(atPath: bin + "/supervisorctl") else { return nil }
        return bin
    }()

    /// Starts the daemon as the guide does (`supervisord -c /etc/supervisor/supervisord.conf`, daemonizing);
    /// returns when the launcher has exited 0 and the pid file is written.
    func start() throws {
        let executable = daemon == .ours ? DaemonHarness.supervisord : try #require(Self.pythonBin) + "/supervisord"
        let launcher = try ChildProcess([executable, "-c", config], output: root + "/launcher.out")
        #expect(launcher.wait(timeout: 20) == 0, "launcher: \(read(root + "/launcher.out"))")
        harness.waitFor(timeout: 10, "pid file") { daemonPid != nil }
    }

    var daemonPid: pid_t? {
        pid_t(read(pidfile).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Python's `supervisorctl -c <the guide's config> ARGS`: exit status and output.
    func ctl(_ arguments: String...) throws -> (status: Int32, output: String) {
        let bin = try #require(Self.pythonBin)
        let (status, output) = try DaemonHarness.run(bin + "/supervisorctl", ["-c", config] + arguments, timeout: 60)
        return (status, output)
    }

    /// Polls `supervisorctl status NAME` until the state column is `state`.
    func waitForState(_ name: String, _ state: String, timeout: Double = 30, sourceLocation: SourceLocation = #_sourceLocation) {
        var last = ""
        harness.waitFor(timeout: timeout, "\(name) to be \(state); last status: \(last)", sourceLocation: sourceLocation) {
            last = (try? ctl("status", name).output) ?? ""
            return Self.stateColumn(last) == state
        }
    }

    static func stateColumn(_ statusLine: String) -> String {
        let fields = statusLine.split(separator: " ", omittingEmptySubsequences: true)
        return fields.count > 1 ? String(fields[1]) : ""
    }

    /// The pid supervisorctl reports for a program (0 when not running).
    func pid(_ name: String) throws -> pid_t {
        pid_t(try ctl("pid", name).output.trimmingCharacters(in: .whitespacesAndNewlines)) ?? 0
    }

    func waitFor(timeout: Double = 10, _ what: @autoclosure () -> String, sourceLocation: SourceLocation = #_sourceLocation,
                 _ condition: () -> Bool) {
        harness.waitFor(timeout: timeout, what(), sourceLocation: sourceLocation, condition)
    }
}

/// One HTTP/1.0 GET to 127.0.0.1; nil when nothing answers.
func httpGet(port: Int, path: String = "/", user: String? = nil, password: String? = nil) -> (status: Int, body: String)? {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { return nil }
    defer { close(fd) }
    var timeout = timeval(tv_sec: 10, tv_usec: 0)
    setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    var address = sockaddr_in()
    address.sin_family = sa_family_t(AF_INET)
    address.sin_addr.s_addr = inet_addr("127.0.0.1")
    address.sin_port = in_port_t(UInt16(port).bigEndian)
    let connected = withUnsafePointer(to: &address) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
    }
    guard connected == 0 else { return nil }
    var request = "GET \(path) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\n"
    if let user, let password {
        request += "Authorization: Basic \(Data("\(user):\(password)".utf8).base64EncodedString())\r\n"
    }
    request += "\r\n"
    let bytes = Array(request.utf8)
    guard send(fd, bytes, bytes.count, Int32(MSG_NOSIGNAL)) == bytes.count else { return nil }
    var response: [UInt8] = []
    var buffer = [UInt8](repeating: 0, count: 65536)
    while true {
        let n = recv(fd, &buffer, buffer.count, 0)
        if n <= 0 { break }
        response += buffer[..<n]
    }
    let text = String(decoding: response, as: UTF8.self)
    guard let statusLine = text.split(separator: "\r\n", maxSplits: 1).first,
          let code = Int(statusLine.split(separator: " ").dropFirst().first ?? "") else { return nil }
    let body = text.range(of: "\r\n\r\n").map { String(text[$0.upperBound...]) } ?? ""
    return (code, body)
}
