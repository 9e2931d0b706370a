/// The parts of Python's `urllib.parse.urlparse` that `supervisorctl` looks at: the scheme (lower-cased), the
/// network location and the path.
struct URLText: Equatable {
    var scheme: String
    var netloc: String
    var path: String

    private static let schemeCharacters = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789+-.")

    init(_ url: String) {
        // Python 3.11 drops ASCII tabs and newlines anywhere and C0 controls and spaces at the start first.
        var text = Substring(url.filter { $0 != "\t" && $0 != "\n" && $0 != "\r" && $0 != "\r\n" })
        while let first = text.unicodeScalars.first, first.value <= 0x20 {
            text = Substring(text.unicodeScalars.dropFirst())
        }
        scheme = ""
        if let colon = text.firstIndex(of: ":"), colon != text.startIndex,
           let first = text.first, first.isASCII, first.isLetter,
           text[..<colon].allSatisfy({ Self.schemeCharacters.contains($0) }) {
            scheme = text[..<colon].lowercased()
            text = text[text.index(after: colon)...]
        }
        netloc = ""
        if text.hasPrefix("//") {
            let afterSlashes = text.dropFirst(2)
            let end = afterSlashes.firstIndex { $0 == "/" || $0 == "?" || $0 == "#" } ?? afterSlashes.endIndex
            netloc = String(afterSlashes[..<end])
            text = afterSlashes[end...]
        }
        if let hash = text.firstIndex(of: "#") { text = text[..<hash] }
        if let question = text.firstIndex(of: "?") { text = text[..<question] }
        // `;params` are split off the last path segment only.
        let lastSlash = text.lastIndex(of: "/") ?? text.startIndex
        if let semicolon = text[lastSlash...].firstIndex(of: ";") { text = text[..<semicolon] }
        path = String(text)
    }

    /// Supervisor's `datatypes.url`: a scheme and a network location or path, else the `ValueError` text
    /// `value 'x' is not a URL`.
    static func validate(_ url: String) -> String? {
        let parts = URLText(url)
        if !parts.scheme.isEmpty && (!parts.netloc.isEmpty || !parts.path.isEmpty) { return nil }
        return "value \(PythonText.repr(url)) is not a URL"
    }
}
