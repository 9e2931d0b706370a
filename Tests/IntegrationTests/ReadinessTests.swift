import Foundation
import SupervisorClient
import Testing
import XMLRPC

/// Readiness and dependencies against real programs (docs/readiness.md), with our `supervisord`: Debian's Redis
/// under `ready_check = notify` (`redis-server --supervised systemd` sends `STATUS=` and `READY=1`), a one-shot
/// migration, gunicorn behind an `http://` check with `depends_on = redis, migrate:completed`, and PostgreSQL behind
/// `exec:pg_isready`. The order is proven from what the children write themselves (`Tests/ReadinessFixtures`):
/// CLOCK_MONOTONIC stamps, and the answer of `redis-cli ping` / `pg_isready` taken as the dependent was spawned.
/// Needs redis-server, redis-tools, postgresql (scripts/install-readiness-deps.sh) and gunicorn
/// (scripts/install-guide-deps.sh); a test whose programs are missing is skipped with the reason.
@Suite(.serialized) struct ReadinessTests {
    /// Redis, slowed by 2 s before it execs (same pid: the `sh` becomes `redis-server`), so a dependent that did
    /// not wait would be spawned long before Redis answers; `migrate` exits `migrateExit` after 0.3 s; `web` is
    /// gunicorn, started through `stamp_then_exec.py`, which records its spawn time and `redis-cli ping`'s answer.
    static func webStack(_ rig: ReadinessRig, redisPort: Int, webPort: Int, redisDelay: Int, migrateExit: Int) -> String {
        let fixtures = ReadinessRig.fixtures
        let redis = "exec \(ReadinessRig.redisServer!) --supervised systemd --port \(redisPort) --bind 127.0.0.1"
            + " --save '' --appendonly no --dir \(rig.dir)"
        let web = "\(ReadinessRig.python) \(fixtures)/stamp_then_exec.py \(rig.dir)/web.stamp"
            + " \(ReadinessRig.redisCli!) -p \(redisPort) ping"
            + " -- \(ReadinessRig.gunicorn!) -w 1 -b 127.0.0.1:\(webPort) --chdir \(fixtures) web_app:app"
        return """
            [program:redis]
            command=/bin/sh -c "sleep \(redisDelay); \(redis)"
            ready_check = notify
            ready_timeout = 30
            startsecs = 0
            stdout_logfile = \(rig.dir)/redis.log

            [program:migrate]
            command=\(ReadinessRig.python) \(fixtures)/migrate.py \(rig.dir)/migrate.stamp \(migrateExit)
            autorestart = false
            startsecs = 0

            [program:web]
            command=\(web)
            depends_on = redis, migrate:completed
            ready_check = http://127.0.0.1:\(webPort)/health
            ready_interval = 0.2
            ready_timeout = 60
            startsecs = 0
            stopasgroup = true
            """
    }

    @Test func webStartsOnlyAfterRedisAnswersAndTheMigrationCompleted() throws {
        // scripts/test installs the peers; a missing one is a failure that names it, not a silent skip.
        if let missing = ReadinessRig.missingForRedis {
            Issue.record(Comment(rawValue: missing))
            return
        }
        let rig = ReadinessRig()
        let redisPort = ReadinessRig.port()
        let webPort = ReadinessRig.port()
        rig.writeConfig(Self.webStack(rig, redisPort: redisPort, webPort: webPort, redisDelay: 2, migrateExit: 0))
        try rig.start()

        // While Redis sleeps: STARTING (startsecs=0 alone would make it RUNNING at once), and web waits for it.
        var redisWaited = false
        var webWaited = false
        rig.harness.waitFor(timeout: 30, "redis RUNNING\n\(rig.mainLog)") {
            let redis = rig.info("redis")
            let web = rig.info("web")
            if redis.state == "STARTING", redis.description.hasPrefix("waiting for READY=1") { redisWaited = true }
            if web.state == "STOPPED", web.description.hasPrefix("waiting for "), web.description.contains("redis (STARTING)") {
                webWaited = true
            }
            return redis.state == "RUNNING"
        }
        #expect(redisWaited, "redis was seen STARTING, waiting for READY=1")
        #expect(webWaited, "web was seen STOPPED, waiting for redis (STARTING)")
        // RUNNING means READY=1 came: Redis answers at once, and its STATUS= text is in the description.
        let ping = try DaemonHarness.run(ReadinessRig.redisCli!, ["-p", "\(redisPort)", "ping"])
        #expect(ping.0 == 0 && ping.1 == "PONG\n", "redis-cli ping: \(ping)")
        let redis = rig.info("redis")
        #expect(redis.description.hasPrefix("pid \(redis.pid), uptime "))
        #expect(redis.description.hasSuffix(", Ready to accept connections"), "\(redis.description)")
        #expect(rig.logLines(containing: "success: redis entered RUNNING state, process is ready (notify)").count == 1)
        let status = try rig.ctl("status", "redis")
        #expect(status.status == 0)
        #expect(status.output.hasPrefix("redis "), "\(status.output)")
        #expect(status.output.contains(" RUNNING ") && status.output.hasSuffix(", Ready to accept connections\n"),
                "\(status.output)")

