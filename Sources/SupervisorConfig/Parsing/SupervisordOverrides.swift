/// `supervisord`'s command-line options that override `[supervisord]` values (`-n -u -m -d -l -y -z -e -j -i -q
/// -a --minprocs -k -t -s`). Values stay raw text until `apply` converts them with the same datatypes as the config,
/// so errors read as Supervisor's: `invalid value for -m '9': 9 can not be converted to an octal type`.
public struct SupervisordOverrides: Equatable, Sendable {
    /// A value from the command line and the flag spelling it came with (`-m` or `--umask`), for messages.
    public struct Value: Equatable, Sendable {
        public var text: String
        public var flag: String
        public init(_ text: String, flag: String) {
            self.text = text
            self.flag = flag
        }
    }

    public var nodaemon = false
    public var silent = false
    public var nocleanup = false
    public var stripAnsi = false
    public var user: Value?
    public var umask: Value?
    public var directory: Value?
    public var logfile: Value?
    public var logfileMaxBytes: Value?
    public var logfileBackups: Value?
    public var logLevel: Value?
    public var pidfile: Value?
    public var identifier: Value?
    public var childlogdir: Value?
    public var minfds: Value?
    public var minprocs: Value?

    public init() {}

    /// Checks every value without a config file (Supervisor does this before reading one).
    public func validate(context: ConfigContext) throws(ConfigError) {
        var scratch = SupervisordOptions()
        try apply(to: &scratch, context: context)
    }

    /// Sets the given values on `options`.
    public func apply(to options: inout SupervisordOptions, context: ConfigContext) throws(ConfigError) {
        if nodaemon { options.nodaemon = true }
        if silent { options.silent = true }
        if nocleanup { options.nocleanup = true }
        if stripAnsi { options.stripAnsi = true }
        if let user { options.user = user.text }
        try set(umask, &options.umask, Datatypes.octal)
        try set(directory, &options.directory) { (v) throws(ConfigError) in
            try Datatypes.existingDirectory(v, context)
        }
        try set(logfile, &options.logfile) { (v) throws(ConfigError) in try Datatypes.existingDirpath(v, context) }
        try set(logfileMaxBytes, &options.logfileMaxBytes, Datatypes.byteSize)
        try set(logfileBackups, &options.logfileBackups, Datatypes.integer)
        try set(logLevel, &options.logLevel, Datatypes.logLevel)
        try set(pidfile, &options.pidfile) { (v) throws(ConfigError) in try Datatypes.existingDirpath(v, context) }
        if let identifier { options.identifier = identifier.text }
        try set(childlogdir, &options.childlogdir) { (v) throws(ConfigError) in
            try Datatypes.existingDirectory(v, context)
        }
        try set(minfds, &options.minfds, Datatypes.integer)
        try set(minprocs, &options.minprocs, Datatypes.integer)
    }

    private func set<T>(_ value: Value?, _ target: inout T, _ convert: (String) throws(ConfigError) -> T)
        throws(ConfigError)
    {
        guard let value else { return }
        target = try convertValue(value, convert)
    }

    private func set<T>(_ value: Value?, _ target: inout T?, _ convert: (String) throws(ConfigError) -> T)
        throws(ConfigError)
    {
        guard let value else { return }
        target = try convertValue(value, convert)
    }

    private func convertValue<T>(_ value: Value, _ convert: (String) throws(ConfigError) -> T) throws(ConfigError)
        -> T
    {
        do {
            return try convert(value.text)
        } catch {
            throw ConfigError(
                "invalid value for \(value.flag) \(PythonText.repr(value.text)): \(error.message)", hint: error.hint)
        }
    }
}
