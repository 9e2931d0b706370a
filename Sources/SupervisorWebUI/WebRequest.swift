/// A request for the web UI, as the HTTP layer hands it over (authentication already passed).
public struct WebRequest: Sendable {
    /// `GET`, `POST`, `HEAD`, …
    public var method: String
    /// The path, `%xx`-unquoted, leading slashes included.
    public var path: String
    /// The raw query string without `?`, nil when absent.
    public var query: String?
    public var headers: [(name: String, value: String)]
    /// The body of a POST (`application/x-www-form-urlencoded` form fields), empty otherwise.
    public var body: [UInt8]
    /// `scheme://host[:port]` for absolute redirects when the request has no `Host` header (Supervisor's
    /// `SERVER_NAME`/`SERVER_PORT` fallback).
    public var fallbackServerURL: String

    public init(
        method: String,
        path: String,
        query: String?,
        headers: [(name: String, value: String)],
        body: [UInt8],
        fallbackServerURL: String
    ) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
        self.fallbackServerURL = fallbackServerURL
    }

    /// The first header called `name` (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first(where: { $0.name.lowercased() == lowered })?.value
    }

    /// Supervisor's form: query fields (the first of duplicates), then POSTed form fields over them (the last of
    /// duplicates).
    var form: [String: String] {
        var form: [String: String] = [:]
        if let query {
            for (name, value) in URLQuoting.parseQuery(query) where form[name] == nil { form[name] = value }
        }
        if method == "POST", !body.isEmpty {
            for (name, value) in URLQuoting.parseQuery(String(decoding: body, as: UTF8.self)) { form[name] = value }
        }
        return form
    }

    /// `get_server_url`: `http://` + the `Host` header (its port dropped when 80), or the fallback.
    var serverURL: String {
        guard let host = header("host")?.trimmingSpaces(), !host.isEmpty else { return fallbackServerURL }
        let authority = host.hasSuffix(":80") ? String(host.dropLast(3)) : host
        return "http://" + authority
    }
}

/// A complete answer; the HTTP layer adds `Server`, `Date` and `Content-Length`.
public struct WebResponse: Sendable {
    public var status: Int
    public var headers: [(name: String, value: String)]
    public var body: [UInt8]

    public init(status: Int, headers: [(name: String, value: String)], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The header `name`'s value (case-insensitive), for tests.
    public func header(_ name: String) -> String? {
        let lowered = name.lowercased()
        return headers.first(where: { $0.name.lowercased() == lowered })?.value
    }

    public var text: String { String(decoding: body, as: UTF8.self) }
}
