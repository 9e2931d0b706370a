/// A configuration problem a person can act on: what is wrong, where (file and line, or the section), which option,
/// and what would be accepted instead.
///
/// `message` keeps Supervisor 4.3's own wording (people search the web for it); `description` adds the place and
/// the hint, which Supervisor does not give.
public struct ConfigError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Supervisor's message text, e.g. `not a valid boolean value: 'maybe'`.
    public var message: String
    /// The file and line of the offending value (or of the section header when no single value is to blame).
    public var location: SourceLocation?
    /// The section name without brackets, e.g. `program:web`.
    public var section: String?
    /// The option's key, e.g. `autostart`.
    public var option: String?
    /// What is allowed instead, e.g. `true or false`.
    public var hint: String?
    /// Found while reading the processes of a `[program:x]`, `[eventlistener:x]` or `[fcgi-program:x]` section
    /// (Supervisor's `processes_from_section`, which adds the section and file to its messages), rather than its
    /// group-level options (`priority`, a pool's `events`, a FastCGI `socket`, ...).
    public var inProcessesOfSection = false
    /// Found where Supervisor only finds it when it opens its HTTP servers (an rpcinterface factory refusing the
    /// section's options), not when it reads the file: its `reloadConfig` never reports it, so there is no
    /// Supervisor text to keep.
    public var foundWhenServersOpen = false
    /// Found in an option of our own that Supervisor 4.3 does not have (`ready_check`, `health_check`,
    /// `depends_on`, ...): there is no Supervisor text to keep, so it is reported in full everywhere, `reread`
    /// included.
    public var inOptionBeyondSupervisor = false

    public init(
        _ message: String, location: SourceLocation? = nil, section: String? = nil, option: String? = nil,
        hint: String? = nil
    ) {
        self.message = message
        self.location = location
        self.section = section
        self.option = option
        self.hint = hint
    }

    /// One line (or a few, for multi-line parse errors): `FILE:LINE: [SECTION] OPTION: MESSAGE (HINT)`.
    public var description: String {
        var prefix = ""
        if let location { prefix += "\(location): " }
        if let section { prefix += "[\(section)] " }
        if let option { prefix += "\(option): " }
        var text = prefix + message
        if let hint { text += " (\(hint))" }
        return text
    }

    /// The same error with the place filled in where it was not known yet.
    func at(_ location: SourceLocation?, section: String?, option: String?) -> ConfigError {
        var copy = self
        if copy.location == nil { copy.location = location }
        if copy.section == nil { copy.section = section }
        if copy.option == nil { copy.option = option }
        return copy
    }
}

/// A non-fatal note from parsing, logged by the daemon at startup like Supervisor's parse criticals, warnings and
/// infos (`Included extra file ...`, AUTO logging without rollover, ...).
public struct ConfigMessage: Equatable, Sendable {
    public enum Level: String, Sendable {
        case critical = "CRIT"
        case warning = "WARN"
        case info = "INFO"
    }

    public var level: Level
    public var text: String

    public init(_ level: Level, _ text: String) {
        self.level = level
        self.text = text
    }
}
