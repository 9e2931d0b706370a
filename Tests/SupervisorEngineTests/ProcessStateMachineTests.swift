import SupervisorConfig
@testable import SupervisorEngine
import Testing

/// One test per edge of the process state machine, named after it (like Supervisor's test_process.py).
@Suite struct ProcessStateMachineTests {
    var now = Moment(monotonic: 100, wall: 1_700_000_000)

    func machine(_ configure: (inout ProcessConfig) -> Void = { _ in }) -> ProcessStateMachine {
        var config = ProcessConfig(section: "program:p", name: "p", command: "/bin/p")
        configure(&config)
        return ProcessStateMachine(settings: .init(config))
    }

    mutating func at(_ seconds: Double) -> Moment {
        Moment(monotonic: 100 + seconds, wall: 1_700_000_000 + seconds)
    }

    /// Starts `m` and reports a spawn with pid 42 at `t`.
    mutating func started(_ m: inout ProcessStateMachine, at t: Double = 0) {
        _ = m.handle(.tick(autoStartAllowed: true), at: at(t))
        _ = m.handle(.spawned(pid: 42), at: at(t))
    }

    func changes(_ effects: [ProcessStateMachine.Effect]) -> [String] {
        effects.compactMap { if case .stateChanged(let c) = $0 { "\(c.from.name)->\(c.to.name)" } else { nil } }
    }

    func logs(_ effects: [ProcessStateMachine.Effect]) -> [String] {
        effects.compactMap { if case .log(let l, let m) = $0 { "\(l.name) \(m)" } else { nil } }
    }

    @Test mutating func stoppedToStartingOnFirstPassWhenAutostart() {
        var m = machine()
        let effects = m.handle(.tick(autoStartAllowed: true), at: at(0))
        #expect(changes(effects) == ["STOPPED->STARTING"])
        #expect(effects.contains(.spawn))
        #expect(m.lastStart == at(0))
    }

    /// A child that failed before exec (bad `directory`, `user`) never ran: handled after `startsecs` (a loaded
    /// machine), its exit still counts as too quick, so `startretries=0` gives up after one spawn instead of
    /// passing through RUNNING and EXITED and being restarted.
    @Test mutating func aChildThatFailedBeforeExecExitsTooQuicklyHoweverLateItIsHandled() {
        var m = machine { $0.startRetries = 0 }
        _ = m.handle(.tick(autoStartAllowed: true), at: at(0))
        _ = m.handle(.spawned(pid: 42, execFailed: true), at: at(0))
        #expect(m.nextDeadline == nil)
        #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(5))).isEmpty)
        #expect(changes(m.handle(.exited(ExitStatus(waitStatus: 127 << 8)), at: at(5))) == ["STARTING->BACKOFF"])
        #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(6))) == ["BACKOFF->FATAL"])
        // The next child that exec'd is judged by time again.
        _ = m.handle(.start, at: at(10))
        _ = m.handle(.spawned(pid: 43), at: at(10))
        #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(12))) == ["STARTING->RUNNING"])
    }

    @Test mutating func stoppedStaysStoppedWithoutAutostart() {
        var m = machine { $0.autostart = false }
        #expect(m.handle(.tick(autoStartAllowed: true), at: at(0)).isEmpty)
        #expect(m.state == .stopped)
    }

    @Test mutating func nothingStartsAutomaticallyWhileShuttingDown() {
        var m = machine()
        #expect(m.handle(.tick(autoStartAllowed: false), at: at(0)).isEmpty)
    }

    @Test mutating func spawnedLogsAndKeepsThePid() {
        var m = machine()
        _ = m.handle(.tick(autoStartAllowed: true), at: at(0))
        let effects = m.handle(.spawned(pid: 42), at: at(0))
        #expect(logs(effects) == ["INFO spawned: 'p' with pid 42"])
        #expect(m.pid == 42 && m.state == .starting)
    }

