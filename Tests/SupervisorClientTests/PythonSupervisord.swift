import Foundation
import Glibc
import Synchronization
import Testing
import XMLRPC

@testable import SupervisorClient
import SupervisorTestSupport

/// The bin directory of the Python Supervisor 4.3.0 venv, found by running `scripts/python-supervisor.sh` (which
/// installs it into `.venv-compat` on first use and is quick afterwards). Computed once per test process.
let pythonSupervisorBin: Result<String, HarnessError> = {
    let script = packageRoot() + "/scripts/python-supervisor.sh"
    do {
        let (status, output) = try runCommand(["/bin/bash", script])
        let bin = output.split(separator: "\n").last.map(String.init) ?? ""
        guard status == 0, FileManager.default.isExecutableFile(atPath: bin + "/supervisord") else {
            return .failure(HarnessError("\(script) exited \(status) without a usable venv (output: \(output))"))
        }
        return .success(bin)
    } catch {
        return .failure(HarnessError("cannot run \(script): \(error)"))
    }
}()

/// A real Python `supervisord -n` on a temporary config with a unix socket (no auth) and a TCP listener on
/// 127.0.0.1 (with a username and password), plus two programs:
/// - `sleeper`: `sleep 1000`, not autostarted;
/// - `printer`: prints `tick N` every 0.2 s, autostarted.
///
/// ``stop()`` shuts it down through XML-RPC, waits for it to exit (killing it after a deadline), and checks that
/// no process of any program's process group is left.
///
/// `stopwaitsecs=2`: a SIGTERM that reaches a program between supervisord's fork and exec is swallowed by the
/// forked Python child (a race in Supervisor itself), and a teardown right after start-up would otherwise wait the
/// default 10 s before SIGKILL.
final class PythonSupervisord {
    let directory: TempDirectory
    let port: Int
    let username = "user"
    let password = "s3cret"
    private let process: ChildProcess
    /// Process groups of programs seen running; supervisord makes every program a group leader.
    private var programGroups = Set<Int32>()
    private var stopped = false

    var socketPath: String { directory.file("s.sock") }
    var unixURL: String { "unix://" + socketPath }
    var httpURL: String { "http://127.0.0.1:\(port)" }
    var pid: Int32 { process.pid }

    /// Starts supervisord and waits until it answers `getState` with RUNNING.
    init() throws {
        let bin = try pythonSupervisorBin.get()
        directory = try TempDirectory()
        port = try freeTCPPort()
        let dir = directory.path
        let config = """
            [unix_http_server]
            file=\(dir)/s.sock

            [inet_http_server]
            port=127.0.0.1:\(port)
            username=\(username)
            password=\(password)

            [supervisord]
            nodaemon=true
            logfile=\(dir)/supervisord.log
            pidfile=\(dir)/supervisord.pid
            childlogdir=\(dir)
            loglevel=info

            [rpcinterface:supervisor]
            supervisor.rpcinterface_factory = supervisor.rpcinterface:make_main_rpcinterface

            [program:sleeper]
            command=sleep 1000
            autostart=false
            startsecs=0
            stopasgroup=true
            killasgroup=true
            stopwaitsecs=2

            [program:printer]
            command=/bin/sh -c 'i=0; while true; do echo "tick $i"; i=$((i+1)); sleep 0.2; done'
            autostart=true
            startsecs=0
            stopasgroup=true
            killasgroup=true
            stopwaitsecs=2
            stdout_logfile=\(dir)/printer.log

            """
        try config.write(toFile: directory.file("supervisord.conf"), atomically: true, encoding: .utf8)
        process = try ChildProcess(
            [bin + "/supervisord", "-n", "-c", directory.file("supervisord.conf")],
            stdoutPath: directory.file("output.txt"), stderrPath: directory.file("output.txt"))

        let probe = try SupervisorConnection(serverURL: unixURL, timeout: .seconds(5))
        let up = eventually(timeout: .seconds(30)) {
            guard process.isRunning else { return false }
            return (try? probe.call("supervisor.getState"))?["statename"] == "RUNNING"
        }
        guard up else {
            let log = (try? String(contentsOfFile: directory.file("output.txt"), encoding: .utf8)) ?? ""
            _ = stop()
            throw HarnessError("supervisord did not come up on \(unixURL); its output:\n\(log)")
        }
        rememberProgramGroups()
    }

    /// Records the process group of every running program, so ``stop()`` can check none survives.
    func rememberProgramGroups() {
        guard let client = try? SupervisorConnection(serverURL: unixURL, timeout: .seconds(5)),
              let infos = (try? client.call("supervisor.getAllProcessInfo"))?.arrayValue
        else { return }
        for info in infos {
            if let pid = info["pid"]?.intValue, pid > 0 { programGroups.insert(Int32(pid)) }
        }
    }

    /// Shuts supervisord down and returns problems found (empty when everything went away cleanly). Safe to call
    /// twice.
    @discardableResult
    func stop() -> [String] {
        guard !stopped else { return [] }
        stopped = true
        var problems: [String] = []
        rememberProgramGroups()
        if process.isRunning {
            if let client = try? SupervisorConnection(serverURL: unixURL, timeout: .seconds(5)) {
                _ = try? client.call("supervisor.shutdown")
            }
            if process.wait(timeout: .seconds(20)) == nil {
                problems.append("supervisord did not exit after shutdown; sent SIGTERM")
                process.signalGroup(SIGTERM)
                if process.wait(timeout: .seconds(10)) == nil {
                    process.signalGroup(SIGKILL)
                    _ = process.wait(timeout: .seconds(5))
                }
            }
        }
        if !eventually(timeout: .seconds(10), { liveProcesses(inProcessGroups: programGroups).isEmpty }) {
            let left = liveProcesses(inProcessGroups: programGroups)
            problems.append("processes left behind: \(left)")
            for group in programGroups { kill(-group, SIGKILL) }
        }
        if FileManager.default.fileExists(atPath: socketPath) {
            problems.append("socket file \(socketPath) left behind")
        }
        directory.remove()
        return problems
    }
}
