import Foundation
import Testing

/// Issue 17's restart policy and exit policy with the real daemon and real children: crash loops under each
/// backoff strategy (delays read from the spawn times the child writes), and `shutdown_on` ending a container's
/// PID 1 with the program's exit status.
@Suite(.serialized) struct LifecyclePolicyTests {
    /// The spawn times a crash-looping child appended to `file`, once there are `count`.
    func spawnTimes(_ d: DaemonHarness, _ file: String, count: Int, timeout: Double) -> [Double] {
        d.waitFor(timeout: timeout, "\(count) spawns in \(file)") {
            d.read(file).split(separator: "\n").count >= count
        }
        return d.read(file).split(separator: "\n").compactMap { Double($0) }
    }

    func gaps(_ times: [Double]) -> [Double] { zip(times.dropFirst(), times).map { $0 - $1 } }

    @Test func crashLoopsBackOffExponentiallyAndLinearlyWithoutBecomingFatal() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:exp]
            command=/bin/sh -c 'date +%%s.%%N >> \(d.dir)/exp.times; exit 1'
            startsecs=0
            startretries=0
            restart_backoff=true
            backoff_strategy=exponential
            backoff_max=4

            [program:lin]
            command=/bin/sh -c 'date +%%s.%%N >> \(d.dir)/lin.times; exit 1'
            startsecs=0
            startretries=0
            restart_backoff=true
            """)
        try d.start()
        let exp = spawnTimes(d, "\(d.dir)/exp.times", count: 5, timeout: 40)
        let lin = spawnTimes(d, "\(d.dir)/lin.times", count: 4, timeout: 40)
        // Each delay is the policy's, give or take the time to spawn and reap on a loaded machine.
        for (gap, want) in zip(gaps(exp), [1.0, 2, 4, 4]) {
            #expect(gap >= want - 0.05 && gap < want + 1.0, "exponential: \(gaps(exp))")
        }
        for (gap, want) in zip(gaps(lin), [1.0, 2, 3]) {
            #expect(gap >= want - 0.05 && gap < want + 1.0, "linear: \(gaps(lin))")
        }
        let log = d.read(d.mainLog)
        #expect(log.contains("backoff: exp starts again in 4 seconds (restart 3 after an unexpected exit)"))
        #expect(!log.contains("gave up: exp"), "startretries=0 counts only starts that fail before RUNNING")
        _ = d.stop()
    }

    @Test func shutdownOnUnexpectedEndsPIDOneWithTheProgramsStatus() throws {
        guard FileManager.default.isExecutableFile(atPath: "/usr/bin/unshare"), getuid() == 0 else { return }
        let d = DaemonHarness()
        d.writeConfig("""
            [program:main]
            command=/bin/sh -c 'sleep 1; exit 3'
            startsecs=0
            shutdown_on=unexpected

            [program:sidecar]
            command=/bin/sh -c 'trap "echo sidecar got TERM; exit 0" TERM; while true; do sleep 0.1; done'
            stdout_logfile=/dev/stdout
            stdout_logfile_maxbytes=0
            startsecs=0
            """)
        try d.start(["-n"], prefix: ["/usr/bin/unshare", "--pid", "--fork", "--mount-proc"])
        #expect(d.process?.wait(timeout: 30) == 3, "the daemon exits with main's exit status")
        let log = d.read(d.mainLog)
        #expect(log.contains("shutting down: main exited unexpectedly (exit status 3) and has shutdown_on = unexpected"))
        #expect(log.contains("stopped: sidecar (exit status 0)"))
        #expect(log.components(separatedBy: "spawned: 'main'").count == 2, "main is spawned once, not restarted")
        #expect(d.read("daemon.out").contains("sidecar got TERM"))
    }

    @Test func shutdownOnFatalExitsOneAfterASpawnError() throws {
        let d = DaemonHarness()
        d.writeConfig("""
            [program:main]
            command=/nonexistent/program
            startretries=1
            shutdown_on=fatal
            """)
        try d.start()
        #expect(d.process?.wait(timeout: 30) == 1)
        #expect(d.read(d.mainLog).contains("main reached FATAL (it never ran) and has shutdown_on = fatal"))
    }
}
