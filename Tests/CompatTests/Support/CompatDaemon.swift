import Foundation
import Glibc
import SupervisorClient
import Testing
import XMLRPC
import SupervisorTestSupport

/// Which `supervisord` a scenario runs against. Every scenario runs against both: Python's proves the
/// expectations are Supervisor 4.3's, ours must meet them.
enum DaemonKind: String, CaseIterable, CustomTestStringConvertible, Sendable {
    case python
    case swift

    var testDescription: String { rawValue }
}

/// One `supervisord -n` (Python's or ours) on a temporary config with a unix socket, driven by the real Python
/// `supervisorctl` and by raw XML-RPC. `stop()` shuts it down and checks that it exited, left no program behind
/// and removed its socket file. With `daemonize`, it is started without `-n` instead: the parent must exit 0, and
/// the daemon is then found through its pid file.
final class CompatDaemon: @unchecked Sendable {
    // @unchecked: used by one test at a time.
    let kind: DaemonKind
    let directory: TempDirectory
    /// Lines added to the `[supervisord]` section (`%(dir)s` is the temp dir).
    let supervisordOptions: String
    /// Started without `-n`: `process` is the parent that forks the daemon and exits.
    let daemonizes: Bool
    private(set) var process: ChildProcess?
    private var programGroups = Set<Int32>()
    private var stopped = false
    /// The exit status `stop()` accepts (a scenario may end the daemon itself); a daemonized one has none to check.
    var expectedExitStatus: Int32 = 0
    /// What went wrong so far; reported as issues by `scenario` once the scenario's thread is done.
    private(set) var problems: [String] = []
    /// The `[supervisord]` `logfile` value: `mainLog`, or what the scenario asked for (`syslog`).
    private let logfileSetting: String?
    /// Run before the daemon's executable (`unshare …` for a private mount namespace).
    private let launchPrefix: [String]
    /// The `[supervisord]` `loglevel` value.
    private let loglevel: String
    /// Lines added to the fixed head's `[unix_http_server]` section.
    let unixServerExtra: String
    /// The user name and password the XML-RPC client sends (for a `[unix_http_server]` with authentication).
    let credentials: (username: String, password: String)?
    /// Runs the daemon through `/bin/sh -c "<shellPrefix>; exec supervisord ..."` when not empty (to lower an
    /// rlimit or set the umask first).
    let shellPrefix: String
    /// Command-line arguments after `-c <config>`; `%(dir)s` is the temp dir.
    let arguments: [String]

    /// Notes a failed check (scenarios run on a thread of their own, where issues cannot be recorded).
    func expect(
        _ condition: Bool, _ message: @autoclosure () -> String = "", file: String = #fileID, line: Int = #line
    ) {
        if !condition { problems.append("\(kind) at \(file):\(line): check failed. \(message())") }
    }

    var dir: String { directory.path }
    var configPath: String { directory.file("supervisord.conf") }
    var socketPath: String { directory.file("s.sock") }
    var serverURL: String { "unix://" + socketPath }
    var mainLog: String { directory.file("supervisord.log") }
    var pidfile: String { directory.file("supervisord.pid") }

    /// The daemon's pid: the child's, or with `daemonize` the pid file's.
    var daemonPid: Int32? {
        guard daemonizes else { return process?.pid }
        return Int32(read(pidfile).trimmingCharacters(in: .whitespacesAndNewlines))
    }

    /// Whether the daemon is still there (a daemonized one is not our child: a zombie counts as gone).
    var isUp: Bool {
        guard daemonizes else { return process?.isRunning == true }
        return daemonPid.map(Self.isLive) ?? false
    }

