/// One path of `environment_file = PATH[, PATH...]`, read when the process is spawned.
public struct EnvironmentFileRef: Equatable, Sendable {
    /// The absolute path (a relative one is taken from the daemon's working directory, as log file paths are).
    public var path: String
    /// Written with a leading `-`: a missing or unreadable file is skipped instead of failing the spawn.
    public var optional: Bool

    public init(path: String, optional: Bool = false) {
        self.path = path
        self.optional = optional
    }
}
