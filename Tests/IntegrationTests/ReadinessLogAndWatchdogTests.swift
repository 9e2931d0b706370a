import Foundation
import Testing

/// `ready_check = log:REGEX` (with and without a log file) and `watchdog_sec` with the real daemon and real children.
@Suite struct ReadinessLogAndWatchdogTests {
    @Test func aMatchingLineMakesItRunningEvenWithoutALogFile() throws {
        let rig = ReadinessRig()
        rig.writeConfig("""
            [program:server]
            command=\(ReadinessRig.python) -c "import time,sys; time.sleep(1.5); print('booting'); print('server listening on 8080', flush=True); time.sleep(1000)"
            ready_check=log:listening on [0-9]+
            stdout_logfile=NONE
            startsecs=0

            [program:err]
            command=/bin/sh -c 'sleep 1; echo "ready now" >&2; exec sleep 1000'
            ready_check=log:^ready now$
            startsecs=0
            """)
        try rig.start()
        let starting = rig.info("server")
        #expect(starting.state == "STARTING", "\(starting)")
        #expect(starting.description == "waiting for a log line matching listening on [0-9]+")
        rig.waitForState("server", "RUNNING")
        rig.waitForState("err", "RUNNING")
        #expect(rig.mainLog.contains("success: server entered RUNNING state, process is ready (log:listening on [0-9]+)"))
        #expect(rig.mainLog.contains("success: err entered RUNNING state, process is ready (log:^ready now$)"))
    }

    @Test func aSilentWatchdogRestartsTheProcess() throws {
        let rig = ReadinessRig()
        let envFile = rig.dir + "/wd.env"
        rig.writeConfig("""
            [program:wd]
            command=\(ReadinessRig.python) \(ReadinessRig.fixtures)/watchdog_child.py \(envFile) 2
            ready_check=notify
            watchdog_sec=1
            startsecs=0

            [program:plain]
            command=/bin/sh -c 'echo "NOTIFY_SOCKET=${NOTIFY_SOCKET:-unset}" > \(rig.dir)/plain.env; exec sleep 1000'
            startsecs=0
            """)
        try rig.start()
        let first = rig.waitForState("wd", "RUNNING")
        #expect(first.description.hasSuffix(", pinging"), "\(first)")
        // Pings for 2 s, then silence: restarted about a second later, not before.
        rig.harness.waitForLog("watchdog: wd sent no WATCHDOG=1 for 1 second; restarting it", timeout: 30)
        rig.harness.waitFor(timeout: 30, "a second wd process") {
            rig.harness.read(envFile).split(separator: "\n").count >= 2
        }
        let lines = rig.harness.read(envFile).split(separator: "\n")
        #expect(lines.allSatisfy { $0.hasSuffix(" WATCHDOG_USEC=1000000 NOTIFY_SOCKET=set") }, "\(lines)")
        #expect(lines.first?.hasPrefix("\(first.pid) ") == true)
        #expect(rig.harness.read(rig.dir + "/plain.env") == "NOTIFY_SOCKET=unset\n")
    }
}
