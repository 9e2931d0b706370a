/// Decides whether a state-changing request may have come from another web site (CSRF).
///
/// Supervisor's page changes state on a plain GET link, so any page a logged-in browser visits could stop every
/// program (improvements.md). We refuse such a request when the browser says it is cross-site, and accept it when
/// nothing says so: scripts and `supervisorctl` send none of these headers, and our own page's requests are
/// same-origin.
///
/// Refused, in this order:
/// 1. `Sec-Fetch-Site: cross-site` or `same-site` (another site, or another port or subdomain of this one).
///    `same-origin` and `none` (typed into the address bar, a bookmark) go on to the next checks.
/// 2. An `Origin` header that is `null` or names another origin than the `Host` header.
/// 3. A `Referer` whose scheme and authority name another origin than the `Host` header.
/// A request without any of the three is allowed. Origins are compared by authority (host and port), not scheme,
/// so the page keeps working behind a TLS-terminating proxy that forwards the `Host` header.
public enum CrossSiteCheck {
    public enum Verdict: Sendable, Equatable {
        case allowed
        /// Refused; the reason is shown to the user.
        case refused(String)
    }

    /// - Parameters:
    ///   - headers: the request's headers (names in any case; the first of each name counts).
    public static func verdict(headers: [(name: String, value: String)]) -> Verdict {
        func header(_ name: String) -> String? {
            headers.first(where: { $0.name.lowercased() == name })?.value.trimmingSpaces()
        }
        let host = header("host").map { normalizedAuthority($0) } ?? ""

        if let site = header("sec-fetch-site")?.lowercased(), site == "cross-site" || site == "same-site" {
            return .refused("the browser marked this request as \(site) (Sec-Fetch-Site)")
        }
        if let origin = header("origin") {
            guard let authority = authority(ofOrigin: origin), !host.isEmpty, authority == host else {
                return .refused("the request comes from another origin (Origin: \(origin))")
            }
        }
        if let referer = header("referer"), !referer.isEmpty {
            guard let authority = authority(ofOrigin: referer), !host.isEmpty, authority == host else {
                return .refused("the request comes from another page's link (Referer names another site)")
            }
        }
        return .allowed
    }

    /// `http://Host:80/path` → `host`; `https://h:8443` → `h:8443`; nil for `null` or anything without `scheme://`.
    static func authority(ofOrigin text: String) -> String? {
        guard let colon = text.firstIndex(of: ":"), text[colon...].hasPrefix("://") else { return nil }
        let scheme = text[..<colon].lowercased()
        guard scheme == "http" || scheme == "https" else { return nil }
        let rest = text[text.index(colon, offsetBy: 3)...]
        var authority = rest.prefix(while: { $0 != "/" && $0 != "?" && $0 != "#" })
        if let at = authority.lastIndex(of: "@") { authority = authority[authority.index(after: at)...] }
        guard !authority.isEmpty else { return nil }
        let defaultPort = scheme == "https" ? ":443" : ":80"
        return normalizedAuthority(String(authority), defaultPort: defaultPort)
    }

    /// Lower-cased, without the scheme's default port (a `Host` header is compared as `http`'s: the daemon only
    /// speaks plain HTTP).
    static func normalizedAuthority(_ text: String, defaultPort: String = ":80") -> String {
        let lowered = text.lowercased()
        return lowered.hasSuffix(defaultPort) ? String(lowered.dropLast(defaultPort.count)) : lowered
    }
}

extension String {
    func trimmingSpaces() -> String {
        var slice = Substring(self)
        while let first = slice.first, first == " " || first == "\t" { slice.removeFirst() }
        while let last = slice.last, last == " " || last == "\t" { slice.removeLast() }
        return String(slice)
    }
}
