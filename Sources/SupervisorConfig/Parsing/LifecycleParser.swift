/// Reads the restart-policy keys of one process (`backoff_strategy`, `backoff_max`, `restart_backoff`,
/// `backoff_reset_after`) and `shutdown_on`; nil when the section uses none of them, so such a process restarts
/// exactly as Supervisor 4.3 restarts it.
enum LifecycleParser {
    static let policyKeys = ["backoff_strategy", "backoff_max", "restart_backoff", "backoff_reset_after"]

    /// The restart policy of the process `r` reads.
    static func restartPolicy(_ r: SectionReader) throws(ConfigError) -> RestartPolicy? {
        try marked { () throws(ConfigError) in
            guard policyKeys.contains(where: { r.doc.value(r.section, $0) != nil }) else { return nil }
            let strategy = try r.value("backoff_strategy", default: "linear") { (v) throws(ConfigError) in
                guard let s = RestartPolicy.Strategy(rawValue: PythonText.strip(v).lowercased()) else {
                    throw ConfigError("invalid backoff_strategy '\(v)'", hint: "expected linear or exponential")
                }
                return s
            }
            var policy = RestartPolicy(strategy: strategy)
            policy.maxDelay = try r.optionalValue("backoff_max") { (v) throws(ConfigError) in
                try CheckParser.seconds(v)
            } ?? (strategy == .exponential ? 300 : nil)
            policy.restartBackoff = try r.value("restart_backoff", default: "false", Datatypes.boolean)
            policy.resetAfter = try r.value("backoff_reset_after", default: "60") { (v) throws(ConfigError) in
                try CheckParser.seconds(v)
            }
            return policy
        }
    }

    /// `shutdown_on = fatal | unexpected | exit`.
    static func shutdownTrigger(_ r: SectionReader) throws(ConfigError) -> ShutdownTrigger? {
        try marked { () throws(ConfigError) in
            try r.optionalValue("shutdown_on") { (v) throws(ConfigError) in
                guard let trigger = ShutdownTrigger(rawValue: PythonText.strip(v).lowercased()) else {
                    throw ConfigError("invalid shutdown_on '\(v)'", hint: "expected fatal, unexpected or exit")
                }
                return trigger
            }
        }
    }

    /// `startretries`: a whole number as Supervisor reads it, or `infinite`.
    static func startRetries(_ v: String) throws(ConfigError) -> Int {
        if PythonText.strip(v).lowercased() == "infinite" { return ProcessConfig.infiniteStartRetries }
        return try Datatypes.integer(v)
    }

    private static func marked<T>(_ body: () throws(ConfigError) -> T) throws(ConfigError) -> T {
        do throws(ConfigError) {
            return try body()
        } catch {
            var marked = error
            marked.inOptionBeyondSupervisor = true
            throw marked
        }
    }
}
