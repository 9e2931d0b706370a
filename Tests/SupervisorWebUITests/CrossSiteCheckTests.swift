import Testing

@testable import SupervisorWebUI

@Suite struct CrossSiteCheckTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var headers: [(name: String, value: String)]
        var allowed: Bool
        var testDescription: String { headers.map { "\($0.name): \($0.value)" }.joined(separator: ", ") }
    }

    static let host = ("Host", "127.0.0.1:9001")

    static let cases: [Case] = [
        // Scripts, curl, supervisorctl: no browser headers at all.
        Case(headers: [host], allowed: true),
        Case(headers: [], allowed: true),
        // Our own page.
        Case(headers: [host, ("Sec-Fetch-Site", "same-origin"), ("Origin", "http://127.0.0.1:9001")], allowed: true),
        Case(
            headers: [host, ("Sec-Fetch-Site", "same-origin"), ("Referer", "http://127.0.0.1:9001/index.html")],
            allowed: true
        ),
        Case(headers: [("host", "LOCALHOST"), ("referer", "http://localhost:80/tail.html?x=1")], allowed: true),
        Case(headers: [("Host", "example.org"), ("Origin", "http://example.org:80")], allowed: true),
        // Typed into the address bar, or a bookmark.
        Case(headers: [host, ("Sec-Fetch-Site", "none")], allowed: true),
        // Another site.
        Case(headers: [host, ("Sec-Fetch-Site", "cross-site")], allowed: false),
        Case(headers: [host, ("Sec-Fetch-Site", "same-site")], allowed: false),
        Case(headers: [host, ("Sec-Fetch-Site", "Cross-Site")], allowed: false),
        Case(headers: [host, ("Origin", "http://evil.example")], allowed: false),
        Case(headers: [host, ("Origin", "http://127.0.0.1:9002")], allowed: false),
        // Behind a TLS-terminating proxy the page's origin is https on the proxied Host: the authority decides.
        Case(headers: [("Host", "sup.example.org"), ("Origin", "https://sup.example.org")], allowed: true),
        Case(headers: [("Host", "sup.example.org"), ("Origin", "https://sup.example.org:8443")], allowed: false),
        Case(headers: [host, ("Origin", "null")], allowed: false),
        Case(headers: [host, ("Referer", "http://evil.example/page.html")], allowed: false),
        Case(headers: [host, ("Referer", "http://127.0.0.1:9001@evil.example/")], allowed: false),
        Case(headers: [host, ("Referer", "file:///tmp/x.html")], allowed: false),
        // A same-origin Sec-Fetch-Site does not excuse a foreign Origin.
        Case(headers: [host, ("Sec-Fetch-Site", "same-origin"), ("Origin", "http://evil.example")], allowed: false),
        // No Host to compare with: an Origin cannot be checked.
        Case(headers: [("Origin", "http://127.0.0.1:9001")], allowed: false),
    ]

    @Test(arguments: cases) func decidesByTheBrowsersHeaders(_ c: Case) {
        let verdict = CrossSiteCheck.verdict(headers: c.headers)
        #expect((verdict == .allowed) == c.allowed, "\(verdict)")
    }
}
