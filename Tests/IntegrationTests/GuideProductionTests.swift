import Foundation
import Testing

/// The seed guide's production setup end to end (see ``GuideSetup``), against our `supervisord` and against Python
/// Supervisor 4.3's: the Flask dev server and gunicorn (4 workers) as www-data, supervisorctl's commands and exit
/// statuses, reread/update, the web UI, logrotate's copytruncate, shutdown. Needs python3-flask, gunicorn and
/// logrotate (scripts/install-guide-deps.sh) and root (user=www-data).
@Suite(.serialized) struct GuideProductionTests {
    @Test func theGuidesProductionSetupWithOurDaemon() throws {
        try Self.productionSetup(.ours)
    }

    @Test func theGuidesProductionSetupWithPythonSupervisord() throws {
        try Self.productionSetup(.python)
    }

    @Test func commonProblemsAreDiagnosedWithOurDaemon() throws {
        try Self.commonProblems(.ours)
    }

    @Test func commonProblemsAreDiagnosedWithPythonSupervisord() throws {
        try Self.commonProblems(.python)
    }

    /// The guide's supervisord.conf as written has no `[rpcinterface:supervisor]`: Python Supervisor starts, but
    /// its supervisorctl can do nothing; ours serves the namespace anyway (every other test here uses the literal
    /// file with our daemon).
    @Test func theGuidesLiteralConfigLeavesPythonsSupervisorctlPowerless() throws {
        guard Self.prerequisitesMet() else { return }
        let g = try GuideSetup(.python)
        for file in ["flask_demo.conf", "flask_prod.conf"] { try FileManager.default.removeItem(atPath: g.confd + "/" + file) }
        try g.write("etc/supervisor/supervisord.conf", g.mainConfig(literal: true))
        try g.start()
        let pid = try #require(g.daemonPid)
        let status = try g.ctl("status")
        #expect(status.output.hasPrefix("Sorry, supervisord responded but did not recognize the supervisor namespace"))
        #expect(status.status != 0)
        kill(pid, SIGTERM)
        g.waitFor(timeout: 20, "Python's supervisord to exit") { !DaemonHarness.isAlive(pid) }
    }

    /// Whether the machine can run the guide (root, www-data, the Debian packages); records why not.
    static func prerequisitesMet() -> Bool {
        var missing: [String] = []
        if getuid() != 0 { missing.append("root (the programs run as user=www-data)") }
        if getpwnam("www-data") == nil { missing.append("the www-data user") }
        for tool in ["/usr/bin/gunicorn", "/usr/sbin/logrotate"] where !FileManager.default.isExecutableFile(atPath: tool) {
            missing.append(tool)
        }
        if (try? DaemonHarness.run("/usr/bin/python3", ["-c", "import flask"]).0) != 0 { missing.append("python3-flask") }
        if GuideSetup.pythonBin == nil { missing.append("Python Supervisor (scripts/python-supervisor.sh)") }
        if missing.isEmpty { return true }
        Issue.record("cannot run the guide's setup, missing: \(missing.joined(separator: ", ")); run scripts/install-guide-deps.sh")
        return false
    }

