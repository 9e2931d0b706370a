/// The `rlimit_*` keys of one process: resource limits set in the child between fork and exec.
public struct ProcessLimits: Equatable, Sendable {
    /// The limits that were set, in `ResourceLimitKind.allCases` order.
    public var limits: [ResourceLimit]

    public init(_ limits: [ResourceLimit]) {
        self.limits = limits
    }

    /// The limit set for `kind`, nil when its key is absent.
    public subscript(kind: ResourceLimitKind) -> ResourceLimit? { limits.first { $0.kind == kind } }
}

/// One `rlimit_*` key's resource, named as the key after `rlimit_`.
public enum ResourceLimitKind: String, CaseIterable, Equatable, Sendable {
    case nofile, nproc, core, `as`, memlock, stack, cpu

    /// The config key, e.g. `rlimit_nofile`.
    public var key: String { "rlimit_" + rawValue }

    /// How its values are written: bytes accept `512MB`; `cpu` is seconds; the rest are counts.
    public var unit: Unit {
        switch self {
        case .nofile, .nproc: .count
        case .core, .as, .memlock, .stack: .bytes
        case .cpu: .seconds
        }
    }

    public enum Unit: Equatable, Sendable { case count, bytes, seconds }
}

/// A soft and a hard limit; nil is `unlimited` (`RLIM_INFINITY`).
public struct ResourceLimit: Equatable, Sendable, CustomStringConvertible {
    public var kind: ResourceLimitKind
    public var soft: UInt64?
    public var hard: UInt64?

    public init(_ kind: ResourceLimitKind, soft: UInt64?, hard: UInt64?) {
        self.kind = kind
        self.soft = soft
        self.hard = hard
    }

    /// `SOFT:HARD` as numbers (`unlimited` for none), for messages: `4096:8192`.
    public var description: String {
        func text(_ v: UInt64?) -> String { v.map(String.init) ?? "unlimited" }
        return "\(text(soft)):\(text(hard))"
    }
}
