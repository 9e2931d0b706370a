import SupervisorConfig

/// `--check-config`: the parse notes on stderr, then every process one a line as `GROUP:PROCESS` (or `NAME` when
/// the group holds one process of its own name), in start order.
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
    }
}
