import Glibc
import SupervisorConfig
import Testing

@testable import SupervisorRuntime

/// `rlimit_*`: set by the spawn shim between fork and exec and read back by the child from `/proc/self/limits`.
@Suite struct ResourceLimitTests {
    /// The `/proc/self/limits` row names of each key.
    static let rows: [ResourceLimitKind: String] = [
        .nofile: "Max open files", .nproc: "Max processes", .core: "Max core file size", .as: "Max address space",
        .memlock: "Max locked memory", .stack: "Max stack size", .cpu: "Max cpu time",
    ]

    /// `(soft, hard)` of `row` in a `/proc/<pid>/limits` text, as written there (`unlimited` or a number).
    static func limits(_ text: String, row: String) -> (String, String)? {
        guard let line = text.split(separator: "\n").first(where: { $0.hasPrefix(row + " ") }) else { return nil }
        let fields = line.dropFirst(row.count).split(separator: " ")
        guard fields.count >= 2 else { return nil }
        return (String(fields[0]), String(fields[1]))
    }

    /// Whether `row` of a `/proc/<pid>/limits` text shows `soft` and `hard`.
    static func has(_ text: String, row: String, _ soft: String, _ hard: String) -> Bool {
        guard let (s, h) = limits(text, row: row) else { return false }
        return s == soft && h == hard
    }

    /// A limit for `kind` at or below the daemon's own hard limit, so any user may set it.
    static func settable(_ kind: ResourceLimitKind, soft: UInt64, hard: UInt64) -> SpawnResourceLimit {
        let resource = ResourceLimits.number(kind)
        let own = ResourceLimits.daemonHardLimit(resource) ?? nil
        let h = min(hard, own ?? .max)
        return SpawnResourceLimit(resource: resource, soft: min(soft, h), hard: h, label: kind.key)
    }

    static func catLimits(_ limits: [SpawnResourceLimit], user: SpawnUser? = nil) throws -> ChildOutcome {
        var spec = SpawnSpec(name: "limits", executablePath: "/bin/cat", arguments: ["cat", "/proc/self/limits"],
                             environment: [])
        spec.resourceLimits = limits
        spec.user = user
        return try runToCompletion(spec)
    }

