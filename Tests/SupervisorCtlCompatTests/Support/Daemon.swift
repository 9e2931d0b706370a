import Foundation
import Glibc
import SupervisorClient
import XMLRPC
import SupervisorTestSupport

/// Which supervisord binaries the comparison runs against: `SUPERVISORCTL_COMPAT_DAEMONS`, a comma-separated list
/// of `python` (Supervisor 4.3.0 from the venv), `ours` (the `supervisord` built beside the tests) or absolute
/// paths. The default is both Supervisor's and ours.
let compatDaemons: [String] = {
    let value = ProcessInfo.processInfo.environment["SUPERVISORCTL_COMPAT_DAEMONS"] ?? "python,ours"
    return value.split(separator: ",").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
}()

/// The supervisord executable a daemon name stands for.
func supervisordBinary(_ name: String) throws -> String {
    switch name {
    case "python": return try pythonSupervisorBin.get() + "/supervisord"
    case "ours": return productsDirectory + "/supervisord"
    default: return name
    }
}

/// A supervisord (any binary) run with `-n` on a temporary config: a unix socket without auth, a TCP listener on
/// 127.0.0.1 with `user`/`pw`, a `[supervisorctl]` section pointing at the socket, and the programs given.
///
/// ``stop()`` shuts it down through XML-RPC, waits for it to exit (killing it after a deadline) and kills any
/// program left behind.
final class Daemon {
    let binary: String
    let directory: TempDirectory
    let port: Int
    let username = "user"
    let password = "pw"
    private(set) var process: ChildProcess?
    private var programGroups = Set<Int32>()
    private var extraSections = ""
    private let programs: (String) -> String

    var configPath: String { directory.file("supervisord.conf") }
    var socketPath: String { directory.file("s.sock") }
    var unixURL: String { "unix://" + socketPath }
    var httpURL: String { "http://127.0.0.1:\(port)" }

    /// - Parameter programs: the program sections, given the directory path.
    init(binary: String, programs: @escaping (String) -> String) throws {
        self.binary = binary
        self.programs = programs
        directory = try TempDirectory()
        port = try freeTCPPort()
        writeConfig()
    }

    /// Writes the config file with `extra` sections after the standard programs (not applied until a reread).
    func writeConfig(extra: String = "") {
        extraSections = extra
        let dir = directory.path
        let text = """
            [unix_http_server]
            file=\(dir)/s.sock

            [inet_http_server]
            port=127.0.0.1:\(port)
            username=\(username)
            password=\(password)

            [supervisord]
            logfile=\(dir)/supervisord.log
            pidfile=\(dir)/supervisord.pid
            childlogdir=\(dir)
            loglevel=info

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [supervisorctl]
            serverurl=unix://\(dir)/s.sock

            \(programs(dir))
            \(extra)
            """
        _ = FileManager.default.createFile(atPath: configPath, contents: Data(text.utf8))
    }

    /// Starts the daemon and waits until it answers `getState` with RUNNING.
    func start() throws {
        try launch()
        try waitUntilRunning()
    }

    private func launch() throws {
        process = try ChildProcess(
            [binary, "-n", "-c", configPath], stdoutPath: directory.file("daemon.out"),
            stderrPath: directory.file("daemon.out"))
    }

    /// Waits until the daemon answers RUNNING (after start or `reload`), starting it again when it has exited
    /// (after `shutdown`, which it may still be carrying out when this is called).
    func waitUntilRunning() throws {
        var launches = 0
        let up = eventually(timeout: .seconds(30)) {
            if let process, !process.isRunning, launches < 3 {
                launches += 1
                try? launch()
                return false
            }
            guard process?.isRunning == true else { return false }
            return (try? call("getState"))?["statename"] == "RUNNING"
        }
        guard up else {
            let log = (try? String(contentsOfFile: directory.file("daemon.out"), encoding: .utf8)) ?? ""
            throw HarnessError("supervisord \(binary) did not come up on \(unixURL); its output:\n\(log)")
        }
        rememberProgramGroups()
    }

    /// Calls `supervisor.<method>` on a fresh connection.
    @discardableResult
    func call(_ method: String, _ params: [XMLRPCValue] = []) throws -> XMLRPCValue {
        let client = try SupervisorConnection(serverURL: unixURL, timeout: .seconds(30))
        return try client.call(method.contains(".") ? method : "supervisor." + method, params)
    }

    /// The state name of `namespec`.
    func state(_ namespec: String) -> String? {
        (try? call("getProcessInfo", [.string(namespec)]))?["statename"]?.stringValue
    }

    /// Starts each process that is not running (ignoring ALREADY_STARTED) and waits for RUNNING.
    func ensureRunning(_ names: [String]) throws {
        for name in names where state(name) != "RUNNING" {
            _ = try? call("startProcess", [.string(name)])
            guard eventually(timeout: .seconds(20), { state(name) == "RUNNING" }) else {
                throw HarnessError("\(name) did not reach RUNNING (state \(state(name) ?? "?"))")
            }
        }
        rememberProgramGroups()
    }

    /// Stops each process that runs and waits until it is stopped.
    func ensureStopped(_ names: [String]) throws {
        let stoppedStates: Set<String> = ["STOPPED", "EXITED", "FATAL", "BACKOFF"]
        for name in names where !stoppedStates.contains(state(name) ?? "STOPPED") {
            _ = try? call("stopProcess", [.string(name)])
            guard eventually(timeout: .seconds(20), { stoppedStates.contains(state(name) ?? "STOPPED") }) else {
                throw HarnessError("\(name) did not stop (state \(state(name) ?? "?"))")
            }
        }
    }

    /// Writes the config with `extra` and applies it the way `update` does, through XML-RPC.
    func applyConfig(extra: String) throws {
        writeConfig(extra: extra)
        let result = try call("reloadConfig")
        guard let lists = result.arrayValue?.first?.arrayValue, lists.count == 3 else {
            throw HarnessError("reloadConfig answered \(result)")
        }
        let names = lists.map { $0.arrayValue?.compactMap(\.stringValue) ?? [] }
        for group in names[2] + names[1] {
            _ = try call("stopProcessGroup", [.string(group)])
            _ = try call("removeProcessGroup", [.string(group)])
        }
        for group in names[0] + names[1] {
            _ = try call("addProcessGroup", [.string(group)])
        }
        rememberProgramGroups()
    }

    /// Records the process group of every running program, so ``stop()`` can kill what survives.
    func rememberProgramGroups() {
        guard let infos = (try? call("getAllProcessInfo"))?.arrayValue else { return }
        for info in infos {
            if let pid = info["pid"]?.intValue, pid > 0 { programGroups.insert(Int32(pid)) }
        }
    }

    /// Shuts the daemon down, kills whatever is left, and removes the directory.
    func stop() {
        rememberProgramGroups()
        if let process, process.isRunning {
            _ = try? call("shutdown")
            if process.wait(timeout: .seconds(20)) == nil {
                process.signalGroup(SIGTERM)
                if process.wait(timeout: .seconds(10)) == nil {
                    process.signalGroup(SIGKILL)
                    _ = process.wait(timeout: .seconds(5))
                }
            }
        }
        for group in programGroups { kill(-group, SIGKILL) }
        directory.remove()
    }
}