    @Test mutating func startingToRunningOnlyWhenStrictlyPastStartsecs() {
        var m = machine { $0.startSecs = 2 }
        started(&m)
        #expect(m.handle(.tick(autoStartAllowed: true), at: at(2)).isEmpty)
        let effects = m.handle(.tick(autoStartAllowed: true), at: at(2.01))
        #expect(changes(effects) == ["STARTING->RUNNING"])
        #expect(logs(effects) == ["INFO success: p entered RUNNING state, process has stayed up for > than 2 seconds (startsecs)"])
        #expect(m.backoff == 0)
    }

    @Test mutating func startsecsZeroIsRunningOnTheNextPass() {
        var m = machine { $0.startSecs = 0 }
        started(&m)
        #expect(changes(m.handle(.tick(autoStartAllowed: true), at: at(0.001))) == ["STARTING->RUNNING"])
    }

    @Test mutating func startingToBackoffWhenItExitsTooQuickly() {
        var m = machine { $0.startSecs = 5 }
        started(&m)
        let effects = m.handle(.exited(.exited(code: 1)), at: at(1))
        #expect(changes(effects) == ["STARTING->BACKOFF"])
        #expect(logs(effects) == ["WARN exited: p (exit status 1; not expected)"])
        #expect(m.spawnError == "Exited too quickly (process log may have details)")
        #expect(m.exitStatus == nil && m.pid == 0 && m.backoff == 1)
        #expect(m.delay == at(1).monotonic + 1)
    }

