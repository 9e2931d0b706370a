import Foundation
import Glibc
import SupervisorTestSupport
import Testing

/// `[fcgi-program:x]` against both daemons with real peers: Debian's nginx proxying with `fastcgi_pass` to the
/// pool's unix socket, served by flup's WSGI server (which serves on the socket it inherits as fd 0); a TCP socket
/// with its backlog read back with `ss`; a port already in use; the socket's life in the main log; `reread` and
/// `update` of a changed socket. nginx and flup are installed by scripts/install-fastcgi-deps.sh.
@Suite struct FastCGISocketTests {
    /// A FastCGI WSGI application that answers with its pid and process name.
    static let flupApp = """
        import os
        from flup.server.fcgi import WSGIServer

        def app(environ, start_response):
            start_response('200 OK', [('Content-Type', 'text/plain')])
            return [('pid=%d name=%s path=%s\\n' % (os.getpid(), os.environ['SUPERVISOR_PROCESS_NAME'],
                                                   environ.get('PATH_INFO'))).encode()]

        WSGIServer(app).run()

        """

    /// A plain server on the inherited socket, one client at a time: it sends `PID ADDRESS` and keeps the client
    /// until the client closes, so two clients at once are served by two processes of the pool.
    static let acceptServer = """
        import os, socket, sys
        listener = socket.socket(fileno=0)
        print('serving on', listener.getsockname(), flush=True)
        print('fds', sorted(int(fd) for fd in os.listdir('/proc/self/fd')), file=sys.stderr, flush=True)
        while True:
            connection, _ = listener.accept()
            connection.sendall(('%d %s\\n' % (os.getpid(), listener.getsockname())).encode())
            connection.recv(1)
            connection.close()

        """

    /// Why the peers are missing, or nil when nginx and flup are installed.
    static func missingPeers() -> String? {
        guard FileManager.default.isExecutableFile(atPath: "/usr/sbin/nginx") else {
            return "nginx is not installed (scripts/install-fastcgi-deps.sh installs it)"
        }
        guard let bin = try? pythonBin.get(), (try? run([bin + "/python", "-c", "import flup"]))?.status == 0 else {
            return "flup is not installed in .venv-compat (scripts/python-supervisor.sh installs it)"
        }
        return nil
    }

    static func write(_ text: String, to path: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }

    static func mainLogLines(_ d: CompatDaemon, containing words: [String]) -> [String] {
        d.read(d.mainLog).split(separator: "\n").compactMap { line -> String? in
            guard words.contains(where: { line.contains($0) }) else { return nil }
            // Drop the timestamp: "2026-12-02 13:12:08,998 INFO Creating socket ..." -> "INFO Creating socket ...".
            return line.split(separator: " ", maxSplits: 2).dropFirst(2).first.map(String.init)
        }
    }