        // web comes up behind its http check and answers.
        let web = rig.waitForState("web", "RUNNING", timeout: 60)
        #expect(httpGet(port: webPort, path: "/health")?.body == "ok")
        #expect(rig.logLines(containing: "success: web entered RUNNING state, process is ready (http://127.0.0.1:\(webPort)/health)").count == 1)

        // From the children's own records: web was spawned after the migration exited 0 and when Redis answered
        // PING; from the main log: after Redis became RUNNING and migrate exited expected.
        let webStamp = rig.stamp("web.stamp")
        let migrateStamp = rig.stamp("migrate.stamp")
        #expect(webStamp["pid"] == "\(web.pid)", "the stamp is the supervised process's (it exec'd gunicorn)")
        #expect(webStamp["check_status"] == "0" && webStamp["check_output"] == "PONG", "\(webStamp)")
        #expect(migrateStamp["exit"] == "0")
        let webSpawned = try #require(webStamp["monotonic"].flatMap(Double.init))
        let migrateExited = try #require(migrateStamp["monotonic"].flatMap(Double.init))
        #expect(webSpawned > migrateExited, "web spawned at \(webSpawned), migrate exited at \(migrateExited)")
        let redisRunning = try #require(rig.logIndex("success: redis entered RUNNING state"))
        let migrateExitLine = try #require(rig.logIndex("exited: migrate (exit status 0; expected)"))
        let webSpawnLine = try #require(rig.logIndex("spawned: 'web' with pid"))
        #expect(webSpawnLine > redisRunning && webSpawnLine > migrateExitLine, "\(rig.mainLog)")
        #expect(rig.logLines(containing: "spawned: 'web'").count == 1, "web was spawned once")

