import SupervisorConfig

/// `--check-config`: the parse notes on stderr, then every process one a line as `GROUP:PROCESS` (or `NAME` when
/// the group holds one process of its own name), in start order.
///
/// When some process has `depends_on`, the start levels follow, one line per level, first to start first:
/// `start level 1: db cache`, `start level 2: migrate`, ... — the processes of a level in the order they are
/// started (the order of the list above). Stopping goes through the levels in reverse. A configuration without
/// `depends_on` prints no such lines.
enum CheckConfig {
    static func report(_ configuration: SupervisorConfiguration) {
        for message in configuration.messages {
            Usage.writeError("\(message.level.rawValue) \(message.text)\n")
        }
        for group in configuration.groups {
            for process in group.processes {
                print(group.namespec(of: process))
            }
        }
        let order = DependencyOrder(groups: configuration.groups)
        guard order.hasDependencies else { return }
        for (index, level) in order.startLevels.enumerated() {
            print("start level \(index + 1): " + level.map(\.description).joined(separator: " "))
        }
    }
}
