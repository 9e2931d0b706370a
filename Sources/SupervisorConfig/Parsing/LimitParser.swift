/// Reads the `rlimit_*` keys of one process into `ProcessLimits`; nil when the section sets none of them, so such a
/// process is configured exactly as Supervisor 4.3 configures it.
///
/// Each value is `SOFT[:HARD]` or `unlimited`; a single value sets both limits (as systemd's `Limit...=` does).
/// Byte-valued limits accept Supervisor's size syntax (`512MB`), `rlimit_cpu` is in seconds, the others are counts.
enum LimitParser {
    static var keys: [String] { ResourceLimitKind.allCases.map(\.key) }

    /// The limits of the process `r` reads.
    static func limits(_ r: SectionReader) throws(ConfigError) -> ProcessLimits? {
        var limits: [ResourceLimit] = []
        for kind in ResourceLimitKind.allCases {
            do throws(ConfigError) {
                if let limit = try r.optionalValue(kind.key, { (v) throws(ConfigError) in try limit(kind, v) }) {
                    limits.append(limit)
                }
            } catch {
                var marked = error
                marked.inOptionBeyondSupervisor = true
                throw marked
            }
        }
        return limits.isEmpty ? nil : ProcessLimits(limits)
    }

    /// One value: `unlimited`, `N` or `SOFT:HARD` (either side may be `unlimited`), soft not above hard.
    static func limit(_ kind: ResourceLimitKind, _ value: String) throws(ConfigError) -> ResourceLimit {
        let text = PythonText.strip(value)
        let parts = text.split(separator: ":", omittingEmptySubsequences: false).map { PythonText.strip($0) }
        guard parts.count <= 2 else {
            throw ConfigError("invalid \(kind.key) '\(text)'", hint: hint(kind))
        }
        let soft = try amount(kind, String(parts[0]))
        let hard = parts.count == 2 ? try amount(kind, String(parts[1])) : soft
        if let hard, soft ?? .max > hard {
            throw ConfigError(
                "\(kind.key) soft limit \(soft.map(String.init) ?? "unlimited") is above its hard limit \(hard)",
                hint: "the soft limit (before the colon) must not exceed the hard limit")
        }
        return ResourceLimit(kind, soft: soft, hard: hard)
    }

    /// One side of a value; nil is unlimited.
    private static func amount(_ kind: ResourceLimitKind, _ text: String) throws(ConfigError) -> UInt64? {
        let lower = text.lowercased()
        if lower == "unlimited" || lower == "infinity" { return nil }
        let n: Int
        switch kind.unit {
        case .bytes:
            do throws(ConfigError) {
                n = try Datatypes.byteSize(text)
            } catch {
                throw ConfigError("invalid \(kind.key) '\(text)'", hint: hint(kind))
            }
        case .count, .seconds:
            guard let parsed = PythonText.int(text) else {
                throw ConfigError("invalid \(kind.key) '\(text)'", hint: hint(kind))
            }
            n = parsed
        }
        guard n >= 0 else {
            throw ConfigError("\(kind.key) cannot be negative: '\(text)'", hint: hint(kind))
        }
        return UInt64(n)
    }

    static func hint(_ kind: ResourceLimitKind) -> String {
        let what = switch kind.unit {
        case .count: "a whole number"
        case .bytes: "a number of bytes with an optional KB, MB or GB suffix"
        case .seconds: "a whole number of seconds"
        }
        return "expected SOFT[:HARD] or unlimited, each \(what) or unlimited, e.g. "
            + (kind.unit == .bytes ? "512MB or 64MB:1GB" : "4096 or 1024:4096")
    }
}