    @Test mutating func backoffDelayGrowsBySecondsAndRetriesStrictlyAfterIt() {
        var m = machine { $0.startSecs = 5; $0.startRetries = 5 }
        var t = 0.0
        for attempt in 1...3 {
            started(&m, at: t)
            _ = m.handle(.exited(.exited(code: 1)), at: at(t + 0.1))
            #expect(m.backoff == attempt)
            t += 0.1
            #expect(m.handle(.tick(autoStartAllowed: true), at: at(t + Double(attempt))).isEmpty)
            t += Double(attempt) + 0.01
        }
        let effects = m.handle(.tick(autoStartAllowed: true), at: at(t))
        #expect(changes(effects) == ["BACKOFF->STARTING"])
        if case .stateChanged(let c)? = effects.first { #expect(c.tries == 3) }
    }

    @Test mutating func backoffBecomesFatalAfterStartRetries() {
        var m = machine { $0.startSecs = 5; $0.startRetries = 2 }
        var t = 0.0
        var attempts = 0
        var lastEffects: [ProcessStateMachine.Effect] = []
        for _ in 0..<10 where m.state != .fatal {
            lastEffects = m.handle(.tick(autoStartAllowed: true), at: at(t))
            if m.state == .starting {
                attempts += 1
                _ = m.handle(.spawned(pid: 42), at: at(t))
                _ = m.handle(.exited(.exited(code: 1)), at: at(t + 0.1))
            }
            t += 10
        }
        #expect(attempts == 3)
        #expect(changes(lastEffects) == ["BACKOFF->FATAL"])
        #expect(logs(lastEffects) == ["INFO gave up: p entered FATAL state, too many start retries too quickly"])
        #expect(m.state == .fatal && m.backoff == 0)
    }

    @Test mutating func spawnFailureGoesToBackoffWithItsMessage() {
        var m = machine()
        _ = m.handle(.tick(autoStartAllowed: true), at: at(0))
        let effects = m.handle(.spawnFailed("can't find command 'nope'"), at: at(0))
        #expect(changes(effects) == ["STARTING->BACKOFF"])
        #expect(logs(effects) == ["INFO spawnerr: can't find command 'nope'"])
        #expect(m.spawnError == "can't find command 'nope'")
    }

    @Test mutating func runningToExitedExpected() {
        var m = machine { $0.autorestart = .never }
        started(&m)
        _ = m.handle(.tick(autoStartAllowed: true), at: at(2))
        let effects = m.handle(.exited(.exited(code: 0)), at: at(3))
        #expect(changes(effects) == ["RUNNING->EXITED"])
        #expect(logs(effects) == ["INFO exited: p (exit status 0; expected)"])
        #expect(m.exitStatus == 0 && m.spawnError == nil && m.lastStop == at(3))
        #expect(m.handle(.tick(autoStartAllowed: true), at: at(10)).isEmpty)
    }

    @Test mutating func runningToExitedUnexpectedSetsBadExitCode() {
        var m = machine { $0.autorestart = .never }
        started(&m)
        _ = m.handle(.tick(autoStartAllowed: true), at: at(2))
        let effects = m.handle(.exited(.exited(code: 3)), at: at(3))
        #expect(logs(effects) == ["WARN exited: p (exit status 3; not expected)"])
        #expect(m.spawnError == "Bad exit code 3")
        guard case .stateChanged(let c)? = effects.first else { Issue.record("no change"); return }
        #expect(c.expected == false && c.pid == 42)
    }

    @Test(arguments: [(AutorestartPolicy.always, 0, true), (.always, 3, true), (.unexpected, 0, false),
                      (.unexpected, 3, true), (.never, 3, false)])
    mutating func exitedRestartsPerAutorestart(policy: AutorestartPolicy, code: Int, restarts: Bool) {
        var m = machine { $0.autorestart = policy }
        started(&m)
        _ = m.handle(.tick(autoStartAllowed: true), at: at(2))
        _ = m.handle(.exited(.exited(code: code)), at: at(3))
        let effects = m.handle(.tick(autoStartAllowed: true), at: at(3.5))
        #expect(effects.contains(.spawn) == restarts)
    }

    @Test mutating func killedBySignalIsExitStatusMinusOneAndNeverExpected() {
        var m = machine { $0.exitCodes = [0, 255] }
        started(&m)
        _ = m.handle(.tick(autoStartAllowed: true), at: at(2))
        let effects = m.handle(.exited(.signaled(signal: 9, coreDumped: false)), at: at(3))
        #expect(logs(effects) == ["WARN exited: p (terminated by SIGKILL; not expected)"])
        #expect(m.exitStatus == -1)
    }

    @Test mutating func exitExactlyAtStartsecsCountsAsRunningThenExited() {
        var m = machine { $0.startSecs = 1 }
        started(&m)
        let effects = m.handle(.exited(.exited(code: 0)), at: at(1))
        #expect(changes(effects) == ["STARTING->RUNNING", "RUNNING->EXITED"])
    }

    @Test mutating func runningToStoppingOnStopThenStoppedWhenReaped() {
        var m = machine { $0.stopSignal = 3; $0.stopWaitSecs = 7; $0.stopAsGroup = true; $0.killAsGroup = true }
        started(&m)
        _ = m.handle(.tick(autoStartAllowed: true), at: at(2))
        let effects = m.handle(.stop, at: at(3))
        #expect(changes(effects) == ["RUNNING->STOPPING"])
        #expect(effects.contains(.sendSignal(3, pid: 42, toGroup: true)))
        #expect(logs(effects) == ["DEBG killing p (pid 42) process group with signal SIGQUIT"])
        #expect(m.delay == at(10).monotonic && m.administrativeStop)
        let done = m.handle(.exited(.signaled(signal: 3, coreDumped: false)), at: at(4))
        #expect(changes(done) == ["STOPPING->STOPPED"])
        #expect(logs(done) == ["WARN stopped: p (terminated by SIGQUIT)"])
        #expect(m.state == .stopped && m.pid == 0 && m.exitStatus == -1)
        #expect(m.handle(.tick(autoStartAllowed: true), at: at(10)).isEmpty)
    }

    @Test mutating func stoppedWithExpectedExitLogsAtInfo() {
        var m = machine()
        started(&m)
        _ = m.handle(.stop, at: at(0.5))
        #expect(logs(m.handle(.exited(.exited(code: 0)), at: at(0.6))) == ["INFO stopped: p (exit status 0)"])
    }

    @Test mutating func startingToStoppingOnStop() {
        var m = machine()
        started(&m)
        #expect(changes(m.handle(.stop, at: at(0.5))) == ["STARTING->STOPPING"])
    }

    @Test mutating func stoppingEscalatesToSigkillAfterStopwaitsecsAndRepeats() {
        var m = machine { $0.stopWaitSecs = 10; $0.stopAsGroup = false; $0.killAsGroup = true }
        started(&m)
        _ = m.handle(.stop, at: at(1))
        #expect(m.handle(.tick(autoStartAllowed: true), at: at(10.9)).isEmpty)
        let kill = m.handle(.tick(autoStartAllowed: true), at: at(11))
        #expect(logs(kill).first == "WARN killing 'p' (42) with SIGKILL")
        #expect(kill.contains(.sendSignal(9, pid: 42, toGroup: true)))
        #expect(changes(kill).isEmpty)
        let again = m.handle(.tick(autoStartAllowed: true), at: at(21))
        #expect(again.contains(.sendSignal(9, pid: 42, toGroup: true)))
    }

    @Test mutating func backoffStopGoesToStoppedWithoutASignalAndKeepsTheCounter() {
        var m = machine { $0.startSecs = 5 }
        started(&m)
        _ = m.handle(.exited(.exited(code: 1)), at: at(1))
        let effects = m.handle(.stop, at: at(1.5))
        #expect(changes(effects) == ["BACKOFF->STOPPED"])
        #expect(!effects.contains { if case .sendSignal = $0 { true } else { false } })
        #expect(m.backoff == 1)
    }

    @Test mutating func stopOfAStoppedProcessLogsThatItWasNotRunning() {
        var m = machine()
        let effects = m.handle(.stop, at: at(0))
        #expect(logs(effects) == ["DEBG attempted to kill p with sig SIGTERM but it wasn't running"])
        #expect(m.state == .stopped)
    }

    @Test mutating func failedSignalGoesToUnknown() {
        var m = machine()
        started(&m)
        _ = m.handle(.stop, at: at(0.5))
        let effects = m.handle(.signalFailed("unknown problem killing p (42):EPERM"), at: at(0.5))
        #expect(changes(effects) == ["STOPPING->UNKNOWN"])
        #expect(m.state == .unknown && !m.killing)
    }

    @Test mutating func shutdownGivesUpABackoffProcess() {
        var m = machine { $0.startSecs = 5 }
        started(&m)
        _ = m.handle(.exited(.exited(code: 1)), at: at(1))
        let effects = m.handle(.stopForShutdown, at: at(1.5))
        #expect(changes(effects) == ["BACKOFF->FATAL"])
    }

    @Test mutating func startWhileRunningWarnsAndChangesNothing() {
        var m = machine()
        started(&m)
        #expect(logs(m.handle(.start, at: at(0.5))) == ["WARN process 'p' already running"])
        #expect(m.state == .starting)
    }

    @Test mutating func fatalCanBeStartedAgainByRequest() {
        var m = machine { $0.startRetries = 0; $0.startSecs = 5 }
        started(&m)
        _ = m.handle(.exited(.exited(code: 1)), at: at(0.1))
        _ = m.handle(.tick(autoStartAllowed: true), at: at(0.2))
        #expect(m.state == .fatal)
        #expect(m.canStart)
        #expect(changes(m.handle(.start, at: at(1))) == ["FATAL->STARTING"])
    }

    @Test mutating func nextDeadlineFollowsTheState() {
        var m = machine { $0.startSecs = 3; $0.stopWaitSecs = 4 }
        #expect(m.nextDeadline == nil)
        started(&m)
        #expect((m.nextDeadline ?? 0) > at(3).monotonic && (m.nextDeadline ?? 0) < at(3.01).monotonic)
        _ = m.handle(.stop, at: at(1))
        #expect(m.nextDeadline == at(5).monotonic)
    }

    @Test func exitStatusDecoding() {
        #expect(ExitStatus(waitStatus: 3 << 8) == .exited(code: 3))
        #expect(ExitStatus(waitStatus: 15).message == "terminated by SIGTERM")
        #expect(ExitStatus(waitStatus: 11 | 0x80).message == "terminated by SIGSEGV (core dumped)")
        #expect(ExitStatus(waitStatus: 40).message == "terminated by signal 40")
        #expect(ExitStatus(waitStatus: 0).message == "exit status 0")
    }
}
