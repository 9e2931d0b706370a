import Foundation
import Testing

/// `health_check` against a real HTTP server (`Tests/ReadinessFixtures/health_server.py`) that answers 503 on
/// `/health` once asked to at `/sick`, with our `supervisord`: each `health_action` (restart, none, shutdown),
/// counted from the requests the server itself logs (`health PID STATUS`).
@Suite(.serialized) struct HealthCheckTests {
    static func program(_ rig: ReadinessRig, port: Int, interval: String, action: String) -> String {
        """
        [program:api]
        command=\(ReadinessRig.python) \(ReadinessRig.fixtures)/health_server.py \(port) \(rig.dir)/health.log
        startsecs = 0
        ready_check = tcp://127.0.0.1:\(port)
        ready_interval = 0.1
        health_check = http://127.0.0.1:\(port)/health
        health_interval = \(interval)
        health_timeout = 5
        health_retries = 3
        health_action = \(action)
        """
    }

    /// The `/health` requests the server logged: (pid, status) in order.
    static func checks(_ rig: ReadinessRig) -> [(pid: Int, status: Int)] {
        rig.harness.read("health.log").split(separator: "\n").compactMap { line in
            let f = line.split(separator: " ")
            guard f.count == 3, let pid = Int(f[1]), let status = Int(f[2]) else { return nil }
            return (pid, status)
        }
    }

    /// Waits until `api` is RUNNING and a health check passed; returns its pid.
    static func healthyAPI(_ rig: ReadinessRig) -> Int {
        var pid = 0
        rig.harness.waitFor(timeout: 30, "api RUNNING and healthy: \(rig.info("api"))\n\(rig.mainLog)") {
            let api = rig.info("api")
            pid = api.pid
            return api.state == "RUNNING" && api.description == "pid \(api.pid), uptime \(Self.uptime(api.description)), healthy"
        }
        return pid
    }

    /// The `H:MM:SS` of a description `pid N, uptime H:MM:SS, ...`.
    static func uptime(_ description: String) -> String {
        guard let range = description.range(of: "uptime ") else { return "" }
        return String(description[range.upperBound...].prefix { $0 != "," })
    }

    @Test func anUnhealthyProcessIsRestartedAfterExactlyHealthRetriesFailures() throws {
        let rig = ReadinessRig()
        let port = ReadinessRig.port()
        rig.writeConfig(Self.program(rig, port: port, interval: "0.5", action: "restart"))
        try rig.start()
        let first = Self.healthyAPI(rig)
        #expect(httpGet(port: port, path: "/sick")?.status == 200)

        rig.harness.waitForLog(
            "WARN unhealthy: api failed its health check (http://127.0.0.1:\(port)/health) 3 times in a row, last: HTTP 503;"
                + " restarting it", timeout: 30)
        rig.harness.waitFor(timeout: 30, "api back with a new pid: \(rig.info("api"))") {
            let api = rig.info("api")
            return api.state == "RUNNING" && api.pid != first && api.pid != 0
        }
        let second = Self.healthyAPI(rig)
        #expect(second != first)
        #expect(!DaemonHarness.isAlive(pid_t(first)))
        let failures = Self.checks(rig).filter { $0.pid == first && $0.status == 503 }
        #expect(failures.count == 3, "the first process answered 503 to \(failures.count) checks: \(Self.checks(rig))")
        #expect(Self.checks(rig).filter { $0.pid == first }.last?.status == 503, "no check after the third failure")
        #expect(Self.checks(rig).contains { $0.pid == second && $0.status == 200 })
        #expect(rig.logLines(containing: "unhealthy: api").count == 1)
        #expect(rig.logLines(containing: "spawned: 'api'").count == 2)
        #expect(rig.harness.stop(timeout: 30) == 0)
    }

    @Test func healthActionNoneOnlyReports() throws {
        let rig = ReadinessRig()
        let port = ReadinessRig.port()
        // A slower interval keeps the `(3 of 3)` description on screen long enough to be seen.
        rig.writeConfig(Self.program(rig, port: port, interval: "1.5", action: "none"))
        try rig.start()
        let pid = Self.healthyAPI(rig)
        #expect(httpGet(port: port, path: "/sick")?.status == 200)

        var seen = ""
        rig.harness.waitFor(timeout: 30, "the unhealthy description; last: \(seen)") {
            seen = rig.info("api").description
            return seen.hasSuffix(", unhealthy: HTTP 503 (3 of 3)")
        }
        #expect(seen == "pid \(pid), uptime \(Self.uptime(seen)), unhealthy: HTTP 503 (3 of 3)")
        rig.harness.waitForLog(
            "WARN unhealthy: api failed its health check (http://127.0.0.1:\(port)/health) 3 times in a row, last: HTTP 503"
                + " (health_action = none)")
        let status = try rig.ctl("status", "api")
        // `(3 of 3)`, or `(4 in a row)` if a fourth check already failed.
        #expect(status.output.contains(" RUNNING ") && status.output.contains(", unhealthy: HTTP 503 ("), "\(status.output)")
        // More failures: still the same process, still reported.
        rig.harness.waitFor(timeout: 30, "a fourth failure") {
            Self.checks(rig).filter { $0.pid == pid && $0.status == 503 }.count >= 4
        }
        rig.harness.waitFor(timeout: 10, "the count to go on") { rig.info("api").description.contains("unhealthy: HTTP 503 (") }
        let api = rig.info("api")
        #expect(api.state == "RUNNING" && api.pid == pid)
        #expect(DaemonHarness.isAlive(pid_t(pid)))
        #expect(rig.logLines(containing: "spawned: 'api'").count == 1)

        // One success makes it healthy again.
        #expect(httpGet(port: port, path: "/well")?.status == 200)
        rig.harness.waitForLog("INFO healthy again: api passed its health check (http://127.0.0.1:\(port)/health)")
        #expect(Self.healthyAPI(rig) == pid)
        #expect(rig.harness.stop(timeout: 30) == 0)
    }

    @Test func healthActionShutdownStopsEverythingAndExitsOne() throws {
        let rig = ReadinessRig()
        let port = ReadinessRig.port()
        rig.writeConfig(Self.program(rig, port: port, interval: "0.5", action: "shutdown") + """


            [program:other]
            command=/bin/sleep 100000
            startsecs = 0
            """)
        try rig.start()
        let other = rig.waitForState("other", "RUNNING").pid
        let api = Self.healthyAPI(rig)
        #expect(httpGet(port: port, path: "/sick")?.status == 200)

        let daemon = try #require(rig.harness.process)
        #expect(daemon.wait(timeout: 40) == 1, "supervisord exits with status 1\n\(rig.mainLog)")
        #expect(!DaemonHarness.isAlive(pid_t(other)), "the other program was stopped")
        #expect(!DaemonHarness.isAlive(pid_t(api)))
        #expect(rig.logLines(containing: "; shutting down (health_action = shutdown)").count == 1, "\(rig.mainLog)")
        #expect(rig.logLines(containing: "stopped: other").count == 1)
        #expect(rig.logLines(containing: "stopped: api").count == 1)
        #expect(Self.checks(rig).filter { $0.status == 503 }.count == 3)
    }
}
