/// The static files of the web UI, compiled into the binary (the daemon is installed as one file; nothing is read
/// from disk or fetched from elsewhere).
enum WebAssets {
    struct Asset {
        var contentType: String
        var body: [UInt8]
    }

    /// The file at `path` (leading slashes removed), or nil.
    static func asset(at path: String) -> Asset? {
        switch path {
        case "stylesheets/supervisor.css":
            Asset(contentType: "text/css;charset=utf-8", body: Array(StyleSheet.text.utf8))
        case "scripts/status.js":
            Asset(contentType: "application/javascript;charset=utf-8", body: Array(StatusScript.text.utf8))
        case "scripts/tail.js":
            Asset(contentType: "application/javascript;charset=utf-8", body: Array(TailScript.text.utf8))
        case "images/icon.svg": Asset(contentType: "image/svg+xml", body: Array(Icon.svg.utf8))
        default: nil
        }
    }

    static let paths = ["stylesheets/supervisor.css", "scripts/status.js", "scripts/tail.js", "images/icon.svg"]
}