        // Shutdown: the dependent stops before what it depends on.
        #expect(rig.harness.stop(timeout: 40) == 0)
        let webStopped = try #require(rig.logIndex("stopped: web"))
        let redisStopped = try #require(rig.logIndex("stopped: redis"))
        #expect(webStopped < redisStopped, "\(rig.mainLog)")
    }

    @Test func aFailingMigrationKeepsWebFromEverBeingSpawned() throws {
        // scripts/test installs the peers; a missing one is a failure that names it, not a silent skip.
        if let missing = ReadinessRig.missingForRedis {
            Issue.record(Comment(rawValue: missing))
            return
        }
        let rig = ReadinessRig()
        let webPort = ReadinessRig.port()
        rig.writeConfig(Self.webStack(rig, redisPort: ReadinessRig.port(), webPort: webPort, redisDelay: 0, migrateExit: 3))
        try rig.start()

        let blocker = "dependency migrate exited with status 3"
        rig.harness.waitForLog("WARN web is not started: \(blocker)", timeout: 30)
        rig.waitForState("redis", "RUNNING")
        let web = rig.info("web")
        #expect(web.state == "STOPPED")
        #expect(web.description == blocker)
        let status = try rig.ctl("status", "web")
        #expect(status.output.contains(" STOPPED ") && status.output.hasSuffix(" \(blocker)\n"), "\(status.output)")
        #expect(rig.logLines(containing: "web is not started").count == 1, "logged once\n\(rig.mainLog)")

        // An explicit start runs the migration again (a dependency is started first), which fails again: an error.
        let start = try rig.ctl("start", "web")
        #expect(start.status != 0, "\(start)")
        #expect(start.output == "web: ERROR (spawn error: \(blocker))\n", "\(start.output)")
        #expect(rig.logLines(containing: "spawned: 'migrate'").count == 2, "\(rig.mainLog)")
        do {
            _ = try rig.call("supervisor.startProcess", [.string("web")])
            Issue.record("startProcess web succeeded")
        } catch let error as ClientError {
            guard case .fault(let code, let text) = error else { throw error }
            #expect(code == 50, "SPAWN_ERROR")
            #expect(text.contains("web: \(blocker)"), "the fault names the blocker: \(text)")
        }

        // Never spawned: no spawn line, no stamp, still STOPPED with the blocker.
        #expect(rig.logLines(containing: "spawned: 'web'").isEmpty, "\(rig.mainLog)")
        #expect(!FileManager.default.fileExists(atPath: rig.dir + "/web.stamp"))
        #expect(rig.info("web").state == "STOPPED")
        #expect(rig.info("web").description == blocker)
        #expect(httpGet(port: webPort, path: "/health") == nil)
        #expect(rig.harness.stop(timeout: 40) == 0)
    }

    /// PostgreSQL (a cluster made by `initdb` as the postgres user) under `user=postgres` with
    /// `ready_check = exec:pg_isready`; a dependent records `pg_isready`'s answer when it is spawned.
    @Test func postgresIsReadyWhenPgIsReadySaysSo() throws {
        // scripts/test installs the peers; a missing one is a failure that names it, not a silent skip.
        if let missing = ReadinessRig.missingForPostgres {
            Issue.record(Comment(rawValue: missing))
            return
        }
        let rig = ReadinessRig()
        let bin = try #require(ReadinessRig.postgresBin)
        let port = ReadinessRig.port()
        let pgDir = rig.dir + "/pg"
        let data = pgDir + "/data"
        // The postgres user must reach its directory through the temp directory (mkdtemp makes it 0700).
        chmod(rig.dir, 0o755)
        try FileManager.default.createDirectory(atPath: pgDir, withIntermediateDirectories: true)
        _ = try DaemonHarness.run("/bin/chown", ["postgres:postgres", pgDir])
        let initdb = try DaemonHarness.run(
            "/usr/sbin/runuser",
            ["-u", "postgres", "--", bin + "/initdb", "-D", data, "-A", "trust", "-U", "postgres", "--no-sync",
             "--no-instructions"],
            timeout: 120)
        try #require(initdb.0 == 0, "initdb: \(initdb.1)")

        let isReady = "\(bin)/pg_isready -h \(pgDir) -p \(port)"
        rig.writeConfig("""
            [program:pg]
            command=\(bin)/postgres -D \(data) -k \(pgDir) -p \(port) -c listen_addresses=
            user=postgres
            ready_check = exec:\(isReady) -q
            ready_interval = 0.2
            ready_timeout = 60
            startsecs = 0
            stopsignal = INT
            stopwaitsecs = 30
            redirect_stderr = true
            stdout_logfile = \(pgDir)/postgres.log

            [program:app]
            command=\(ReadinessRig.python) \(ReadinessRig.fixtures)/stamp_then_exec.py \(rig.dir)/app.stamp \(isReady) -- /bin/sleep 100000
            depends_on = pg
            startsecs = 0
            """)
        try rig.start()
        let pg = rig.waitForState("pg", "RUNNING", timeout: 60)
        #expect(pg.description.hasPrefix("pid \(pg.pid), uptime "))
        #expect(rig.logLines(containing: "success: pg entered RUNNING state, process is ready (exec:\(isReady) -q)").count == 1,
                "\(rig.mainLog)")
        rig.waitForState("app", "RUNNING")
        // RUNNING at once (startsecs = 0): the stamp follows once pg_isready answered.
        rig.harness.waitFor(timeout: 30, "app.stamp") { FileManager.default.fileExists(atPath: rig.dir + "/app.stamp") }
        let stamp = rig.stamp("app.stamp")
        #expect(stamp["check_status"] == "0", "\(stamp)")
        #expect(stamp["check_output"] == "\(pgDir):\(port) - accepting connections", "\(stamp)")
        let pgRunning = try #require(rig.logIndex("success: pg entered RUNNING state"))
        let appSpawned = try #require(rig.logIndex("spawned: 'app' with pid"))
        #expect(appSpawned > pgRunning)
        // postgres runs as the postgres user.
        let owner = try DaemonHarness.run("/bin/ps", ["-o", "user=", "-p", "\(pg.pid)"])
        #expect(owner.1.trimmingCharacters(in: .whitespacesAndNewlines) == "postgres")

        #expect(rig.harness.stop(timeout: 60) == 0)
        let appStopped = try #require(rig.logIndex("stopped: app"))
        let pgStopped = try #require(rig.logIndex("stopped: pg"))
        #expect(appStopped < pgStopped)
    }
}
