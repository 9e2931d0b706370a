import Foundation
import Testing

/// `supervisord -n` as a container's entrypoint (README "Containers"): PID 1 of a new pid namespace
/// (`unshare --pid --fork --mount-proc`, what `docker run` gives it), children's output on the daemon's own
/// stdout/stderr, SIGTERM (`docker stop`) passed on to every program, exit 0 once they are stopped. Orphan reaping
/// as PID 1 is `DaemonLifecycleTests.asPIDOneItReapsOrphanedGrandchildren`.
@Suite(.serialized) struct ContainerTests {
    @Test func asPIDOneTERMStopsEveryProgramAndExitsZeroWithTheirOutputOnStdout() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), getuid() == 0 else { return }
        let d = DaemonHarness()
        d.writeConfig("""
            [program:web]
            command=/bin/sh -c 'trap "echo web got TERM; exit 0" TERM; echo web up; while true; do sleep 0.1; done'
            stdout_logfile=/dev/stdout
            stdout_logfile_maxbytes=0
            redirect_stderr=true
            startsecs=0

            [program:worker]
            command=/bin/sh -c 'trap "echo worker got TERM >&2; exit 0" TERM; echo worker up >&2; while true; do sleep 0.1; done'
            stdout_logfile=/dev/stdout
            stdout_logfile_maxbytes=0
            stderr_logfile=/dev/stderr
            stderr_logfile_maxbytes=0
            startsecs=0

            [program:orphan_maker]
            command=/bin/sh -c '(sleep 0.2; exit 3) & exit 0'
            autorestart=false
            startsecs=0
            """)
        try d.start(["-n"], prefix: ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc"])
        d.waitFor("both programs' output on the daemon's stdout") {
            d.read("daemon.out").contains("web up\n") && d.read("daemon.out").contains("worker up\n")
        }
        d.waitForLog("success: worker entered RUNNING state")
        d.waitForLog("reaped unknown pid")
        let (_, children) = try DaemonHarness.run("/usr/bin/pgrep", ["-P", "\(d.process!.pid)"])
        let daemon = try #require(pid_t(children.split(separator: "\n").first ?? ""))
        #expect(d.read("/proc/\(daemon)/status").contains("NSpid:\t\(daemon)\t1\n"), "the daemon is PID 1 inside")
        let programs = (try DaemonHarness.run("/usr/bin/pgrep", ["-P", "\(daemon)"])).1
            .split(separator: "\n").compactMap { pid_t($0) }
        #expect(programs.count == 2)

        // `docker stop`: SIGTERM to PID 1 (unshare itself does not forward signals, so it goes to the daemon).
        kill(daemon, SIGTERM)
        #expect(d.process?.wait(timeout: 15) == 0, "the namespace's PID 1 exits 0 once its programs stopped")
        let output = d.read("daemon.out")
        #expect(output.contains("web got TERM\n"))
        #expect(output.contains("worker got TERM\n"))
        #expect(output.contains("stopped: web (exit status 0)"))
        #expect(output.contains("stopped: worker (exit status 0)"))
        for pid in programs { #expect(!DaemonHarness.isAlive(pid)) }
        #expect(!FileManager.default.fileExists(atPath: d.pidfile))
    }
}
