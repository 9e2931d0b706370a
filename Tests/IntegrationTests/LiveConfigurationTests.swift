import Foundation
import SupervisorClient
import Testing
import XMLRPC

/// Configuration changes on a running daemon with our `supervisorctl`: `update` leaves unchanged programs alone,
/// `reload` restarts into a changed config, and refuses a broken one while everything keeps running.
@Suite(.serialized) struct LiveConfigurationTests {
    static let supervisorctl = DaemonHarness.productsDirectory + "/supervisorctl"

    static func program(_ name: String, _ command: String = "/bin/sleep 1000") -> String {
        "[program:\(name)]\ncommand=\(command)\nstartsecs=0\nstopwaitsecs=2\n"
    }

    /// The daemon with a unix socket in its temp dir and `[supervisorctl]` pointing at it, plus `programs`.
    func write(_ d: DaemonHarness, _ programs: String...) {
        d.writeConfig("""
            [unix_http_server]
            file=\(d.dir)/s.sock

            [supervisorctl]
            serverurl=unix://\(d.dir)/s.sock

            \(programs.joined(separator: "\n"))
            """)
    }

    func ctl(_ d: DaemonHarness, _ arguments: String...) -> (status: Int32, output: String) {
        (try? DaemonHarness.run(Self.supervisorctl, ["-c", d.configPath] + arguments)) ?? (-1, "could not run")
    }

    func pid(_ d: DaemonHarness, _ name: String) -> Int? {
        let client = try? SupervisorConnection(serverURL: "unix://\(d.dir)/s.sock", timeout: .seconds(10))
        defer { client?.close() }
        return (try? client?.call("supervisor.getProcessInfo", [.string(name)]))?["pid"]?.intValue
    }

    func start(_ d: DaemonHarness, running names: String...) throws {
        try d.start()
        d.waitFor("\(names) running") { names.allSatisfy { (pid(d, $0) ?? 0) > 0 } }
    }

    @Test func updateRestartsOnlyWhatChangedAndUnchangedProgramsKeepTheirProcess() throws {
        let d = DaemonHarness()
        write(d, Self.program("same"), Self.program("changed"), Self.program("gone"))
        try start(d, running: "same", "changed", "gone")
        let same = pid(d, "same")
        let changed = pid(d, "changed")
        let uptime = try SupervisorConnection(serverURL: "unix://\(d.dir)/s.sock", timeout: .seconds(10))
            .call("supervisor.getProcessInfo", ["same"])["start"]
        write(d, Self.program("same"), Self.program("changed", "/bin/sleep 999"), Self.program("new"))
        let update = ctl(d, "update")
        #expect(update.status == 0)
        #expect(update.output == """
            gone: stopped
            gone: removed process group
            changed: stopped
            changed: updated process group
            new: added process group

            """)
        d.waitFor("new running") { (pid(d, "new") ?? 0) > 0 && (pid(d, "changed") ?? 0) > 0 }
        #expect(pid(d, "same") == same)
        #expect(try SupervisorConnection(serverURL: "unix://\(d.dir)/s.sock", timeout: .seconds(10))
            .call("supervisor.getProcessInfo", ["same"])["start"] == uptime)
        #expect(pid(d, "changed") != changed)
        #expect(!d.read(d.mainLog).contains("stopped: same"))
        #expect(d.stop() == 0)
    }

    @Test func aWaitedStopLogsWaitingEveryTwoSecondsAsSupervisorDoes() throws {
        let d = DaemonHarness()
        write(d, "[program:stubborn]\ncommand=/bin/sh -c \"trap '' TERM; exec sleep 1000\"\nstartsecs=0\nstopwaitsecs=3\n")
        try start(d, running: "stubborn")
        let stubborn = d.spawnedPid("stubborn") ?? 0
        #expect(ctl(d, "stop", "stubborn") == (0, "stubborn: stopped\n"))
        let lines = d.read(d.mainLog).split(separator: "\n").map { $0.dropFirst(24) }.filter { !$0.hasPrefix("DEBG") }
        let tail = lines.drop { !$0.hasPrefix("INFO waiting for stubborn to stop") }
        #expect(Array(tail.prefix(4)) == [
            "INFO waiting for stubborn to stop", "INFO waiting for stubborn to stop",
            "WARN killing 'stubborn' (\(stubborn)) with SIGKILL", "WARN stopped: stubborn (terminated by SIGKILL)",
        ])
        #expect(d.stop() == 0)
    }

    @Test func reloadRefusesABrokenConfigAndThenRestartsIntoTheFixedOne() throws {
        let d = DaemonHarness()
        write(d, Self.program("kept"), Self.program("dropped"))
        try start(d, running: "kept", "dropped")
        let kept = pid(d, "kept")
        write(d, Self.program("kept"), "[program:added]\ncommand=/bin/sleep 1000\nautostart=maybe\n")
        let refused = ctl(d, "reload")
        #expect(refused.status == 1)
        #expect(refused.output == "ERROR: CANT_REREAD: \(d.configPath):21: [program:added] autostart: "
            + "not a valid boolean value: 'maybe' (expected true or false, or yes/no, on/off, 1/0)\n")
        #expect(pid(d, "kept") == kept)
        #expect((pid(d, "dropped") ?? 0) > 0)
        #expect(!d.read(d.mainLog).contains("stopped:"))
        #expect(d.read(d.mainLog).contains("CRIT could not reload the configuration, keeping the running one: "
            + "\(d.configPath):21: [program:added] autostart: not a valid boolean value: 'maybe'"))

        write(d, Self.program("kept"), Self.program("added"))
        #expect(ctl(d, "reload") == (0, "Restarted supervisord\n"))
        d.waitFor("the new generation") { (pid(d, "added") ?? 0) > 0 && (pid(d, "kept") ?? 0) > 0 }
        #expect(pid(d, "kept") != kept)
        #expect(pid(d, "dropped") == nil)
        #expect(d.read(d.pidfile) == "\(d.process!.pid)\n")
        let status = ctl(d, "status")
        #expect(status.output.split(separator: "\n").map { $0.prefix(9) } == ["added    ", "kept     "])
        #expect(d.stop() == 0)
    }
}
