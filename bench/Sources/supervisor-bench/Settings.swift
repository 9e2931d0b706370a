/// Sizes and durations of a run: the full run (the figures) or `--smoke` (tiny, about a minute, to prove
/// every scenario still works).
struct Settings {
    var smoke = false
    var repetitions = 3
    var startupCounts = [100, 500, 1000]
    /// `--startup-counts 1000` etc.: only these N in the startup scenario.
    var idleCounts: Set<Int> = [500, 1000]
    var idleSeconds = 10.0
    var stopAllCount = 500
    var floodWriters = 8
    var floodSeconds = 10.0
    var floodMaxBytes = "10MB"
    var floodMaxBytesValue = 10 * 1024 * 1024
    var rpcProcesses = 1000
    var rpcSeconds = 3.0
    var ctlRuns = 3
    var churnPrograms = 50
    var churnSeconds = 5.0
    var floorSpawns = 500
    var floorChurnSpawns = 2000
    /// Readiness latency: fresh daemons per check kind and daemon, the service's time to get ready, and the
    /// `ready_interval` of the tcp:// check.
    var readinessRuns = 10
    var readinessWarmup = 0.3
    var readinessInterval = 0.1
    /// Health checks: programs, and seconds of measurement (`--duration`).
    var healthPrograms = 1000
    var healthSeconds = 60.0

    static let smokeRun = Settings(
        smoke: true, repetitions: 1, startupCounts: [5, 20], idleCounts: [20], idleSeconds: 1, stopAllCount: 20,
        floodWriters: 2, floodSeconds: 1, floodMaxBytes: "200KB", floodMaxBytesValue: 200 * 1024, rpcProcesses: 20,
        rpcSeconds: 0.3, ctlRuns: 1, churnPrograms: 5, churnSeconds: 1, floorSpawns: 20, floorChurnSpawns: 100,
        readinessRuns: 1, readinessWarmup: 0.05, readinessInterval: 0.1, healthPrograms: 20, healthSeconds: 2)
}
