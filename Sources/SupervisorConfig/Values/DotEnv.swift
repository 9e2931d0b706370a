/// The dotenv format of `environment_file=`, parsed without side effects.
///
/// - `KEY=VALUE`, spaces and tabs around `=` ignored; `export KEY=VALUE` as a shell would source it.
/// - `'...'`: literal, no escapes; may span lines.
/// - `"..."`: `\"`, `\\` and `\n` are escapes (any other backslash stays as written); may span lines.
/// - Unquoted: to the end of the line, trailing whitespace removed; `#` after whitespace starts a comment
///   (`a#b` keeps its `#`).
/// - `#` as the first non-blank character makes a comment line; blank lines are skipped.
/// - No `${VAR}` or `$VAR` expansion: values are literal, as in systemd's `EnvironmentFile=`.
/// - Anything else (a line without `=`, a bad name, text after a closing quote, an unclosed quote) is an error
///   naming the line. Errors never quote the file's text: values are often secrets.
public enum DotEnv {
    /// A malformed line: where, and what is wrong (never the line's text).
    public struct Failure: Error, Equatable, Sendable, CustomStringConvertible {
        /// 1-based line where the bad entry starts.
        public var line: Int
        public var reason: String

        public init(line: Int, reason: String) {
            self.line = line
            self.reason = reason
        }

        public var description: String { "line \(line): \(reason)" }
    }

    /// The entries of `text` in file order (a repeated key appears twice; apply them in order so the later wins).
    public static func parse(_ text: String) throws(Failure) -> [(key: String, value: String)] {
        var parser = Parser(text)
        return try parser.entries()
    }

    /// `parse` applied in order onto a dictionary.
    public static func dictionary(_ text: String) throws(Failure) -> [String: String] {
        var result: [String: String] = [:]
        for (k, v) in try parse(text) { result[k] = v }
        return result
    }

    private struct Parser {
        let s: [Unicode.Scalar]
        var i = 0
        var line = 1

        init(_ text: String) {
            // CRLF files: a CR before LF is part of the line ending.
            var scalars: [Unicode.Scalar] = []
            scalars.reserveCapacity(text.unicodeScalars.count)
            let all = Array(text.unicodeScalars)
            for (n, c) in all.enumerated() where !(c == "\r" && n + 1 < all.count && all[n + 1] == "\n") {
                scalars.append(c)
            }
            s = scalars
        }

        var atEnd: Bool { i >= s.count }
        var current: Unicode.Scalar? { atEnd ? nil : s[i] }

        static func isBlank(_ c: Unicode.Scalar) -> Bool { c == " " || c == "\t" || c == "\r" || c == "\u{0B}" || c == "\u{0C}" }

        mutating func skipBlanks() {
            while let c = current, Self.isBlank(c) { i += 1 }
        }

        /// Moves past the rest of the line and its newline.
        mutating func skipLine() {
            while let c = current, c != "\n" { i += 1 }
            if current == "\n" {
                i += 1
                line += 1
            }
        }

        mutating func entries() throws(Failure) -> [(key: String, value: String)] {
            var result: [(key: String, value: String)] = []
            while !atEnd {
                skipBlanks()
                guard let c = current else { break }
                if c == "\n" || c == "#" {
                    skipLine()
                    continue
                }
                result.append(try entry())
            }
            return result
        }

        /// One `[export ]KEY=VALUE`, from its first non-blank character to the end of its (last) line.
        mutating func entry() throws(Failure) -> (key: String, value: String) {
            let start = line
            let lineEnd = s[i...].firstIndex(of: "\n") ?? s.count
            guard let eq = s[i..<lineEnd].firstIndex(of: "=") else {
                throw Failure(line: start, reason: "no '=' in this line (expected KEY=VALUE)")
            }
            var name = String(String.UnicodeScalarView(s[i..<eq]))
            while let last = name.unicodeScalars.last, Self.isBlank(last) { name.unicodeScalars.removeLast() }
            if name.hasPrefix("export"), let after = name.unicodeScalars.dropFirst(6).first, Self.isBlank(after) {
                name = String(String.UnicodeScalarView(name.unicodeScalars.dropFirst(6).drop(while: Self.isBlank)))
            }
            guard Self.isName(name) else {
                throw Failure(
                    line: start,
                    reason: name.isEmpty ? "no variable name before '='"
                        : "invalid variable name (expected letters, digits and _, not starting with a digit)")
            }
            i = eq + 1
            skipBlanks()
            let value: String
            switch current {
            case "'": value = try quoted(closing: "'", escapes: false, from: start)
            case "\"": value = try quoted(closing: "\"", escapes: true, from: start)
            default: value = unquoted()
            }
            return (name, value)
        }

        static func isName(_ name: String) -> Bool {
            guard let first = name.unicodeScalars.first, first == "_" || (first.isASCII && first.properties.isAlphabetic)
            else { return false }
            return name.unicodeScalars.allSatisfy {
                $0 == "_" || $0 == "." || ($0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0)))
            }
        }

        /// The rest of the line up to a `#` that follows whitespace, trailing whitespace removed.
        mutating func unquoted() -> String {
            var value: [Unicode.Scalar] = []
            while let c = current, c != "\n" {
                if c == "#", value.isEmpty || Self.isBlank(value[value.count - 1]) { break }
                value.append(c)
                i += 1
            }
            while let last = value.last, Self.isBlank(last) { value.removeLast() }
            skipLine()
            return String(String.UnicodeScalarView(value))
        }

        /// A quoted value starting at the opening quote; then only blanks or a comment may follow on its line.
        mutating func quoted(closing: Unicode.Scalar, escapes: Bool, from start: Int) throws(Failure) -> String {
            i += 1
            var value: [Unicode.Scalar] = []
            while true {
                guard let c = current else {
                    throw Failure(line: start, reason: "the quote opened here is never closed")
                }
                i += 1
                if c == closing { break }
                if c == "\n" { line += 1 }
                if escapes, c == "\\", let next = current {
                    switch next {
                    case "\"", "\\":
                        value.append(next)
                        i += 1
                        continue
                    case "n":
                        value.append("\n")
                        i += 1
                        continue
                    default: break
                    }
                }
                value.append(c)
            }
            skipBlanks()
            if let c = current, c != "\n", c != "#" {
                throw Failure(line: line, reason: "unexpected text after the closing quote")
            }
            skipLine()
            return String(String.UnicodeScalarView(value))
        }
    }
}
