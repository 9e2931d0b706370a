import Foundation
import Glibc
import Testing

/// Our supervisorctl against Python's, command by command (spec `ctl.md`; issue 5): each row of `compatTable` runs
/// with both programs against the same daemon in the same state, and stdout, stderr and the exit status must be
/// equal after masking pids, uptimes, dates, Python source locations and the program path. A difference fails
/// unless the row documents it as an improvement, and then it must differ exactly as documented.
///
/// The table runs once against Python's supervisord (which proves the table right) and once against ours;
/// `SUPERVISORCTL_COMPAT_DAEMONS` (`python`, `ours`, or paths, comma-separated) chooses others.
@Suite(.serialized) struct CompatTests {
    @Test(arguments: compatDaemons)
    func everyCommandMatchesPythonsSupervisorctl(daemonName: String) throws {
        let python = try pythonSupervisorBin.get() + "/supervisorctl"
        let daemon = try Daemon(binary: try supervisordBinary(daemonName), programs: compatPrograms)
        defer { daemon.stop() }
        let stubs = try StubServers()
        defer { stubs.stop() }
        try writeAuxiliaryFiles(daemon)
        try daemon.start()

        var places = [
            "{conf}": daemon.configPath, "{dir}": daemon.directory.path, "{unix}": daemon.unixURL,
            "{http}": daemon.httpURL, "{refused}": "http://127.0.0.1:\(try freeTCPPort())",
            "{missing}": daemon.directory.file("nope.sock"),
        ]
        for (name, url) in stubs.urls { places["{stub:\(name)}"] = url }
        let runners = [CtlRunner(binary: python, scratch: daemon.directory),
                       CtlRunner(binary: ourSupervisorctl, scratch: daemon.directory)]

        var identical = 0
        var improvements: [String] = []
        var differences = 0
        for row in compatTable {
            let args = row.args.map { arg in places.reduce(arg) { $0.replacingOccurrences(of: $1.key, with: $1.value) } }
            let stdin = row.stdin.map { text in places.reduce(text) { $0.replacingOccurrences(of: $1.key, with: $1.value) } }
            var outputs: [CtlOutput] = []
            for runner in runners {
                try establish(row.setup, on: daemon)
                let output = try runner.run(
                    args, stdin: stdin, directory: row.inDaemonDirectory ? daemon.directory.path : nil,
                    interruptWhen: row.interrupt.map { interrupt in
                        { stdout in
                            switch interrupt {
                            case .whenOutputContains(let text): return stdout.contains(text)
                            case .whenState(let name, let state): return daemon.state(name) == state
                            }
                        }
                    })
                outputs.append(row.masking.apply(output, binary: runner.binary))
            }
            let (pythonOutput, ourOutput) = (outputs[0], outputs[1])
            if let improvement = row.improvement {
                if improvement.check(pythonOutput, ourOutput) {
                    improvements.append(improvement.description)
                } else {
                    differences += 1
                    Issue.record("""
                        [\(daemonName)] \(row.label): not the documented improvement (\(improvement.description))
                        == Python ==
                        \(pythonOutput)
                        == ours ==
                        \(ourOutput)
                        """)
                }
            } else if pythonOutput == ourOutput {
                identical += 1
            } else {
                differences += 1
                Issue.record("""
                    [\(daemonName)] \(row.label): outputs differ
                    == Python ==
                    \(pythonOutput)
                    == ours ==
                    \(ourOutput)
                    """)
            }
        }
        print("supervisorctl comparison against \(daemonName) supervisord: \(compatTable.count) commands, "
            + "\(identical) identical, \(improvements.count) documented improvements, \(differences) differences")
        for description in Set(improvements).sorted() {
            print("  improvement: \(description)")
        }
    }

    /// Config files for the option rows, and a program file that is not executable.
    private func writeAuxiliaryFiles(_ daemon: Daemon) throws {
        let dir = daemon.directory
        try "[foo]\nbar=1\n".write(toFile: dir.file("nosection.conf"), atomically: true, encoding: .utf8)
        try "garbage\n".write(toFile: dir.file("badsyntax.conf"), atomically: true, encoding: .utf8)
        try "[supervisorctl]\nserverurl=unix://\(daemon.socketPath)\n"
            .write(toFile: dir.file("unixonly.conf"), atomically: true, encoding: .utf8)
        try "#!/bin/sh\n".write(toFile: dir.file("notexec"), atomically: true, encoding: .utf8)
        chmod(dir.file("notexec"), 0o644)
    }

    private func establish(_ setup: [Setup], on daemon: Daemon) throws {
        try daemon.waitUntilRunning()
        for step in setup {
            switch step {
            case .daemonUp:
                break
            case .baseline:
                try daemon.applyConfig(extra: "")
                try daemon.ensureRunning(["echoer", "web:web_00", "web:web_01", "cat", "clearme"])
                try daemon.ensureStopped(["sleeper", "nolog", "slow", "grp:g1", "grp:g2"])
            case .running(let names):
                try daemon.ensureRunning(names)
            case .stopped(let names):
                try daemon.ensureStopped(names)
            case .config(let applied, let written):
                try daemon.applyConfig(extra: applied)
                daemon.writeConfig(extra: written)
            case .reread(let extra):
                daemon.writeConfig(extra: extra)
                _ = try daemon.call("reloadConfig")
            case .removed(let group):
                _ = try? daemon.call("stopProcessGroup", [.string(group)])
                _ = try? daemon.call("removeProcessGroup", [.string(group)])
            }
        }
    }
}
