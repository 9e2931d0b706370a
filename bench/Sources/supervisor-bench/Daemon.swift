import Foundation

/// One supervisord under test (ours or Python's) in its own temp directory.
final class Daemon {
    let kind: Kind
    let dir: String
    private(set) var pid: pid_t = 0

    enum Kind: String {
        case ours, python
    }

    var mainLog: String { dir + "/supervisord.log" }
    var config: String { dir + "/supervisord.conf" }

    init(kind: Kind) {
        self.kind = kind
        var template = Array("/tmp/svbench-XXXXXX".utf8CString)
        dir = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!)
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    func writeConfig(programs: String) {
        let text = """
            [supervisord]
            logfile=\(mainLog)
            pidfile=\(dir)/supervisord.pid
            childlogdir=\(dir)
            nodaemon=true
            silent=true
            minfds=4096

            [unix_http_server]
            file=\(dir)/s.sock

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            \(programs)
            """
        FileManager.default.createFile(atPath: config, contents: Data(text.utf8))
    }

    /// Launches the daemon with a clean signal mask.
    func start(binary: String) throws {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, dir + "/daemon.out", O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let argv = [binary, "-n", "-c", config]
        var cArgs = argv.map { strdup($0) } + [nil]
        defer { for p in cArgs { free(p) } }
        let rc = posix_spawn(&pid, binary, &actions, &attributes, &cArgs, environ)
        guard rc == 0 else { throw NSError(domain: "spawn", code: Int(rc)) }
    }

    /// Number of lines of the main log containing `text`.
    func logCount(_ text: String) -> Int {
        guard let log = try? String(contentsOfFile: mainLog, encoding: .utf8) else { return 0 }
        return log.components(separatedBy: text).count - 1
    }

    /// Waits until `condition` holds; returns false at the deadline.
    @discardableResult
    func waitUntil(timeout: Double, pollInterval: Double = 0.02, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if condition() { return true }
            usleep(UInt32(pollInterval * 1_000_000))
        }
        return condition()
    }

    /// SIGTERM, then wait for the exit (SIGKILL after 60 s).
    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            if waitpid(pid, &status, WNOHANG) == pid {
                pid = 0
                return
            }
            usleep(20_000)
        }
        kill(pid, SIGKILL)
        waitpid(pid, &status, 0)
        pid = 0
    }
}
