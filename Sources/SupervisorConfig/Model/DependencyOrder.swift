/// The order `depends_on` imposes on the processes of a configuration: start levels, and the reverse for stopping.
///
/// Level 0 holds the processes without dependencies; level n the processes whose dependencies are all in levels
/// below n (and at least one in level n - 1). Within a level, processes keep the order in which Supervisor starts
/// them: groups by (priority, name), then the processes of a group by (priority, name) — the order of
/// `SupervisorConfiguration.groups` and `ProcessGroupConfig.processes`.
///
/// Stopping is the exact reverse: the last start level stops first, and within a level the order is reversed as
/// Supervisor reverses it when it stops everything.
///
/// Pure: computed from the resolved `Dependency.processes` of each `ProcessConfig.checks`; references to processes
/// that are not in `groups` are ignored. A configuration the parser accepted has no cycle; should one be given
/// anyway, the processes on or behind it form one last level in configuration order.
public struct DependencyOrder: Equatable, Sendable {
    /// The start levels, first to start first. Every process of the configuration is in exactly one level.
    public let startLevels: [[ProcessReference]]

    public init(groups: [ProcessGroupConfig]) {
        let graph = Self.graph(groups)
        var placed: Set<ProcessReference> = []
        var remaining = graph.order
        var levels: [[ProcessReference]] = []
        while !remaining.isEmpty {
            let level = remaining.filter { node in
                graph.edges[node, default: []].allSatisfy { placed.contains($0) || $0 == node }
            }
            if level.isEmpty {
                levels.append(remaining)
                break
            }
            levels.append(level)
            placed.formUnion(level)
            remaining.removeAll { placed.contains($0) }
        }
        startLevels = levels
    }

    /// The stop levels, first to stop first: every dependent stops before what it depends on.
    public var stopLevels: [[ProcessReference]] { startLevels.reversed().map { $0.reversed() } }

    /// Whether any process waits for another (more than one level).
    public var hasDependencies: Bool { startLevels.count > 1 }

    /// The start level of `process` (0 for one without dependencies), nil when it is not in the configuration.
    public func level(of process: ProcessReference) -> Int? {
        startLevels.firstIndex { $0.contains(process) }
    }

    /// A dependency cycle, as a path that ends where it begins (`[web, db, web]`), or nil when there is none. The
    /// search follows the configuration's order, so the same configuration always reports the same cycle. A process
    /// that depends on itself is the cycle `[p, p]`.
    public static func cycle(in groups: [ProcessGroupConfig]) -> [ProcessReference]? {
        let graph = graph(groups)
        enum Mark { case visiting, done }
        var marks: [ProcessReference: Mark] = [:]
        var path: [ProcessReference] = []

        func visit(_ node: ProcessReference) -> [ProcessReference]? {
            marks[node] = .visiting
            path.append(node)
            for next in graph.edges[node, default: []] {
                switch marks[next] {
                case .visiting:
                    let start = path.firstIndex(of: next)!
                    return Array(path[start...]) + [next]
                case .done:
                    continue
                case nil:
                    if let found = visit(next) { return found }
                }
            }
            path.removeLast()
            marks[node] = .done
            return nil
        }

        for node in graph.order where marks[node] == nil {
            if let found = visit(node) { return found }
        }
        return nil
    }

    /// Every process in configuration order, and the known processes each depends on (in `depends_on` order).
    private static func graph(
        _ groups: [ProcessGroupConfig]
    ) -> (order: [ProcessReference], edges: [ProcessReference: [ProcessReference]]) {
        var order: [ProcessReference] = []
        for group in groups {
            for process in group.processes {
                order.append(ProcessReference(group: group.name, name: process.name))
            }
        }
        let known = Set(order)
        var edges: [ProcessReference: [ProcessReference]] = [:]
        for group in groups {
            for process in group.processes {
                guard let dependencies = process.checks?.dependencies, !dependencies.isEmpty else { continue }
                var targets: [ProcessReference] = []
                for target in dependencies.flatMap(\.processes) where known.contains(target) && !targets.contains(target) {
                    targets.append(target)
                }
                edges[ProcessReference(group: group.name, name: process.name)] = targets
            }
        }
        return (order, edges)
    }
}
