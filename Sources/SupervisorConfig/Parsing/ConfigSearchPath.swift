/// Where `supervisord` and `supervisorctl` look for a config file when `-c` is not given (`spec/config.md` §1).
public enum ConfigSearchPath {
    /// The candidates in order: `D/etc/supervisord.conf`, `D/supervisord.conf`, `supervisord.conf`,
    /// `etc/supervisord.conf`, `/etc/supervisord.conf`, `/etc/supervisor/supervisord.conf`, where `D` is the parent
    /// of the directory in `argv[0]` (empty when `argv[0]` has no slash).
    public static func candidates(argv0: String) -> [String] {
        let d = Path.dirname(Path.dirname(argv0))
        return [
            Path.join(Path.join(d, "etc"), "supervisord.conf"),
            Path.join(d, "supervisord.conf"),
            "supervisord.conf",
            "etc/supervisord.conf",
            "/etc/supervisord.conf",
            "/etc/supervisor/supervisord.conf",
        ]
    }

    /// The first candidate that exists (a directory counts, as in Supervisor), or nil.
    public static func find(argv0: String, in context: ConfigContext) -> String? {
        candidates(argv0: argv0).first { context.fileSystem.exists(Path.absolute($0, from: context.currentDirectory)) }
    }

    /// Supervisor's usage error when nothing is found.
    public static func notFoundMessage(argv0: String) -> String {
        "No config file found at default paths (\(candidates(argv0: argv0).joined(separator: ", "))); use the -c "
            + "option to specify a config file at a different path"
    }
}