    @Test func everyLimitIsReadBackByTheChild() throws {
        let wanted: [(ResourceLimitKind, UInt64, UInt64)] = [
            (.nofile, 100, 200), (.nproc, 300, 400), (.core, 0, 1 << 20), (.as, 1 << 33, 1 << 34),
            (.memlock, 64 << 10, 128 << 10), (.stack, 4 << 20, 16 << 20), (.cpu, 500, 600),
        ]
        let limits = wanted.map { Self.settable($0.0, soft: $0.1, hard: $0.2) }
        let outcome = try Self.catLimits(limits)
        #expect(outcome.status?.exitStatus == 0, "\(outcome.stderr)")
        for (kind, limit) in zip(wanted.map(\.0), limits) {
            let got = Self.limits(outcome.stdout, row: Self.rows[kind]!)
            #expect(got?.0 == limit.soft.map(String.init) && got?.1 == limit.hard.map(String.init),
                    "\(kind.key): \(String(describing: got)) for \(limit)")
        }
    }

    @Test func unlimitedIsInfinity() throws {
        // The core file size may be raised to unlimited only where the hard limit already is (or by root).
        guard let own = ResourceLimits.daemonHardLimit(ResourceLimits.number(.core)), own == nil || ResourceLimits.mayRaiseHardLimits
        else { return }
        let limit = SpawnResourceLimit(resource: ResourceLimits.number(.core), soft: nil, hard: nil, label: "x")
        let outcome = try Self.catLimits([limit])
        #expect(Self.has(outcome.stdout, row: "Max core file size", "unlimited", "unlimited"))
    }

    @Test func aLimitTheKernelRefusesIsAClearChildFailure() throws {
        // A soft limit above the hard one is EINVAL for everyone (the config parser refuses it; the shim still
        // reports it like Supervisor's chdir failure).
        let limit = SpawnResourceLimit(resource: ResourceLimits.number(.nofile), soft: 10, hard: 5,
                                       label: "rlimit_nofile to 10:5")
        let outcome = try Self.catLimits([limit])
        #expect(outcome.child.childFailure == ChildSetupFailure(step: .resourceLimit, code: EINVAL))
        #expect(outcome.stderr
            == "supervisor: couldn't set rlimit_nofile to 10:5: EINVAL\nsupervisor: child process was not spawned\n")
        #expect(outcome.status?.exitStatus == 127)
        #expect(outcome.stdout.isEmpty)
    }

    @Test(.enabled(if: getuid() == 0 && ResourceLimits.mayRaiseHardLimits, "needs root with CAP_SYS_RESOURCE"))
    func rootRaisesAHardLimitBeforeTheUserSwitch() throws {
        let resource = ResourceLimits.number(.nofile)
        let own = try #require(ResourceLimits.daemonHardLimit(resource) ?? nil)
        let raised = min(own + 1000, 1 << 20)
        try #require(raised > own, "the daemon's hard limit is already at the kernel's maximum")
        let limit = SpawnResourceLimit(resource: resource, soft: raised, hard: raised, label: "rlimit_nofile")
        let nobody = SpawnUser(uid: 65534, gid: 65534, groups: [65534])
        let outcome = try Self.catLimits([limit], user: nobody)
        #expect(outcome.status?.exitStatus == 0, "\(outcome.stderr)")
        #expect(Self.has(outcome.stdout, row: "Max open files", "\(raised)", "\(raised)"))
    }

    /// Without CAP_SYS_RESOURCE the kernel refuses in the child too (the runtime refuses before spawning).
    @Test(.enabled(if: !ResourceLimits.mayRaiseHardLimits, "needs a daemon without CAP_SYS_RESOURCE"))
    func raisingAHardLimitWithoutPrivilegeFailsInTheChild() throws {
        let resource = ResourceLimits.number(.nofile)
        let own = try #require(ResourceLimits.daemonHardLimit(resource) ?? nil)
        let label = "rlimit_nofile to \(own + 1):\(own + 1)"
        let limit = SpawnResourceLimit(resource: resource, soft: own + 1, hard: own + 1, label: label)
        let outcome = try Self.catLimits([limit])
        #expect(outcome.child.childFailure == ChildSetupFailure(step: .resourceLimit, code: EPERM))
        #expect(outcome.stderr == "supervisor: couldn't set \(label): EPERM\nsupervisor: child process was not spawned\n")
        #expect(outcome.status?.exitStatus == 127)
    }

    @Test func anUnprivilegedDaemonRefusesToRaiseAHardLimitBeforeSpawning() throws {
        let resource = ResourceLimits.number(.nofile)
        let own = try #require(ResourceLimits.daemonHardLimit(resource) ?? nil)
        let limits = ProcessLimits([ResourceLimit(.nofile, soft: 100, hard: own + 1)])
        guard case .failure(let failure) = ResourceLimits.spawnLimits(limits, privileged: false) else {
            Issue.record("no failure")
            return
        }
        #expect(failure.kind == .other)
        #expect(failure.message == "couldn't set rlimit_nofile to 100:\(own + 1): EPERM (above the daemon's hard "
            + "limit \(own), which only a daemon with CAP_SYS_RESOURCE, such as root, may raise)")
        let unlimited = ProcessLimits([ResourceLimit(.nofile, soft: 100, hard: nil)])
        guard case .failure = ResourceLimits.spawnLimits(unlimited, privileged: false) else {
            Issue.record("unlimited is above a finite hard limit")
            return
        }
        let lower = ProcessLimits([ResourceLimit(.nofile, soft: 10, hard: own), ResourceLimit(.cpu, soft: 5, hard: 6)])
        let ok = try ResourceLimits.spawnLimits(lower, privileged: false).get()
        #expect(ok == [
            SpawnResourceLimit(resource: Int32(RLIMIT_NOFILE.rawValue), soft: 10, hard: own,
                               label: "rlimit_nofile to 10:\(own)"),
            SpawnResourceLimit(resource: Int32(RLIMIT_CPU.rawValue), soft: 5, hard: 6, label: "rlimit_cpu to 5:6"),
        ])
        #expect(try ResourceLimits.spawnLimits(nil, privileged: false).get().isEmpty)
    }
}
