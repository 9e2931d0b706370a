/// Which handler answers a request (rpc.md §1 "Handler selection"): a pure function of the request target, so it is
/// tested with strings alone.
enum Route: Equatable, Sendable {
    /// `/RPC2…`: XML-RPC (POST only).
    case xmlrpc
    /// `/logtail/<namespec>[/stdout|/stderr]`.
    case logTail(namespec: String, channel: LogTailChannel)
    /// A `/logtail…` target that cannot name a log: `/logtail` alone, `/logtailX`, or a channel other than
    /// `stdout`/`stderr`. Supervisor answers 404 for a bad channel and 500 for the first two (an uncaught
    /// `ValueError`); we answer 404 for all of them.
    case logTailNotFound
    /// `/mainlogtail…`.
    case mainLogTail
    /// Everything else: the web UI and its static files.
    case page(path: String, query: String?)
}

enum RequestRouter {
    /// Medusa's request-level unquoting (`http_channel.found_terminator`): the target is split at its *last* `?`, and
    /// only the part before it is `%xx`-unquoted, the query is kept as sent.
    static func medusaURI(_ target: String) -> String {
        guard target.contains("%") else { return target }
        if let q = target.lastIndex(of: "?") {
            let path = target[..<q]
            guard path.contains("%") else { return target }
            return unquote(path) + target[q...]
        }
        return unquote(target)
    }

    /// Medusa's `split_uri`: `<path>;<params>?<query>#<fragment>`, each part keeping its leading delimiter.
    static func splitURI(_ uri: String) -> (path: Substring, params: Substring, query: Substring, fragment: Substring) {
        let pathEnd = uri.firstIndex(where: { $0 == ";" || $0 == "?" || $0 == "#" }) ?? uri.endIndex
        let path = uri[..<pathEnd]
        var rest = uri[pathEnd...]
        var params: Substring = ""
        if rest.first == ";" {
            let end = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? rest.endIndex
            params = rest[..<end]
            rest = rest[end...]
        }
        var query: Substring = ""
        if rest.first == "?" {
            let end = rest.firstIndex(of: "#") ?? rest.endIndex
            query = rest[..<end]
            rest = rest[end...]
        }
        return (path, params, query, rest)
    }

    /// Picks the handler for a request target exactly as Supervisor orders its handlers: `/RPC2`, `/logtail`,
    /// `/mainlogtail` (each a plain prefix match on the unquoted URI), then the web UI for everything else.
    static func route(target: String) -> Route {
        let uri = medusaURI(target)
        if uri.hasPrefix("/RPC2") { return .xmlrpc }
        if uri.hasPrefix("/logtail") { return logTailRoute(uri) }
        if uri.hasPrefix("/mainlogtail") { return .mainLogTail }
        let parts = splitURI(uri)
        // web.py's cgi_environment re-appends the params ("undo medusa bug") and unquotes once more.
        var path = String(parts.path + parts.params)
        if path.contains("%") { path = unquote(path) }
        let query = parts.query.dropFirst()
        return .page(path: path, query: query.isEmpty ? nil : String(query))
    }

    /// `logtail_handler.handle_request`: the path is unquoted a second time (a quirk we keep), leading slashes are
    /// stripped, then `logtail/<name>[/<channel>]` is split at the first two slashes.
    private static func logTailRoute(_ uri: String) -> Route {
        var path = String(splitURI(uri).path)
        if path.contains("%") { path = unquote(path) }
        let trimmed = path.drop(while: { $0 == "/" })
        guard let slash = trimmed.firstIndex(of: "/") else { return .logTailNotFound }
        let nameAndChannel = trimmed[trimmed.index(after: slash)...]
        let namespec: Substring
        let channelName: Substring
        if let second = nameAndChannel.firstIndex(of: "/") {
            namespec = nameAndChannel[..<second]
            channelName = nameAndChannel[nameAndChannel.index(after: second)...]
        } else {
            namespec = nameAndChannel
            channelName = "stdout"
        }
        guard let channel = LogTailChannel(rawValue: String(channelName)) else { return .logTailNotFound }
        return .logTail(namespec: String(namespec), channel: channel)
    }

    /// Python's `urllib.parse.unquote`: `%xx` (either case) becomes that byte, anything else is kept, and the bytes
    /// are read as UTF-8 with invalid sequences replaced by U+FFFD.
    static func unquote(_ text: some StringProtocol) -> String {
        let bytes = Array(text.utf8)
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count)
        var i = 0
        while i < bytes.count {
            if bytes[i] == UInt8(ascii: "%"), i + 2 < bytes.count, let hi = hexValue(bytes[i + 1]),
                let lo = hexValue(bytes[i + 2])
            {
                out.append(hi << 4 | lo)
                i += 3
            } else {
                out.append(bytes[i])
                i += 1
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    private static func hexValue(_ c: UInt8) -> UInt8? {
        switch c {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): c - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): c - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): c - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
