import Testing

@testable import SupervisorClient

@Suite struct ServerURLTests {
    @Test func unixURLTakesEverythingAfterTheSchemeAsThePath() throws {
        let url = try ServerURL("unix:///tmp/x/supervisor.sock")
        #expect(url.address == .unix(path: "/tmp/x/supervisor.sock"))
        #expect(url.rpcHostHeader == "localhost")
        #expect(url.tailHostHeader == "")
    }

    @Test func httpURLWithPortUsesHostAndPortInTheHostHeader() throws {
        let url = try ServerURL("http://127.0.0.1:9001")
        #expect(url.address == .tcp(host: "127.0.0.1", port: 9001))
        #expect(url.rpcHostHeader == "127.0.0.1:9001")
        #expect(url.tailHostHeader == "127.0.0.1:9001")
    }

    @Test func httpURLWithoutPortDefaultsTo80AndOmitsItFromTheHostHeader() throws {
        let url = try ServerURL("http://Example.COM/RPC2")
        #expect(url.address == .tcp(host: "example.com", port: 80))
        #expect(url.rpcHostHeader == "example.com")
        #expect(url.tailHostHeader == "Example.COM")
    }

    @Test func ipv6LiteralLosesItsBracketsForConnectingButKeepsThemInTheHostHeader() throws {
        let url = try ServerURL("http://[::1]:9001")
        #expect(url.address == .tcp(host: "::1", port: 9001))
        #expect(url.rpcHostHeader == "[::1]:9001")
    }

    @Test func userInfoIsIgnoredForTheAddress() throws {
        let url = try ServerURL("http://user:pw@localhost:9001")
        #expect(url.address == .tcp(host: "localhost", port: 9001))
        #expect(url.rpcHostHeader == "localhost:9001")
    }

    @Test(arguments: [
        "ftp://host", "localhost:9001", "http://", "http://host:port", "http://host:70000", "unix://",
        "http://[::1", "http://bad host:1",
    ])
    func unusableURLsAreRejected(_ string: String) {
        #expect(throws: ClientError.self) { try ServerURL(string) }
    }

    @Test func socketPathLongerThanSunPathIsRejected() {
        let path = "/" + String(repeating: "a", count: 107)
        #expect(throws: ClientError.invalidServerURL("unix://" + path, reason: "AF_UNIX path too long")) {
            try ServerURL("unix://" + path)
        }
        #expect((try? ServerURL("unix://" + String(path.dropLast()))) != nil)
    }
}
