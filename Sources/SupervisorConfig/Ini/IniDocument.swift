/// Where a piece of configuration text came from: the file and the 1-based line.
public struct SourceLocation: Equatable, Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int

    public init(file: String, line: Int) {
        self.file = file
        self.line = line
    }

    public var description: String { "\(file):\(line)" }
}

/// One option's value in an INI file, with the place its key was written.
public struct IniValue: Equatable, Sendable {
    public var text: String
    public var location: SourceLocation
}

/// The INI dialect Supervisor reads: Python 3's `configparser.RawConfigParser` with Supervisor's settings
/// (`inline_comment_prefixes=(';', '#')`, `strict=False`, keys lower-cased, `[DEFAULT]` fallbacks).
///
/// Several files can be read into one document, as `[include]` does: a later file adds sections and overrides keys
/// of sections with the same name. Every value remembers the file and line it came from, so errors can point at it.
/// See `spec/config.md` §2.
public struct IniDocument: Sendable {
    /// Values of the `[DEFAULT]` section: fallbacks for every section.
    public private(set) var defaults: [String: IniValue] = [:]
    private var defaultKeyOrder: [String] = []
    private var sectionValues: [String: [String: IniValue]] = [:]
    private var sectionKeyOrder: [String: [String]] = [:]
    /// Section names in the order they were first seen.
    public private(set) var sections: [String] = []
    /// Where each section's header was first seen.
    public private(set) var sectionLocations: [String: SourceLocation] = [:]

    public init() {}

    /// Parses `text` as the contents of `file` and merges it into the document.
    ///
    /// - Throws: `ConfigError` for a file without a section header before its first option (raised at once, as
    ///   Python does) or for lines that are neither headers, options, comments nor continuations (all such lines are
    ///   collected and reported together, with the file name and line numbers).
    public mutating func read(text: String, file: String) throws(ConfigError) {
        var reader = IniFileReader(file: file)
        try reader.read(text: text, into: &self)
    }

    /// Whether the document has a section of exactly this name (`[DEFAULT]` is not a section).
    public func hasSection(_ name: String) -> Bool { sectionValues[name] != nil }

    /// The value of `key` (lower case) in `section`, falling back to `[DEFAULT]`; nil if neither has it.
    public func value(_ section: String, _ key: String) -> IniValue? {
        sectionValues[section]?[key] ?? defaults[key]
    }

    /// The keys of a section followed by the `[DEFAULT]` keys it does not override, like Python's `options()`.
    public func keys(_ section: String) -> [String] {
        let own = sectionKeyOrder[section] ?? []
        let ownSet = Set(own)
        return own + defaultKeyOrder.filter { !ownSet.contains($0) }
    }

    /// Replaces the value of `key` in `section` (used for Supervisor's textual `%(here)s` substitution).
    mutating func set(_ section: String, _ key: String, _ value: IniValue) {
        if sectionValues[section]?[key] == nil { sectionKeyOrder[section, default: []].append(key) }
        sectionValues[section, default: [:]][key] = value
    }

    /// Supervisor's `expand_here`: replaces the literal text `%(here)s` with `here` in every value of every section
    /// (including the `[DEFAULT]` values a section inherits, which then become the section's own).
    mutating func replaceHere(with here: String) {
        let token = "%(here)s"
        for section in sections {
            for key in keys(section) {
                guard let v = value(section, key), v.text.contains(token) else { continue }
                set(section, key, IniValue(text: v.text.replacingAll(token, with: here), location: v.location))
            }
        }
    }

    // MARK: - Building (used by IniFileReader)

    mutating func beginSection(_ name: String, at location: SourceLocation) {
        if sectionValues[name] == nil {
            sectionValues[name] = [:]
            sections.append(name)
            sectionLocations[name] = location
        }
    }

    mutating func store(section: String?, key: String, value: IniValue) {
        if let section {
            set(section, key, value)
        } else {
            if defaults[key] == nil { defaultKeyOrder.append(key) }
            defaults[key] = value
        }
    }
}

extension String {
    /// Every occurrence of `target` replaced by `replacement` (no Foundation needed).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, contains(target) else { return self }
        var out = ""
        var rest = self[...]
        while let range = rest.firstRange(of: target) {
            out += rest[..<range.lowerBound]
            out += replacement
            rest = rest[range.upperBound...]
        }
        out += rest
        return out
    }
}
