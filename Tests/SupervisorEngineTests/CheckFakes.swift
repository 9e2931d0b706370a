import Synchronization
import SupervisorConfig
import SupervisorEngine

/// Answers polled checks as the test says, per process name; counts the tries.
final class FakeProbeRunner: ProbeRunner {
    struct State {
        var answers: [String: ProbeResult] = [:]
        var tries: [String: Int] = [:]
        var timeouts: [String: [Double]] = [:]
    }
    let state = Mutex(State())

    func answer(_ name: String, _ result: ProbeResult) { state.withLock { $0.answers[name] = result } }
    func tries(_ name: String) -> Int { state.withLock { $0.tries[name] ?? 0 } }
    func timeouts(_ name: String) -> [Double] { state.withLock { $0.timeouts[name] ?? [] } }

    func run(_ check: ProbeCheck, for config: ProcessConfig, group: String, timeout: Double) async -> ProbeResult {
        state.withLock { s in
            s.tries[config.name, default: 0] += 1
            s.timeouts[config.name, default: []].append(timeout)
            return s.answers[config.name] ?? .failed("connection refused")
        }
    }
}

/// A one-process program group with checks.
func checkedProgram(
    _ name: String, priority: Int = 999, autostart: Bool = true, autorestart: AutorestartPolicy = .unexpected,
    startSecs: Int = 0, startRetries: Int = 3, exitCodes: [Int] = [0], stopWaitSecs: Int = 10,
    readiness: ReadinessOptions? = nil, health: HealthOptions? = nil, dependsOn: [Dependency] = []
) -> ProcessGroupConfig {
    var config = ProcessConfig(
        section: "program:\(name)", name: name, command: "/bin/\(name)", priority: priority, autostart: autostart,
        autorestart: autorestart, startSecs: startSecs, startRetries: startRetries, stopWaitSecs: stopWaitSecs,
        exitCodes: exitCodes)
    config.checks = ProcessChecks(readiness: readiness, health: health, dependencies: dependsOn)
    return ProcessGroupConfig(name: name, priority: priority, kind: .program, processes: [config])
}

/// `depends_on = name[:condition]` for a one-process program.
func dependency(_ name: String, _ condition: DependencyCondition = .ready) -> Dependency {
    Dependency(name: name, condition: condition, processes: [ProcessReference(group: name, name: name)])
}
