import Foundation

/// Scenario 5: `churnPrograms` programs `/bin/true` with `autorestart=true`, `startsecs=0`: spawns per second (the
/// main log's `spawned:` lines) and the daemon's CPU per spawn, over `churnSeconds` after a second of warm-up.
func runChurn(_ kind: Kind, _ binaries: Binaries, _ settings: Settings, _ results: Results) throws {
    let d = Daemon(kind: kind)
    var programs = ""
    for i in 0..<settings.churnPrograms {
        programs += """
            [program:churn\(i)]
            command=/bin/true
            startsecs=0
            autorestart=true
            stdout_logfile=NONE
            stderr_logfile=NONE


            """
    }
    d.writeConfig(programs: programs)
    try d.start(binaries)
    _ = try d.connect()
    usleep(1_000_000)
    let s0 = d.mainLogCount("spawned: ")
    let c0 = Proc.cpuSeconds(d.pid) ?? 0
    let t0 = Proc.now()
    usleep(UInt32(settings.churnSeconds * 1_000_000))
    let s1 = d.mainLogCount("spawned: ")
    let c1 = Proc.cpuSeconds(d.pid) ?? 0
    let elapsed = Proc.now() - t0
    let spawns = Double(s1 - s0)
    guard spawns > 0 else { throw BenchError("churn: no spawns in \(format(elapsed)) s") }
    results.add("churn", "\(settings.churnPrograms) programs exiting at once: spawns", "spawns/s", .atLeast(8),
                kind: kind, spawns / elapsed)
    results.add("churn", "daemon CPU per spawn", "CPU-ms", .atMost(0.25), kind: kind, (c1 - c0) * 1000 / spawns)
    d.stop()
}
