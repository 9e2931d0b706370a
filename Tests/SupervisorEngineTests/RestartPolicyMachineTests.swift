import SupervisorConfig
@testable import SupervisorEngine
import Testing

/// `backoff_strategy`, `backoff_max`, `restart_backoff`, `backoff_reset_after` and `startretries = infinite` in the
/// state machine.
@Suite struct RestartPolicyMachineTests {
    func machine(
        _ policy: RestartPolicy?, startRetries: Int = 3, autorestart: AutorestartPolicy = .unexpected
    ) -> ProcessStateMachine {
        var config = ProcessConfig(section: "program:p", name: "p", command: "/bin/p", autorestart: autorestart,
                                   startSecs: 1, startRetries: startRetries)
        config.restartPolicy = policy
        return ProcessStateMachine(settings: .init(config))
    }

    func at(_ seconds: Double) -> Moment { Moment(monotonic: 100 + seconds, wall: 1_700_000_000 + seconds) }

    func changes(_ effects: [ProcessStateMachine.Effect]) -> [String] {
        effects.compactMap { if case .stateChanged(let c) = $0 { "\(c.from.name)->\(c.to.name)" } else { nil } }
    }

    /// Spawns at `t` and lets it die at once; returns the BACKOFF delay that followed.
    func failedStart(_ m: inout ProcessStateMachine, at t: Double) -> Double? {
        _ = m.handle(m.state == .stopped ? .tick(autoStartAllowed: true) : .tick(autoStartAllowed: true), at: at(t))
        _ = m.handle(.spawned(pid: 42), at: at(t))
        _ = m.handle(.exited(.exited(code: 1)), at: at(t))
        return m.delay.map { $0 - at(t).monotonic }
    }

    @Test func delays() {
        let linear = RestartPolicy()
        #expect((1...4).map { linear.delay(forAttempt: $0) } == [1, 2, 3, 4])
        let exponential = RestartPolicy(strategy: .exponential, maxDelay: 300)
        #expect((1...10).map { exponential.delay(forAttempt: $0) } == [1, 2, 4, 8, 16, 32, 64, 128, 256, 300])
        #expect(exponential.delay(forAttempt: 200) == 300)
        #expect(RestartPolicy(maxDelay: 2.5).delay(forAttempt: 9) == 2.5)
    }

    @Test func exponentialStartRetries() {
        var m = machine(RestartPolicy(strategy: .exponential, maxDelay: 300), startRetries: 10)
        var delays: [Double] = []
        var t = 0.0
        for _ in 0..<4 {
            delays.append(failedStart(&m, at: t) ?? -1)
            t += delays.last! + 0.01
        }
        #expect(delays == [1, 2, 4, 8])
    }

    @Test func infiniteStartRetriesNeverGiveUp() {
        var m = machine(nil, startRetries: ProcessConfig.infiniteStartRetries)
        var t = 0.0
        for _ in 0..<50 {
            let d = failedStart(&m, at: t) ?? 0
            t += d + 0.01
            #expect(m.state == .backoff)
        }
        #expect(m.backoff == 50)
    }

    @Test func crashAfterRunningWaitsInBackoffWithoutCountingStartRetries() {
        var m = machine(RestartPolicy(restartBackoff: true, resetAfter: 60), startRetries: 0)
        var t = 0.0
        var delays: [Double] = []
        for _ in 0..<4 {
            _ = m.handle(.tick(autoStartAllowed: true), at: at(t))
            _ = m.handle(.spawned(pid: 42), at: at(t))
            _ = m.handle(.tick(autoStartAllowed: true), at: at(t + 2))
            #expect(m.state == .running)
            let effects = m.handle(.exited(.exited(code: 1)), at: at(t + 3))
            #expect(changes(effects) == ["RUNNING->EXITED", "EXITED->BACKOFF"])
            #expect(m.crashBackoff)
            delays.append((m.delay ?? 0) - at(t + 3).monotonic)
            // Not before the delay, and never FATAL (startretries = 0 counts only failed starts).
            #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(t + 3 + delays.last! - 0.1))).isEmpty)
            t += 3 + delays.last! + 0.01
        }
        #expect(delays == [1, 2, 3, 4])
        // Up for 60 s: the count starts over.
        _ = m.handle(.tick(autoStartAllowed: true), at: at(t))
        _ = m.handle(.spawned(pid: 42), at: at(t))
        _ = m.handle(.tick(autoStartAllowed: true), at: at(t + 2))
        _ = m.handle(.exited(.exited(code: 1)), at: at(t + 70))
        #expect(m.crashRestarts == 1)
        #expect(m.delay == at(t + 71).monotonic)
    }

    @Test func expectedExitsAndAutorestartFalseAreNotBackedOff() {
        var m = machine(RestartPolicy(restartBackoff: true), autorestart: .unexpected)
        _ = m.handle(.tick(autoStartAllowed: true), at: at(0))
        _ = m.handle(.spawned(pid: 42), at: at(0))
        _ = m.handle(.tick(autoStartAllowed: true), at: at(2))
        #expect(changes(m.handle(.exited(.exited(code: 0)), at: at(3))) == ["RUNNING->EXITED"])
        var never = machine(RestartPolicy(restartBackoff: true), autorestart: .never)
        _ = never.handle(.tick(autoStartAllowed: true), at: at(0))
        _ = never.handle(.spawned(pid: 42), at: at(0))
        _ = never.handle(.tick(autoStartAllowed: true), at: at(2))
        #expect(changes(never.handle(.exited(.exited(code: 1)), at: at(3))) == ["RUNNING->EXITED"])
    }

    @Test func withoutThePolicyACrashRestartsAtOnce() {
        var m = machine(nil)
        _ = m.handle(.tick(autoStartAllowed: true), at: at(0))
        _ = m.handle(.spawned(pid: 42), at: at(0))
        _ = m.handle(.tick(autoStartAllowed: true), at: at(2))
        #expect(changes(m.handle(.exited(.exited(code: 1)), at: at(3))) == ["RUNNING->EXITED"])
        #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(3))) == ["EXITED->STARTING"])
    }

    @Test func aStopDuringCrashBackoffEndsStopped() {
        var m = machine(RestartPolicy(restartBackoff: true))
        _ = m.handle(.tick(autoStartAllowed: true), at: at(0))
        _ = m.handle(.spawned(pid: 42), at: at(0))
        _ = m.handle(.tick(autoStartAllowed: true), at: at(2))
        _ = m.handle(.exited(.exited(code: 1)), at: at(3))
        #expect(changes(m.handle(.stop, at: at(3.5))) == ["BACKOFF->STOPPED"])
        #expect(!m.crashBackoff)
    }
}
