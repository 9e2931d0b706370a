import Foundation
import Testing

/// The web UI's routes on the real daemon over TCP: basic auth on every one of them (pages, JSON, static files),
/// the headers that keep the pages from being framed or cached, and the cross-site rule for actions.
@Suite(.serialized) struct WebUIRoutesTests {
    struct Response {
        var status: Int
        var head: String
        var body: String
    }

    /// One HTTP/1.0 request to 127.0.0.1:`port`, read to the end.
    static func request(
        port: Int,
        _ method: String,
        _ target: String,
        headers: [String] = [],
        body: String = ""
    ) throws -> Response {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 30, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { throw POSIXError(.ECONNREFUSED) }
        var text = "\(method) \(target) HTTP/1.0\r\nHost: 127.0.0.1:\(port)\r\n"
        for header in headers { text += header + "\r\n" }
        if method == "POST" { text += "Content-Length: \(body.utf8.count)\r\n" }
        text += "\r\n" + body
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fd, &chunk, chunk.count)
            if n <= 0 { break }
            received += chunk[0..<n]
        }
        let all = String(decoding: received, as: UTF8.self)
        let parts = all.components(separatedBy: "\r\n\r\n")
        let head = parts.first ?? ""
        let status = Int(head.split(separator: " ").dropFirst().first ?? "") ?? 0
        return Response(status: status, head: head, body: parts.dropFirst().joined(separator: "\r\n\r\n"))
    }

    @Test func everyRouteNeedsTheCredentialsAndActionsFollowTheCrossSiteRule() throws {
        let d = DaemonHarness()
        let port = ControlPlaneTests.freePort()
        d.writeConfig(
            """
            [inet_http_server]
            port=127.0.0.1:\(port)
            username=admin
            password=s3cret

            [program:sleeper]
            command=/bin/sleep 100000
            startsecs=0
            stopwaitsecs=2
            """
        )
        try d.start()
        defer { d.stop() }
        d.waitForLog("success: sleeper entered RUNNING state")
        let auth = "Authorization: Basic " + Data("admin:s3cret".utf8).base64EncodedString()

        let routes = [
            "/", "/index.html", "/tail.html?processname=sleeper", "/ok.html", "/status.json",
            "/stylesheets/supervisor.css", "/scripts/status.js", "/scripts/tail.js", "/images/icon.svg",
            "/index.html?processname=sleeper&action=stop",
        ]
        for route in routes {
            let anonymous = try Self.request(port: port, "GET", route)
            #expect(anonymous.status == 401, "\(route) without credentials: \(anonymous.status)")
            let wrong = try Self.request(
                port: port,
                "GET",
                route,
                headers: ["Authorization: Basic " + Data("admin:nope".utf8).base64EncodedString()]
            )
            #expect(wrong.status == 401, "\(route) with a wrong password: \(wrong.status)")
        }
        #expect(d.read(d.mainLog).contains("stopped: sleeper") == false, "an unauthenticated action ran")
        for route in routes.dropLast() {
            #expect(try Self.request(port: port, "GET", route, headers: [auth]).status == 200, "\(route)")
        }
        #expect(try Self.request(port: port, "GET", "/images/supervisor.gif", headers: [auth]).status == 404)

        let page = try Self.request(port: port, "GET", "/", headers: [auth])
        #expect(page.head.contains("\r\nX-Frame-Options: DENY"))
        #expect(page.head.contains("\r\nContent-Security-Policy: default-src 'self';"))
        #expect(page.head.contains("\r\nCache-Control: no-cache"))

        // Another site's link: refused, nothing changes.
        let crossSite = try Self.request(
            port: port,
            "GET",
            "/index.html?processname=sleeper&action=stop",
            headers: [auth, "Sec-Fetch-Site: cross-site", "Referer: http://evil.example/"]
        )
        #expect(crossSite.status == 403)
        let json = try Self.request(
            port: port,
            "POST",
            "/action.json",
            headers: [auth, "Origin: http://evil.example"],
            body: "action=stop&processname=sleeper"
        )
        #expect(json.status == 403)
        usleep(200_000)
        #expect(!d.read(d.mainLog).contains("stopped: sleeper"))

        // Our own page (same origin) and a script without browser headers both work.
        let own = try Self.request(
            port: port,
            "POST",
            "/action.json",
            headers: [auth, "Sec-Fetch-Site: same-origin", "Origin: http://127.0.0.1:\(port)"],
            body: "action=stop&processname=sleeper"
        )
        #expect(own.status == 200)
        #expect(own.body == #"{"message":"Process sleeper stopped","ok":true}"#)
        let script = try Self.request(
            port: port,
            "GET",
            "/index.html?processname=sleeper&action=start",
            headers: [auth]
        )
        #expect(script.status == 301)
        #expect(script.head.contains("\r\nLocation: http://127.0.0.1:\(port)/?message=Process%20sleeper%20started"))
    }

    @Test func groupActionsActOnEveryProcessOfTheGroup() throws {
        let d = DaemonHarness()
        let port = ControlPlaneTests.freePort()
        d.writeConfig(
            """
            [inet_http_server]
            port=127.0.0.1:\(port)

            [group:workers]
            programs=one,two

            [program:one]
            command=/bin/sleep 100000
            startsecs=0
            stopwaitsecs=2

            [program:two]
            command=/bin/sleep 100000
            startsecs=0
            stopwaitsecs=2
            """)
        try d.start()
        defer { d.stop() }
        d.waitForLog("success: one entered RUNNING state")
        d.waitForLog("success: two entered RUNNING state")
        let stop = try Self.request(port: port, "GET", "/index.html?processname=workers&action=stopgroup")
        #expect(stop.head.contains("\r\nLocation: http://127.0.0.1:\(port)/?message=Group%20workers%20stopped\r\n"))
        #expect(d.read(d.mainLog).contains("stopped: one") && d.read(d.mainLog).contains("stopped: two"))
        let status = try Self.request(port: port, "GET", "/status.json")
        #expect(status.body.contains(#""namespec":"workers:one","state":0,"statename":"STOPPED""#))
        #expect(status.body.contains(#""namespec":"workers:two","state":0,"statename":"STOPPED""#))
        let start = try Self.request(
            port: port, "POST", "/action.json", body: "action=restartgroup&processname=workers")
        #expect(start.body == #"{"message":"Group workers restarted","ok":true}"#)
        let running = try Self.request(port: port, "GET", "/status.json")
        #expect(running.body.components(separatedBy: #""statename":"RUNNING""#).count == 3)
        let unknown = try Self.request(port: port, "POST", "/action.json", body: "action=stopgroup&processname=nope")
        #expect(unknown.body == #"{"message":"No such group named nope","ok":false}"#)
    }
}