    /// Writes the config (`programs` are the sections after the fixed head) and starts the daemon; returns once
    /// it answers `getState` with RUNNING. `prepare` runs before the start (to write included files). `logfile`
    /// replaces the main log file in the config; `launchPrefix` runs the daemon through another command;
    /// `supervisord` and `unixServer` are lines added to those sections of the head; `credentials` are sent by the
    /// XML-RPC client; `shellPrefix`, `arguments` and `daemonize` (without `-n`) change how the daemon is started.
    init(
        _ kind: DaemonKind, _ programs: String, logfile: String? = nil, launchPrefix: [String] = [],
        loglevel: String = "info", supervisord: String = "", unixServer: String = "",
        credentials: (username: String, password: String)? = nil, shellPrefix: String = "",
        arguments: [String] = [], daemonize: Bool = false, prepare: (CompatDaemon) -> Void = { _ in }
    ) throws {
        self.kind = kind
        unixServerExtra = unixServer
        self.credentials = credentials
        self.shellPrefix = shellPrefix
        self.arguments = arguments
        self.loglevel = loglevel
        logfileSetting = logfile
        self.launchPrefix = launchPrefix
        supervisordOptions = supervisord
        daemonizes = daemonize
        directory = try TempDirectory(prefix: "cmp")
        writeConfig(programs)
        prepare(self)
        try start()
    }

    /// The fixed head (socket, logs in the temp dir, the RPC interface, supervisorctl's server URL) plus
    /// `programs`. `%(dir)s` in `programs` is the temp dir.
    func writeConfig(_ programs: String) {
        // No extra line without options: scenarios expect errors at fixed line numbers.
        let options = supervisordOptions.isEmpty
            ? "" : "\n" + supervisordOptions.replacingOccurrences(of: "%(dir)s", with: dir)
        let text = """
            [unix_http_server]
            file=\(socketPath)\(unixServerExtra.isEmpty ? "" : "\n" + unixServerExtra)

            [supervisord]
            logfile=\(logfileSetting ?? mainLog)
            pidfile=\(pidfile)
            childlogdir=\(dir)
            loglevel=\(loglevel)\(options)

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=\(serverURL)

            \(programs.replacingOccurrences(of: "%(dir)s", with: dir))
            """
        _ = FileManager.default.createFile(atPath: configPath, contents: Data(text.utf8))
    }

    private func start() throws {
        let executable = switch kind {
        case .python: try pythonBin.get() + "/supervisord"
        case .swift: swiftSupervisord
        }
        process = try ChildProcess(
            launchPrefix + shellWrapped([executable] + (daemonizes ? [] : ["-n"]) + ["-c", configPath]
                + arguments.map { $0.replacingOccurrences(of: "%(dir)s", with: dir) }),
            stdoutPath: directory.file("daemon.out"),
            stderrPath: directory.file("daemon.out"))
        if daemonizes {
            // The launcher forks the daemon and exits 0, unless the file says `nodaemon=true`: then it is the daemon.
            _ = eventually(timeout: .seconds(30)) { self.process?.isRunning != true || self.answersGetState() }
            if process?.isRunning != true {
                let status = process?.wait(timeout: .seconds(1))
                guard status == 0 else {
                    throw HarnessError("\(kind) supervisord (daemonizing) exited \(status.map(String.init) ?? "no") "
                        + "instead of 0: \(read("daemon.out"))")
                }
            }
        }
        try waitUntilRunning()
    }

    /// `command` run through `/bin/sh -c "<shellPrefix>; exec ..."` when there is a prefix.
    private func shellWrapped(_ command: [String]) -> [String] {
        shellPrefix.isEmpty ? command : ["/bin/sh", "-c", shellPrefix + "; exec \"$@\"", "sh"] + command
    }

    private func answersGetState() -> Bool {
        guard let client = try? client() else { return false }
        defer { client.close() }
        return (try? client.call("supervisor.getState")) != nil
    }

    /// Waits until `getState` answers RUNNING (after a start or a `reload`).
    func waitUntilRunning() throws {
        let up = eventually(timeout: .seconds(30)) {
            guard isUp, let client = try? client() else { return false }
            defer { client.close() }
            return (try? client.call("supervisor.getState"))?["statename"] == "RUNNING"
        }
        guard up else {
            let output = (try? String(contentsOfFile: directory.file("daemon.out"), encoding: .utf8)) ?? ""
            _ = stop()
            throw HarnessError("\(kind) supervisord did not come up on \(serverURL); its output:\n\(output)")
        }
    }

    func client() throws -> SupervisorConnection {
        try SupervisorConnection(
            serverURL: serverURL, username: credentials?.username, password: credentials?.password,
            timeout: .seconds(30))
    }