    static func productionSetup(_ daemon: GuideSetup.Daemon) throws {
        guard prerequisitesMet() else { return }
        let g = try GuideSetup(daemon)
        try g.start()
        let daemonPid = try #require(g.daemonPid)

        // Both apps come up (startsecs 3 and 10) and answer.
        g.waitForState("flask_demo", "RUNNING")
        g.waitForState("flask_prod", "RUNNING")
        let status = try g.ctl("status")
        #expect(status.status == 0, "\(status.output)")
        #expect(status.output.split(separator: "\n").map { GuideSetup.stateColumn(String($0)) } == ["RUNNING", "RUNNING"])
        #expect(httpGet(port: g.flaskPort)?.body == "Hello Supervisor + Flask")
        #expect(httpGet(port: g.gunicornPort)?.body == "Hello Supervisor + Flask")

        // Both as www-data; gunicorn with its 4 workers.
        let flaskPid = try g.pid("flask_demo")
        let gunicornPid = try g.pid("flask_prod")
        #expect(Self.uid(of: flaskPid) == 33)
        #expect(Self.uid(of: gunicornPid) == 33)
        g.waitFor("4 gunicorn workers") { Self.children(of: gunicornPid).count == 4 }

        // kill -9 brings an app back with a new pid.
        kill(flaskPid, SIGKILL)
        g.waitFor(timeout: 20, "flask_demo back with a new pid") {
            let now = (try? g.pid("flask_demo")) ?? 0
            return now != 0 && now != flaskPid
        }
        g.waitForState("flask_demo", "RUNNING")
        g.waitFor(timeout: 10, "flask_demo answers again") { httpGet(port: g.flaskPort)?.body == "Hello Supervisor + Flask" }
        #expect(!DaemonHarness.isAlive(flaskPid))

        // stop / status / start: messages and exit statuses.
        var result = try g.ctl("stop", "flask_demo")
        #expect(result.status == 0)
        #expect(result.output == "flask_demo: stopped\n")
        result = try g.ctl("status")
        #expect(result.status == 3, "a stopped program makes status exit 3")
        #expect(result.output.hasPrefix(Self.statusLine("flask_demo", "STOPPED", "")))
        #expect(httpGet(port: g.flaskPort) == nil)
        result = try g.ctl("start", "flask_demo")
        #expect(result.status == 0)
        #expect(result.output == "flask_demo: started\n")
        result = try g.ctl("stop", "no_such_app")
        #expect(result.status == 1)
        #expect(result.output == "no_such_app: ERROR (no such process)\n")

        // A new file in conf.d: reread, update.
        try g.write("etc/supervisor/conf.d/worker.conf", """
            [program:worker]
            command=/bin/sh -c 'echo worker started; exec sleep 100000'
            startsecs=1
            user=www-data
            stdout_logfile=\(g.appLogs)/worker.out.log

            """)
        result = try g.ctl("reread")
        #expect(result.status == 0)
        #expect(result.output == "worker: available\n")
        result = try g.ctl("update")
        #expect(result.status == 0)
        #expect(result.output == "worker: added process group\n")
        g.waitForState("worker", "RUNNING")
        let workerPid = try g.pid("worker")

        // The web UI of section 15.4: refused without the password, the status page with it.
        #expect(httpGet(port: g.webPort)?.status == 401)
        let page = httpGet(port: g.webPort, user: g.webUser, password: g.webPassword)
        #expect(httpGet(port: g.webPort, user: g.webUser, password: "wrong")?.status == 401)
        #expect(page?.status == 200)
        let body = page?.body ?? ""
        #expect(body.contains("flask_demo") && body.contains("flask_prod") && body.contains("worker"))

        // The logs fill (the dev server logs every request on stderr) and logrotate's copytruncate leaves no hole.
        for _ in 0..<50 { _ = httpGet(port: g.flaskPort) }
        let errLog = g.appLogs + "/flask_demo.err.log"
        g.waitFor("request lines in the log") { g.read(errLog).components(separatedBy: "\"GET / HTTP/1.0\" 200").count > 50 }
        let beforeRotation = g.read(errLog)
        try FileManager.default.createDirectory(atPath: g.root + "/etc/logrotate.d", withIntermediateDirectories: true)
        try g.write("etc/logrotate.d/app", g.logrotateConfig())
        let rotation = try DaemonHarness.run(
            "/usr/sbin/logrotate", ["-f", "-s", g.root + "/logrotate.status", g.root + "/etc/logrotate.d/app"])
        #expect(rotation.0 == 0, "logrotate: \(rotation.1)")
        let rotated = try FileManager.default.contentsOfDirectory(atPath: g.appLogs).filter { $0.hasPrefix("flask_demo.err.log-") }
        #expect(rotated.count == 1, "rotated files: \(rotated)")
        let rotatedText = g.read(g.appLogs + "/" + (rotated.first ?? "missing"))
        #expect(rotatedText.hasPrefix(beforeRotation), "the copy holds everything logged before the rotation")
        for _ in 0..<20 { _ = httpGet(port: g.flaskPort) }
        g.waitFor("new request lines after the rotation") {
            g.read(errLog).components(separatedBy: "\"GET / HTTP/1.0\" 200").count > 20
        }
        let afterRotation = try Data(contentsOf: URL(fileURLWithPath: errLog))
        #expect(!afterRotation.contains(0), "copytruncate left a hole of NUL bytes: the log is not written in append mode")
        #expect(afterRotation.count < beforeRotation.utf8.count, "the live log restarted from the truncation")
        #expect(String(decoding: afterRotation, as: UTF8.self).hasPrefix("127.0.0.1 - - ["))

        // shutdown: every process gone, gunicorn's workers included; the pid file removed.
        let everything = [try g.pid("flask_demo"), gunicornPid, workerPid] + Self.children(of: gunicornPid)
        #expect(everything.count == 7 && !everything.contains(0))
        result = try g.ctl("shutdown")
        #expect(result.status == 0)
        #expect(result.output == "Shut down\n")
        g.waitFor(timeout: 40, "the daemon to exit") { !DaemonHarness.isAlive(daemonPid) }
        for pid in everything { #expect(!DaemonHarness.isAlive(pid), "pid \(pid) survived the shutdown") }
        #expect(!FileManager.default.fileExists(atPath: g.pidfile))
        #expect(!FileManager.default.fileExists(atPath: g.root + "/var/run/supervisor.sock"))
        let log = g.read(g.root + "/var/log/supervisor/supervisord.log")
        #expect(log.contains("stopped: flask_prod (exit status 0)"), "\(log)")
    }

    /// Section 11: "the program exits right after starting" because of a wrong command, a port in use, a missing
    /// virtualenv path. Each ends FATAL and `status`/`tail` say why.
    static func commonProblems(_ daemon: GuideSetup.Daemon) throws {
        guard prerequisitesMet() else { return }
        let g = try GuideSetup(daemon)
        // Someone else holds the Flask app's port.
        let busy = try #require(Self.listen(port: g.flaskPort))
        defer { close(busy) }
        try FileManager.default.removeItem(atPath: g.confd + "/flask_prod.conf")
        try g.write("etc/supervisor/conf.d/flask_demo.conf", """
            [program:typo]
            command=/usr/bin/pyhton3 app.py
            directory=\(g.appDirectory)
            user=www-data

            [program:flask_demo]
            command=/usr/bin/python3 app.py
            directory=\(g.appDirectory)
            user=www-data
            stdout_logfile=\(g.appLogs)/flask_demo.out.log
            stderr_logfile=\(g.appLogs)/flask_demo.err.log

            [program:novenv]
            command=\(g.root)/opt/venv/bin/gunicorn app:app
            directory=\(g.appDirectory)
            environment=PATH="\(g.root)/opt/venv/bin"
            user=www-data

            """)
        try g.start()
        let pid = try #require(g.daemonPid)
        for name in ["typo", "flask_demo", "novenv"] { g.waitForState(name, "FATAL", timeout: 30) }
        let status = try g.ctl("status")
        #expect(status.status == 3)
        let lines = status.output.split(separator: "\n").map(String.init)
        #expect(lines == [
            Self.statusLine("flask_demo", "FATAL", "Exited too quickly (process log may have details)"),
            Self.statusLine("novenv", "FATAL", "can't find command '\(g.root)/opt/venv/bin/gunicorn'"),
            Self.statusLine("typo", "FATAL", "can't find command '/usr/bin/pyhton3'"),
        ])
        let tail = try g.ctl("tail", "flask_demo", "stderr")
        #expect(tail.status == 0)
        #expect(tail.output.contains("Address already in use"), "\(tail.output)")
        #expect(tail.output.contains("Port \(g.flaskPort) is in use by another program."))
        let log = g.read(g.root + "/var/log/supervisor/supervisord.log")
        #expect(log.contains("spawnerr: can't find command '/usr/bin/pyhton3'"))
        #expect(log.contains("gave up: flask_demo entered FATAL state, too many start retries too quickly"))
        let shutdown = try g.ctl("shutdown")
        #expect(shutdown.output == "Shut down\n")
        g.waitFor(timeout: 20, "the daemon to exit") { !DaemonHarness.isAlive(pid) }
    }

    /// supervisorctl's status line for names up to 30 characters: `%-33s%-10s%s`.
    static func statusLine(_ name: String, _ state: String, _ description: String) -> String {
        name.padding(toLength: 33, withPad: " ", startingAt: 0) + state.padding(toLength: 10, withPad: " ", startingAt: 0)
            + description
    }

    static func uid(of pid: pid_t) -> Int? {
        let status = (try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)) ?? ""
        guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix("Uid:") }) else { return nil }
        return line.split(whereSeparator: { $0 == "\t" || $0 == " " }).dropFirst().first.flatMap { Int($0) }
    }

    static func children(of pid: pid_t) -> [pid_t] {
        let (_, output) = (try? DaemonHarness.run("/usr/bin/pgrep", ["-P", "\(pid)"])) ?? (1, "")
        return output.split(separator: "\n").compactMap { pid_t($0) }
    }

    /// A listening socket on 127.0.0.1:`port`, or nil.
    static func listen(port: Int) -> Int32? {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0, Glibc.listen(fd, 8) == 0 else {
            close(fd)
            return nil
        }
        return fd
    }
}
