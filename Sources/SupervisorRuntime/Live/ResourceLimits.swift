import Glibc
import SupervisorConfig
import SupervisorEngine

/// Turns a process's `rlimit_*` keys into what the spawn shim sets in the child, and refuses up front what the
/// child could not do: an unprivileged daemon cannot raise a hard limit above its own.
enum ResourceLimits {
    /// The limits for the child, or the spawn failure naming the first one this daemon may not set.
    static func spawnLimits(_ limits: ProcessLimits?, privileged: Bool = geteuid() == 0)
        -> Result<[SpawnResourceLimit], SpawnFailure>
    {
        guard let limits else { return .success([]) }
        var result: [SpawnResourceLimit] = []
        for limit in limits.limits {
            let resource = number(limit.kind)
            let label = "\(limit.kind.key) to \(limit)"
            if !privileged, let current = daemonHardLimit(resource), limit.hard ?? .max > current ?? .max {
                let own = current.map(String.init) ?? "unlimited"
                return .failure(SpawnFailure(
                    .other, "couldn't set \(label): EPERM (above the daemon's hard limit \(own); only root may raise it)"))
            }
            result.append(SpawnResourceLimit(resource: resource, soft: limit.soft, hard: limit.hard, label: label))
        }
        return .success(result)
    }

    /// The daemon's own hard limit (nil inside: unlimited); nil outside when it cannot be read.
    static func daemonHardLimit(_ resource: Int32) -> UInt64?? {
        var value = rlimit()
        guard getrlimit(__rlimit_resource_t(UInt32(resource)), &value) == 0 else { return nil }
        return .some(value.rlim_max == rlim_t.max ? nil : UInt64(value.rlim_max))
    }

    /// The `RLIMIT_*` number of a key.
    static func number(_ kind: ResourceLimitKind) -> Int32 {
        let resource = switch kind {
        case .nofile: RLIMIT_NOFILE.rawValue
        case .nproc: __RLIMIT_NPROC.rawValue
        case .core: RLIMIT_CORE.rawValue
        case .as: RLIMIT_AS.rawValue
        case .memlock: __RLIMIT_MEMLOCK.rawValue
        case .stack: RLIMIT_STACK.rawValue
        case .cpu: RLIMIT_CPU.rawValue
        }
        return Int32(resource)
    }
}
