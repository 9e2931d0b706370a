import SupervisorConfig
@testable import SupervisorEngine
import Testing

/// The state machine's readiness edges (`ready_check`): STARTING lasts until the check passed and `startsecs`
/// elapsed; missing `ready_timeout` is a failed start.
@Suite struct ReadinessMachineTests {
    func machine(
        timeout: Double = 60, startSecs: Int = 1, startRetries: Int = 3, check: ReadyCheck = .notify
    ) -> ProcessStateMachine {
        var config = ProcessConfig(section: "program:p", name: "p", command: "/bin/p", startSecs: startSecs,
                                   startRetries: startRetries, stopWaitSecs: 10)
        config.checks = ProcessChecks(readiness: ReadinessOptions(check: check, timeout: timeout))
        return ProcessStateMachine(settings: .init(config))
    }

    func at(_ seconds: Double) -> Moment { Moment(monotonic: 100 + seconds, wall: 1_700_000_000 + seconds) }

    func started(_ m: inout ProcessStateMachine, at t: Double = 0) {
        _ = m.handle(.tick(autoStartAllowed: true), at: at(t))
        _ = m.handle(.spawned(pid: 42), at: at(t))
    }

    func changes(_ effects: [ProcessStateMachine.Effect]) -> [String] {
        effects.compactMap { if case .stateChanged(let c) = $0 { "\(c.from.name)->\(c.to.name)" } else { nil } }
    }

    func logs(_ effects: [ProcessStateMachine.Effect]) -> [String] {
        effects.compactMap { if case .log(let l, let m) = $0 { "\(l.name) \(m)" } else { nil } }
    }

    @Test func staysStartingPastStartsecsUntilReady() {
        var m = machine()
        started(&m)
        #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(5))).isEmpty)
        #expect(m.state == .starting)
        #expect(m.nextDeadline == at(60).monotonic)
        let effects = m.handle(.ready, at: at(6))
        #expect(changes(effects) == ["STARTING->RUNNING"])
        #expect(logs(effects) == [
            "INFO ready: p passed its ready check (notify)",
            "INFO success: p entered RUNNING state, process is ready (notify)",
        ])
    }

    @Test func readyBeforeStartsecsWaitsForStartsecs() {
        var m = machine(startSecs: 3)
        started(&m)
        #expect(changes(m.handle(.ready, at: at(0.01))).isEmpty)
        #expect(m.nextDeadline! > at(3).monotonic && m.nextDeadline! < at(3.01).monotonic)
        #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(2))).isEmpty)
        #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(3.1))) == ["STARTING->RUNNING"])
    }

    @Test func startsecsZeroRunsTheMomentItIsReady() {
        var m = machine(startSecs: 0)
        started(&m)
        #expect(changes(m.handle(.ready, at: at(0))) == ["STARTING->RUNNING"])
    }

    @Test func missedReadyTimeoutStopsTheChildAndCountsAsAFailedStart() {
        var m = machine(timeout: 5, startRetries: 0, check: .probe(.tcp(host: "127.0.0.1", port: 9)))
        started(&m)
        _ = m.handle(.notReady("connection refused"), at: at(1))
        let effects = m.handle(.tick(autoStartAllowed: true), at: at(5))
        #expect(effects.contains(.sendSignal(15, pid: 42, toGroup: false)))
        #expect(logs(effects).contains(
            "WARN not ready: p did not pass its ready check (tcp://127.0.0.1:9) within 5 seconds (last: connection refused); stopping it"))
        #expect(m.state == .starting)
        #expect(m.readyTimedOut)
        // Still there after stopwaitsecs: SIGKILL, once.
        #expect(m.nextDeadline == at(15).monotonic)
        #expect(m.handle(.tick(autoStartAllowed: true), at: at(15)).contains(.sendSignal(9, pid: 42, toGroup: false)))
        #expect(!m.handle(.tick(autoStartAllowed: true), at: at(16)).contains(.sendSignal(9, pid: 42, toGroup: false)))
        #expect(changes(m.handle(.exited(.signaled(signal: 9, coreDumped: false)), at: at(16))) == ["STARTING->BACKOFF"])
        #expect(m.spawnError == "not ready after 5 seconds: connection refused")
        #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(17))) == ["BACKOFF->FATAL"])
    }

    @Test func aReadyAfterTheTimeoutIsIgnored() {
        var m = machine(timeout: 2)
        started(&m)
        _ = m.handle(.tick(autoStartAllowed: true), at: at(2))
        #expect(changes(m.handle(.ready, at: at(2.5))).isEmpty)
        #expect(m.state == .starting)
    }

    @Test func exitingAfterStartsecsButBeforeReadyIsAFailedStart() {
        var m = machine()
        started(&m)
        let effects = m.handle(.exited(.exited(code: 0)), at: at(10))
        #expect(changes(effects) == ["STARTING->BACKOFF"])
        #expect(m.spawnError == "Exited before it was ready (process log may have details)")
    }

    @Test func aStopRequestDuringTheReadyTimeoutKillEndsStopped() {
        var m = machine(timeout: 2)
        started(&m)
        _ = m.handle(.tick(autoStartAllowed: true), at: at(2))
        #expect(changes(m.handle(.stop, at: at(3))) == ["STARTING->STOPPING"])
        #expect(changes(m.handle(.exited(.signaled(signal: 15, coreDumped: false)), at: at(3.5))) == ["STOPPING->STOPPED"])
    }

    @Test func theNextSpawnStartsUnready() {
        var m = machine(startSecs: 0)
        started(&m)
        _ = m.handle(.ready, at: at(0))
        _ = m.handle(.exited(.exited(code: 1)), at: at(30))
        #expect(m.state == .exited)
        _ = m.handle(.tick(autoStartAllowed: true), at: at(31))
        _ = m.handle(.spawned(pid: 43), at: at(31))
        #expect(!m.isReady)
        #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(40))).isEmpty)
    }
}