    /// One XML-RPC call on a fresh connection: the value, or the fault as `FAULT <code> <string>`.
    func call(_ method: String, _ params: XMLRPCValue...) -> XMLRPCValue {
        do {
            let client = try client()
            defer { client.close() }
            return try client.call(method, params)
        } catch {
            if case .fault(let code, let string) = error as? ClientError {
                return .string("FAULT \(code) \(string)")
            }
            return .string("ERROR \(error)")
        }
    }

    /// The state name of one process.
    func state(_ name: String) -> String {
        call("supervisor.getProcessInfo", .string(name))["statename"]?.stringValue ?? "?"
    }

    /// Waits until every named process is in `state`; records an issue otherwise.
    func waitFor(
        _ state: String, _ names: String..., timeout: Duration = .seconds(15), file: String = #fileID,
        line: Int = #line
    ) {
        let ok = eventually(timeout: timeout) { names.allSatisfy { self.state($0) == state } }
        expect(ok, "\(names.map { "\($0)=\(self.state($0))" }) not all \(state)", file: file, line: line)
        rememberProgramGroups()
    }

    /// Starts `supervisorctl <arguments>` without waiting (for `tail -f`), output in a file of the temp dir.
    func startCtl(_ arguments: [String], output: String) throws -> ChildProcess {
        try ChildProcess(
            [try pythonBin.get() + "/supervisorctl", "-c", configPath] + arguments, stdoutPath: directory.file(output),
            stderrPath: directory.file(output))
    }

    func read(_ name: String) -> String {
        (try? String(contentsOfFile: name.hasPrefix("/") ? name : directory.file(name), encoding: .utf8)) ?? ""
    }

    /// Records the process group of every running program (each is a group leader), to check none survives.
    func rememberProgramGroups() {
        guard let infos = call("supervisor.getAllProcessInfo").arrayValue else { return }
        for info in infos {
            if let pid = info["pid"]?.intValue, pid > 0 { programGroups.insert(Int32(pid)) }
        }
    }

    /// Shuts the daemon down (if still up) and returns the problems found: it did not exit 0, programs were left,
    /// the socket file stayed. Safe to call twice; removes the temp dir.
    @discardableResult
    func stop() -> [String] {
        guard !stopped, let process else { return [] }
        stopped = true
        var problems: [String] = []
        let pid = daemonPid
        if isUp {
            rememberProgramGroups()
            _ = call("supervisor.shutdown")
        }
        if daemonizes {
            // Not our child: no exit status to check, only that it goes.
            if let pid, !eventually(timeout: .seconds(30), { !Self.isLive(pid) }) {
                problems.append("supervisord did not exit after shutdown")
                kill(pid, SIGKILL)
            }
            _ = process.isRunning  // reaps the launcher when it was the daemon itself (nodaemon=true)
        } else {
            let status = process.wait(timeout: .seconds(30))
            if status == nil {
                problems.append("supervisord did not exit after shutdown")
                process.signalGroup(SIGKILL)
                _ = process.wait(timeout: .seconds(5))
            } else if status != expectedExitStatus {
                problems.append("supervisord exited \(status!)")
            }
        }
        let left = Self.liveProcesses(inProcessGroups: programGroups)
        if !left.isEmpty {
            problems.append("processes left behind: \(left)")
            for group in programGroups { kill(-group, SIGKILL) }
        }
        if FileManager.default.fileExists(atPath: socketPath) {
            problems.append("socket file \(socketPath) left behind")
        }
        directory.remove()
        return problems
    }

    deinit {
        stop()
    }

    /// Whether `pid` is a live (non-zombie) process.
    static func isLive(_ pid: Int32) -> Bool {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return false }
        let state = text[text.index(after: close)...].split(separator: " ").first
        return state != "Z" && state != "X"
    }

    /// Live (non-zombie) processes whose process group is in `groups`.
    static func liveProcesses(inProcessGroups groups: Set<Int32>) -> [Int32] {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc") else { return [] }
        return entries.compactMap { Int32($0) }.filter { pid in
            guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let close = text.lastIndex(of: ")")
            else { return false }
            let fields = text[text.index(after: close)...].split(separator: " ")
            guard fields.count > 3, let pgid = Int32(fields[2]) else { return false }
            return fields[0] != "Z" && fields[0] != "X" && groups.contains(pgid)
        }
    }
}
