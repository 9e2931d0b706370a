import SupervisorEngine
import XMLRPC

/// Our own namespace, `swiftsupervisor.*`: readiness, health and dependency details that Supervisor's answers
/// have no field for (docs/readiness.md).
extension SupervisorAPI {
    func getProcessChecks(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        let name = try a.string(0)
        let key = try await resolveProcess(name)
        let snapshot = try await run { () async throws(EngineError) in try await engine.processChecks(key.namespec) }
        return ProcessCheckEncoding.encode(snapshot)
    }

    func getAllProcessChecks() async -> XMLRPCValue {
        .array(await engine.allProcessChecks().map(ProcessCheckEncoding.encode))
    }
}

/// The `swiftsupervisor.getProcessChecks` struct.
enum ProcessCheckEncoding {
    static func encode(_ s: ProcessCheckSnapshot) -> XMLRPCValue {
        .struct([
            ("name", .string(s.name)),
            ("group", .string(s.group)),
            ("ready_check", .string(s.readyCheck ?? "")),
            ("ready", .bool(s.ready)),
            ("notify_status", .string(s.notifyStatus ?? "")),
            ("health_check", .string(s.healthCheck ?? "")),
            ("health", .string(s.health?.rawValue ?? "")),
            ("health_failures", .int(s.healthFailures)),
            ("health_last_failure", .string(s.lastHealthFailure ?? "")),
            ("depends_on", .array(s.dependencies.map { d in
                .struct([
                    ("name", .string(d.name)), ("condition", .string(d.condition.rawValue)),
                    ("met", .bool(d.met)), ("state", .string(d.state)),
                ])
            })),
            ("waiting_for", .string(s.waitingFor ?? "")),
            ("failure_restarts", .int(s.failureRestarts)),
        ])
    }
}
