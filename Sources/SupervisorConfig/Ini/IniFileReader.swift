/// Reads one file's text into an `IniDocument`, line by line, exactly as Python 3.11's `RawConfigParser._read`
/// does with Supervisor's settings. Kept separate from the document because its state lives for one file only.
struct IniFileReader {
    let file: String

    private enum Target: Equatable {
        case defaults
        case section(String)
    }

    private var target: Target?
    private var optionName: String?
    private var optionLines: [String] = []
    private var optionLocation = SourceLocation(file: "", line: 0)
    private var indentLevel = 0
    private var badLines: [(Int, String)] = []

    init(file: String) {
        self.file = file
    }

    mutating func read(text: String, into doc: inout IniDocument) throws(ConfigError) {
        var lineNumber = 0
        for rawLine in Self.universalLines(text) {
            lineNumber += 1
            try readLine(rawLine, number: lineNumber, into: &doc)
        }
        flushOption(into: &doc)
        if !badLines.isEmpty {
            var message = "Source contains parsing errors: \(PythonText.repr(file))"
            for (number, line) in badLines {
                let num = number < 10 ? " \(number)" : "\(number)"
                message += "\n\t[line \(num)]: \(PythonText.repr(line))"
            }
            throw ConfigError(
                message, location: SourceLocation(file: file, line: badLines[0].0),
                hint: "each line must be a [section] header, a key = value option, a comment, or an indented continuation")
        }
    }

    /// Splits text the way Python's universal-newline mode does: `\n`, `\r\n` and `\r` end a line and become `\n`.
    static func universalLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = ""
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = scalars.next()
        if pending == "\u{FEFF}" { pending = scalars.next() }  // a UTF-8 byte order mark is not content
        while let s = pending {
            pending = scalars.next()
            if s == "\n" {
                current += "\n"; lines.append(current); current = ""
            } else if s == "\r" {
                if pending == "\n" { pending = scalars.next() }
                current += "\n"; lines.append(current); current = ""
            } else {
                current.unicodeScalars.append(s)
            }
        }
        if !current.isEmpty { lines.append(current) }
        return lines
    }

    private mutating func readLine(_ line: String, number: Int, into doc: inout IniDocument) throws(ConfigError) {
        let chars = Array(line)
        var commentStart = Self.inlineCommentStart(chars)
        let stripped = PythonText.strip(line[...])
        if stripped.hasPrefix("#") || stripped.hasPrefix(";") { commentStart = 0 }
        let value = PythonText.strip(String(chars[..<(commentStart ?? chars.count)]))

        if value.isEmpty {
            // Blank lines inside a value are kept (and trailing ones dropped at the end); comment lines are not.
            if commentStart == nil, target != nil, optionName != nil { optionLines.append("") }
            return
        }
        let indent = chars.firstIndex { !PythonText.isSpace($0) } ?? 0
        if target != nil, optionName != nil, indent > indentLevel {
            optionLines.append(value)
            return
        }
        indentLevel = indent
        let location = SourceLocation(file: file, line: number)
        if let header = Self.sectionHeader(value) {
            flushOption(into: &doc)
            if header == "DEFAULT" {
                target = .defaults
            } else {
                doc.beginSection(header, at: location)
                target = .section(header)
            }
            optionName = nil
            return
        }
        guard target != nil else {
            throw ConfigError(
                "File contains no section headers.\nfile: \(PythonText.repr(file)), line: \(number)\n\(PythonText.repr(line))",
                location: location, hint: "the first line that is not a comment must be a [section] header")
        }
        guard let (key, optionValue) = Self.option(value) else {
            badLines.append((number, line))
            return
        }
        if key.isEmpty { badLines.append((number, line)) }
        flushOption(into: &doc)
        optionName = PythonText.rstrip(key).lowercased()
        optionLines = [optionValue]
        optionLocation = location
    }

    /// Finds where an inline comment starts, reproducing Python's search: in rounds, it looks for the next `;` and
    /// the next `#`; a prefix counts only at the line's start or after white space, and the first round in which
    /// any prefix counts decides.
    static func inlineCommentStart(_ chars: [Character]) -> Int? {
        var searchFrom: [Character: Int] = [";": -1, "#": -1]
        var found: Int?
        while found == nil, !searchFrom.isEmpty {
            var next: [Character: Int] = [:]
            for (prefix, index) in searchFrom {
                guard let at = chars[(index + 1)...].firstIndex(of: prefix) else { continue }
                next[prefix] = at
                if at == 0 || PythonText.isSpace(chars[at - 1]) {
                    found = min(found ?? Int.max, at)
                }
            }
            searchFrom = next
        }
        return found
    }

    /// `[name]`: everything between the leading `[` and the last `]`, as Python's permissive header pattern.
    static func sectionHeader(_ value: String) -> String? {
        guard value.hasPrefix("["), let close = value.lastIndex(of: "]") else { return nil }
        let inner = value[value.index(after: value.startIndex)..<close]
        return inner.isEmpty ? nil : String(inner)
    }

    /// `key = value` or `key: value`, split at the first delimiter.
    static func option(_ value: String) -> (String, String)? {
        guard let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else { return nil }
        let key = PythonText.rstrip(String(value[..<delimiter]))
        let rest = PythonText.strip(value[value.index(after: delimiter)...])
        return (key, String(rest))
    }

    private mutating func flushOption(into doc: inout IniDocument) {
        guard let name = optionName, let target else { return }
        let text = PythonText.rstrip(optionLines.joined(separator: "\n"))
        let value = IniValue(text: text, location: optionLocation)
        switch target {
        case .defaults: doc.store(section: nil, key: name, value: value)
        case .section(let s): doc.store(section: s, key: name, value: value)
        }
        optionName = nil
        optionLines = []
    }
}