    @Test(arguments: DaemonKind.allCases)
    func nginxProxiesToAUnixSocketPool(_ kind: DaemonKind) async throws {
        if let missing = Self.missingPeers() { Issue.record(Comment(rawValue: missing)); return }
        let www = try #require(getpwnam("www-data").map { ($0.pointee.pw_uid, $0.pointee.pw_gid) }, "no www-data user")
        let python = try pythonBin.get() + "/python"
        try await scenario {
            let d = try CompatDaemon(kind, """
                [fcgi-program:app]
                socket=unix://%(here)s/%(program_name)s.sock
                socket_owner=www-data:www-data
                socket_mode=0660
                command=\(python) %(here)s/app.py
                numprocs=3
                process_name=%(program_name)s_%(process_num)s
                startsecs=1
                stopwaitsecs=2
                """
            ) { d in
                Self.write(Self.flupApp, to: d.directory.file("app.py"))
                chmod(d.dir, 0o755)  // nginx's workers (www-data) reach the socket through it
            }
            let names = ["app:app_0", "app:app_1", "app:app_2"]
            d.waitFor("RUNNING", names[0], names[1], names[2])
            let socketPath = d.directory.file("app.sock")

            // The socket file: a socket, socket_mode, socket_owner.
            var st = stat()
            d.expect(stat(socketPath, &st) == 0, "no socket file at \(socketPath)")
            d.expect((st.st_mode & S_IFMT) == S_IFSOCK, "not a socket: mode \(String(st.st_mode, radix: 8))")
            d.expect(st.st_mode & 0o7777 == 0o660, "socket mode \(String(st.st_mode & 0o7777, radix: 8))")
            d.expect(st.st_uid == www.0 && st.st_gid == www.1, "socket owner \(st.st_uid):\(st.st_gid)")

            // Every process has the same listening socket as fd 0, and nothing but 0, 1, 2.
            let pids = names.compactMap { d.call("supervisor.getProcessInfo", .string($0))["pid"]?.intValue }
            let fd0 = pids.map { (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\($0)/fd/0")) ?? "" }
            d.expect(pids.count == 3 && Set(fd0).count == 1 && fd0[0].hasPrefix("socket:["), "fd 0 of \(pids): \(fd0)")

            // nginx -> unix socket -> the pool: every process answers.
            let port = try freeLocalPort()
            Self.write(Self.nginxConfig(dir: d.dir, port: port, socket: socketPath), to: d.directory.file("nginx.conf"))
            let nginx = try ChildProcess(
                ["/usr/sbin/nginx", "-p", d.dir, "-c", d.directory.file("nginx.conf")],
                stdoutPath: d.directory.file("nginx.out"), stderrPath: d.directory.file("nginx.out"))
            defer {
                nginx.signalGroup(SIGQUIT)
                if nginx.wait(timeout: .seconds(10)) == nil { nginx.signalGroup(SIGKILL); _ = nginx.wait(timeout: .seconds(5)) }
            }
            d.expect(eventually { LineConnection(port: port).map { $0.close() } != nil }, "nginx did not listen: \(d.read("nginx.out"))")
            var answeredBy: [Int: Int] = [:]
            for i in 0..<30 {
                let response = localTCPExchange(port: port, "GET /r\(i) HTTP/1.0\r\nHost: localhost\r\n\r\n") ?? ""
                guard response.hasPrefix("HTTP/1.1 200"), let body = response.components(separatedBy: "\r\n\r\n").last,
                      let pid = Int(body.split(separator: " ")[0].dropFirst("pid=".count))
                else {
                    d.expect(false, "request \(i): \(response) \(d.read("nginx-error.log"))")
                    break
                }
                d.expect(body.hasSuffix("path=/r\(i)\n"), "request \(i) answered \(body)")
                answeredBy[pid, default: 0] += 1
            }
            d.expect(Set(answeredBy.keys) == Set(pids), "requests spread as \(answeredBy) over \(pids)")

            // The socket's life: made and dropped when the group is created, made for the first process, closed
            // after the last one stopped (the file stays), made again for the next start.
            _ = d.ctl(["stop", "all"])
            _ = d.ctl(["start", "app:app_1"])
            d.waitFor("RUNNING", "app:app_1")
            let url = "unix://\(socketPath)"
            let lines = Self.mainLogLines(d, containing: ["socket", "stopped: app_", "spawned: 'app_"])
            let expected = [
                "INFO Creating socket \(url)", "INFO Closing socket \(url)", "INFO Creating socket \(url)",
                "INFO spawned: 'app_0'", "INFO spawned: 'app_1'", "INFO spawned: 'app_2'",
                "stopped: app_", "stopped: app_", "stopped: app_", "INFO Closing socket \(url)",
                "INFO Creating socket \(url)", "INFO spawned: 'app_1'",
            ]
            d.expect(
                lines.count == expected.count && zip(lines, expected).allSatisfy { $0.contains($1) },
                "socket lifetime in the main log:\n\(lines.joined(separator: "\n"))")
            d.expect(FileManager.default.fileExists(atPath: socketPath), "socket file removed")

            // The socket is fd 0: there is no stdin channel to write to.
            var t = Transcript(d)
            t.note("sendProcessStdin: \(d.call("supervisor.sendProcessStdin", "app:app_1", "x"))")
            t.check("sendProcessStdin: 'FAULT 20 NO_FILE: app:app_1'", "fcgi-stdin")
            return d
        }
    }

    static func nginxConfig(dir: String, port: Int, socket: String) -> String {
        """
        user www-data;
        worker_processes 1;
        daemon off;
        pid \(dir)/nginx.pid;
        error_log \(dir)/nginx-error.log;
        events { worker_connections 64; }
        http {
            access_log off;
            client_body_temp_path \(dir)/body; proxy_temp_path \(dir)/proxy; fastcgi_temp_path \(dir)/fastcgi;
            uwsgi_temp_path \(dir)/uwsgi; scgi_temp_path \(dir)/scgi;
            server {
                listen 127.0.0.1:\(port);
                location / {
                    include /etc/nginx/fastcgi_params;
                    fastcgi_param PATH_INFO $uri;
                    fastcgi_pass unix:\(socket);
                }
            }
        }

        """
    }

    @Test(arguments: DaemonKind.allCases)
    func tcpSocketsWithBacklogs(_ kind: DaemonKind) async throws {
        let python = try pythonBin.get() + "/python"
        let (port, defaultPort) = (try freeLocalPort(), try freeLocalPort())
        try await scenario {
            let d = try CompatDaemon(kind, """
                [fcgi-program:tcpapp]
                socket=tcp://127.0.0.1:\(port)
                socket_backlog=7
                command=\(python) %(here)s/server.py
                numprocs=2
                process_name=%(program_name)s_%(process_num)s
                startsecs=0
                stopwaitsecs=5

                [fcgi-program:named]
                socket=tcp://LocalHost:\(defaultPort)
                command=\(python) %(here)s/server.py
                startsecs=0
                stopwaitsecs=5
                """
            ) { d in Self.write(Self.acceptServer, to: d.directory.file("server.py")) }
            d.waitFor("RUNNING", "tcpapp:tcpapp_0", "tcpapp:tcpapp_1", "named")
            // fd 0 is the socket; stdout and stderr are captured; nothing else is open (3 is listdir's own).
            for name in ["tcpapp:tcpapp_0", "tcpapp:tcpapp_1"] {
                let logs = d.call("supervisor.getProcessInfo", .string(name))
                d.expect(eventually {
                    d.read(logs["stdout_logfile"]?.stringValue ?? "") == "serving on ('127.0.0.1', \(port))\n"
                        && d.read(logs["stderr_logfile"]?.stringValue ?? "") == "fds [0, 1, 2, 3]\n"
                }, "\(name) logged \(d.read(logs["stdout_logfile"]?.stringValue ?? "")) / \(d.read(logs["stderr_logfile"]?.stringValue ?? ""))")
            }
            d.expect(listenBacklog(port: port) == 7, "backlog \(String(describing: listenBacklog(port: port)))")
            d.expect(listenBacklog(port: defaultPort) == Int(SOMAXCONN), "default backlog is not SOMAXCONN")
            let pids = ["tcpapp:tcpapp_0", "tcpapp:tcpapp_1"].compactMap {
                d.call("supervisor.getProcessInfo", .string($0))["pid"]?.intValue
            }
            // Two clients at once: each process of the pool serves one (a pool sharing one socket).
            let clients = (0..<2).compactMap { _ in LineConnection(port: port) }
            let answers = clients.map { $0.readLine() }
            for client in clients { client.close() }
            d.expect(answers.allSatisfy { $0.hasSuffix(" ('127.0.0.1', \(port))") }, "answers \(answers)")
            let seen = Set(answers.compactMap { Int($0.split(separator: " ").first ?? "") })
            d.expect(seen == Set(pids), "connections answered by \(seen), pool is \(pids)")
            let namedClient = LineConnection(port: defaultPort)
            let named = namedClient?.readLine() ?? ""
            namedClient?.close()
            d.expect(named.hasSuffix(" ('127.0.0.1', \(defaultPort))"), "tcp://LocalHost answered \(named)")
            let lines = Self.mainLogLines(d, containing: ["socket"])
            d.expect(lines.contains("INFO Creating socket tcp://localhost:\(defaultPort)"), "\(lines)")
            return d
        }
    }

    /// Without `socket_owner`, a unix socket belongs to the program's `user` (and that user's group), with the
    /// default mode 0700: the program can use it, nobody else can connect.
    @Test(arguments: DaemonKind.allCases)
    func unixSocketOwnerDefaultsToTheProgramsUser(_ kind: DaemonKind) async throws {
        let www = try #require(getpwnam("www-data").map { ($0.pointee.pw_uid, $0.pointee.pw_gid) }, "no www-data user")
        try await scenario {
            // Debian's python3: the program runs as www-data, which cannot reach the venv under the work tree.
            let d = try CompatDaemon(kind, """
                [fcgi-program:app]
                socket=unix://%(here)s/app.sock
                user=www-data
                command=/usr/bin/python3 %(here)s/server.py
                startsecs=0
                stopwaitsecs=5
                """
            ) { d in
                Self.write(Self.acceptServer, to: d.directory.file("server.py"))
                chmod(d.dir, 0o755)
                chmod(d.directory.file("server.py"), 0o644)
            }
            d.waitFor("RUNNING", "app")
            var st = stat()
            d.expect(stat(d.directory.file("app.sock"), &st) == 0, "no socket")
            d.expect(st.st_uid == www.0 && st.st_gid == www.1 && st.st_mode & 0o7777 == 0o700,
                     "socket \(st.st_uid):\(st.st_gid) \(String(st.st_mode & 0o7777, radix: 8))")
            let client = LineConnection(path: d.directory.file("app.sock"))
            let pid = d.call("supervisor.getProcessInfo", "app")["pid"]?.intValue ?? -1
            d.expect(client?.readLine().hasPrefix("\(pid) ") == true, "app (as www-data) does not serve")
            client?.close()
            return d
        }
    }

    /// A port already in use: Supervisor exits at start with a traceback ending in its error; we keep running, log
    /// it, and each start fails with the same text as spawn error until the port is free.
    @Test(arguments: DaemonKind.allCases)
    func portAlreadyInUse(_ kind: DaemonKind) async throws {
        let port = try freeLocalPort()
        let blocker = OccupiedPort(try occupyLocalPort(port))
        defer { blocker.free() }
        let message = "Could not create FastCGI socket tcp://127.0.0.1:\(port): [Errno 98] Address already in use"
        let programs = """
            [fcgi-program:busy]
            socket=tcp://127.0.0.1:\(port)
            command=/bin/sleep 1000
            startsecs=0
            startretries=1
            stopwaitsecs=2
            """
        if kind == .python {
            let dir = try TempDirectory(prefix: "cmp")
            defer { dir.remove() }
            Self.write("""
                [supervisord]
                logfile=\(dir.file("supervisord.log"))
                pidfile=\(dir.file("supervisord.pid"))

                \(programs)
                """, to: dir.file("supervisord.conf"))
            let (status, output) = try run([try pythonBin.get() + "/supervisord", "-n", "-c", dir.file("supervisord.conf")])
            #expect(status == 1)
            #expect(output.hasSuffix("ValueError: \(message)\n"), "\(output)")
            return
        }
        try await scenario {
            let d = try CompatDaemon(kind, programs)
            d.waitFor("FATAL", "busy")
            d.expect(d.call("supervisor.getProcessInfo", "busy")["spawnerr"]?.stringValue == message)
            let log = Self.mainLogLines(d, containing: ["socket", "spawnerr", "gave up"])
            d.expect(log == [
                "INFO Creating socket tcp://127.0.0.1:\(port)", "ERRO \(message)",
                "INFO Creating socket tcp://127.0.0.1:\(port)", "INFO spawnerr: \(message)",
                "INFO Creating socket tcp://127.0.0.1:\(port)", "INFO spawnerr: \(message)",
                "INFO gave up: busy entered FATAL state, too many start retries too quickly",
            ], "main log:\n\(log.joined(separator: "\n"))")
            var t = Transcript(d)
            t.ctl("start busy")
            t.check("""
                $ start busy
                busy: ERROR (spawn error)
                = 7
                """, "fcgi-port-in-use")
            // Once the port is free, the next retry (or start) makes the socket and the process runs.
            blocker.free()
            d.expect(eventually { ["RUNNING", "FATAL"].contains(d.state("busy")) })
            if d.state("busy") == "FATAL" { _ = d.ctl(["start", "busy"]) }
            d.waitFor("RUNNING", "busy")
            d.expect(listenBacklog(port: port) == Int(SOMAXCONN), "not listening after the port was freed: \(d.read(d.mainLog))")
            return d
        }
    }

    /// `reread` compares a FastCGI group's socket by URL, as Supervisor's `SocketConfig.__eq__` does: a new mode
    /// alone is no change, a new path is; `update` then closes the old socket and serves on the new one.
    @Test(arguments: DaemonKind.allCases)
    func rereadAndUpdateOfAChangedSocket(_ kind: DaemonKind) async throws {
        let python = try pythonBin.get() + "/python"
        @Sendable func programs(_ socket: String, mode: String) -> String {
            """
            [fcgi-program:app]
            socket=unix://%(here)s/\(socket)
            socket_mode=\(mode)
            command=\(python) %(here)s/server.py
            startsecs=0
            stopwaitsecs=5
            """
        }
        try await scenario {
            let d = try CompatDaemon(kind, programs("a.sock", mode: "0700")) { d in
                Self.write(Self.acceptServer, to: d.directory.file("server.py"))
            }
            d.waitFor("RUNNING", "app")
            var t = Transcript(d)
            d.writeConfig(programs("a.sock", mode: "0666"))
            t.ctl("reread")
            d.writeConfig(programs("b.sock", mode: "0666"))
            t.ctl("reread")
            t.ctl("update")
            t.check("""
                $ reread
                No config updates to processes
                = 0
                $ reread
                app: changed
                = 0
                $ update
                app: stopped
                app: updated process group
                = 0
                """, "fcgi-reread")
            d.waitFor("RUNNING", "app")
            var st = stat()
            let newSocket = d.directory.file("b.sock")
            d.expect(stat(newSocket, &st) == 0 && st.st_mode & 0o777 == 0o666, "b.sock mode \(String(st.st_mode, radix: 8))")
            let lines = Array(Self.mainLogLines(d, containing: ["socket"]).suffix(4))
            d.expect(lines == [
                "INFO Closing socket unix://\(d.dir)/a.sock", "INFO Creating socket unix://\(newSocket)",
                "INFO Closing socket unix://\(newSocket)", "INFO Creating socket unix://\(newSocket)",
            ], "\(lines)")
            let pid = d.call("supervisor.getProcessInfo", "app")["pid"]?.intValue ?? -1
            let client = LineConnection(path: newSocket)
            d.expect(client?.readLine().hasPrefix("\(pid) ") == true, "app does not serve on b.sock")
            client?.close()
            return d
        }
    }
}

/// A port the test holds, freed once.
private final class OccupiedPort: @unchecked Sendable {
    // @unchecked: used by one scenario at a time.
    private var descriptor: Int32?

    init(_ descriptor: Int32) { self.descriptor = descriptor }

    func free() {
        if let descriptor { close(descriptor) }
        descriptor = nil
    }
}
