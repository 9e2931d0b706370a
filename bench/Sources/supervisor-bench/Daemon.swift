import Foundation

/// Which supervisord (and supervisorctl) a measurement runs.
enum Kind: String, CaseIterable {
    case ours, python
}

/// The binaries under test.
struct Binaries {
    var supervisord: [Kind: String]
    var supervisorctl: [Kind: String]
    var writer: String
}

/// One supervisord under test (ours or Python's) in its own temp directory, driven only through its config file,
/// its main log, XML-RPC and /proc, alike for both kinds.
final class Daemon {
    let kind: Kind
    let dir: String
    let port: UInt16
    private(set) var pid: pid_t = 0
    private var logOffset: UInt64 = 0
    private var logTail = ""

    var mainLog: String { dir + "/supervisord.log" }
    var config: String { dir + "/supervisord.conf" }
    var socketPath: String { dir + "/s.sock" }

    init(kind: Kind) {
        self.kind = kind
        var template = Array("/tmp/svbench-XXXXXX".utf8CString)
        dir = String(cString: template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }!)
        port = freePort()
    }

    deinit {
        stop()
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Writes the config: a unix socket, 127.0.0.1 TCP, a [supervisorctl] section and `programs`.
    func writeConfig(programs: String) {
        let text = """
            [supervisord]
            logfile=\(mainLog)
            logfile_maxbytes=0
            pidfile=\(dir)/supervisord.pid
            childlogdir=\(dir)
            nodaemon=true
            silent=true
            loglevel=info
            minfds=10000
            minprocs=5000

            [unix_http_server]
            file=\(socketPath)

            [inet_http_server]
            port=127.0.0.1:\(port)

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://\(socketPath)

            \(programs)
            """
        FileManager.default.createFile(atPath: config, contents: Data(text.utf8))
    }

    func start(_ binaries: Binaries) throws {
        pid = try spawnProcess([binaries.supervisord[kind]!, "-n", "-c", config], output: dir + "/daemon.out")
    }

    /// A new connection, waiting (up to 60 s) for the daemon to listen.
    func connect(tcp: Bool = false) throws -> RPCConnection {
        var connection: RPCConnection?
        try waitUntil("\(kind.rawValue) supervisord to listen", timeout: 60) {
            try checkAlive()
            connection = try? RPCConnection(tcp ? .tcp(port) : .unix(socketPath))
            if let c = connection, (try? c.callText("supervisor.getState")) == nil { connection = nil }
            return connection != nil
        }
        return connection!
    }

    func checkAlive() throws {
        var status: Int32 = 0
        if pid > 0, waitpid(pid, &status, WNOHANG) == pid {
            pid = 0
            let out = (try? String(contentsOfFile: dir + "/daemon.out", encoding: .utf8)) ?? ""
            throw BenchError("\(kind.rawValue) supervisord exited (status \(status)): \(out.suffix(500))")
        }
    }

    /// How many times `text` has appeared in the main log so far (read incrementally; counts accumulate across
    /// calls with the same text only, so use one text per daemon).
    private var counted = 0
    func mainLogCount(_ text: String) -> Int {
        guard let handle = FileHandle(forReadingAtPath: mainLog) else { return counted }
        defer { try? handle.close() }
        try? handle.seek(toOffset: logOffset)
        let data = handle.readDataToEndOfFile()
        logOffset += UInt64(data.count)
        let chunk = logTail + String(decoding: data, as: UTF8.self)
        if let lastNewline = chunk.lastIndex(of: "\n") {
            counted += occurrences(of: text, in: String(chunk[...lastNewline]))
            logTail = String(chunk[chunk.index(after: lastNewline)...])
        } else {
            logTail = chunk
        }
        return counted
    }

    /// Waits until the main log shows `count` lines containing `text`.
    func waitForLog(_ text: String, count: Int, timeout: Double) throws {
        try waitUntil("\(count) × '\(text)' in the \(kind.rawValue) main log", timeout: timeout) {
            try checkAlive()
            return mainLogCount(text) >= count
        }
    }

    /// SIGTERM, then wait for the exit (SIGKILL after 120 s), and kill any child left behind.
    func stop() {
        guard pid > 0 else { return }
        kill(pid, SIGTERM)
        reap(pid)
        pid = 0
    }
}
