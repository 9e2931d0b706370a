import Glibc
import SupervisorConfig
import SupervisorEngine

/// Turns a process's `rlimit_*` keys into what the spawn shim sets in the child, and refuses up front what the
/// child could not do: a daemon without `CAP_SYS_RESOURCE` cannot raise a hard limit above its own.
enum ResourceLimits {
    /// Whether this process may raise hard limits: `CAP_SYS_RESOURCE` in its effective set (root usually has it;
    /// a container's root may not). Read from `/proc/self/status`; when that fails, whether we are root.
    static let mayRaiseHardLimits: Bool = {
        let capSysResource: UInt64 = 1 << 24
        guard let status = try? LiveConfigFileSystem().readFile("/proc/self/status") else { return geteuid() == 0 }
        for line in String(decoding: status, as: UTF8.self).split(separator: "\n") where line.hasPrefix("CapEff:") {
            let hex = line.dropFirst("CapEff:".count).trimmingPrefix(while: { $0 == " " || $0 == "\t" })
            if let bits = UInt64(hex, radix: 16) { return bits & capSysResource != 0 }
        }
        return geteuid() == 0
    }()

    /// The limits for the child, or the spawn failure naming the first one this daemon may not set.
    static func spawnLimits(_ limits: ProcessLimits?, privileged: Bool = mayRaiseHardLimits)
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
                    .other, "couldn't set \(label): EPERM (above the daemon's hard limit \(own), which only a daemon with CAP_SYS_RESOURCE, such as root, may raise)"))
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
