import Foundation
import Testing

@testable import SupervisorHTTP

/// The server over real sockets: a unix socket in a short temp dir and 127.0.0.1 on an ephemeral port. The inet
/// listener has `username=user`, `password={SHA}<sha1 of "test">`; the unix one has no auth unless a test says so.
@Suite struct SupervisorHTTPServerTests {
    static let rpcBody =
        "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getAPIVersion</methodName>\n<params>\n</params>\n</methodCall>\n"

    static func rpcRequest(_ method: String = "supervisor.getAPIVersion", extraHeaders: String = "") -> String {
        let body =
            "<?xml version='1.0'?>\n<methodCall>\n<methodName>\(method)</methodName>\n<params>\n</params>\n</methodCall>\n"
        return
            "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\n\(extraHeaders)Content-Type: text/xml\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)"
    }

    /// One request on a fresh connection; returns the response and whether the server closed afterwards.
    static func exchange(
        unix path: String? = nil, port: Int? = nil, _ request: String, expectClose: Bool = false
    ) async throws -> (RawResponse, closed: Bool) {
        try await blocking {
            let client = try path.map { try RawClient(unixPath: $0) } ?? RawClient(port: port!)
            try client.send(request)
            let response = try client.readResponse(isHEAD: request.hasPrefix("HEAD "))
            client.setTimeout(.milliseconds(expectClose ? 2000 : 200))
            let closed = (try? client.waitForEOF()) ?? false
            return (response, closed)
        }
    }

    // MARK: - Authentication

    @Test func authenticationMatrixOnInet() async throws {
        try await withLiveServer { live in
            let cases: [(String?, Int)] = [
                (nil, 401), (basic("user:wrong"), 401), (basic("user:test"), 200), ("basic dXNlcjp0ZXN0", 200),
                (basic("user:a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"), 401), ("Basic !!!!", 401),
                (basic("nocolon"), 401), ("", 401), ("Digest abc", 401),
            ]
            for (authorization, expected) in cases {
                let header = authorization.map { "Authorization: \($0)\r\n" } ?? ""
                let (response, closed) = try await Self.exchange(
                    port: live.port, "GET /ok.html HTTP/1.1\r\nHost: x\r\n\(header)\r\n", expectClose: expected == 401)
                #expect(response.status == expected, "\(authorization ?? "none")")
                if expected == 401 {
                    #expect(response.header("WWW-Authenticate") == "Basic realm=\"default\"")
                    #expect(response.header("Connection") == "close")
                    #expect(closed)
                } else {
                    #expect(response.bodyText == "OK")
                }
            }
        }
    }

    @Test func everyRouteRequiresAuthentication() async throws {
        let dir = TempDirectory()
        let log = dir.file("foo.log")
        _ = FileManager.default.createFile(atPath: log, contents: Data("x\n".utf8))
        var app = StubApplication()
        app.logFiles["foo/stdout"] = log
        app.mainLog = log
        try await withLiveServer(application: app, unixAuth: ("user", "test"), directory: dir) { live in
            for request in [
                Self.rpcRequest(), "GET /logtail/foo HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET /mainlogtail HTTP/1.1\r\nHost: x\r\n\r\n",
                "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET /stylesheets/supervisor.css HTTP/1.1\r\nHost: x\r\n\r\n",
            ] {
                let (response, _) = try await Self.exchange(unix: live.socketPath, request, expectClose: true)
                #expect(response.status == 401, "\(request.prefix(30))")
            }
            // Plain (non-{SHA}) password, and the user reaches the application.
            let (ok, _) = try await Self.exchange(
                unix: live.socketPath, Self.rpcRequest(extraHeaders: "Authorization: \(basic("user:test"))\r\n"))
            #expect(ok.status == 200)
            #expect(await app.seen.usernames == ["user"])
        }
    }

    // MARK: - Connections

    @Test func keepAliveServesSeveralRequestsOnOneConnection() async throws {
        try await withLiveServer { live in
            let path = live.socketPath
            let statuses = try await blocking {
                let client = try RawClient(unixPath: path)
                var seen: [Int] = []
                for request in [
                    Self.rpcRequest(), Self.rpcRequest(), "GET /ok.html HTTP/1.1\r\nHost: localhost\r\n\r\n",
                    Self.rpcRequest(),
                ] {
                    try client.send(request)
                    let response = try client.readResponse()
                    seen.append(response.status)
                    if response.status == 200 && request.hasPrefix("POST") {
                        guard response.body == StubApplication.xml, response.header("Content-Type") == "text/xml" else {
                            throw ClientError(description: "bad RPC response \(response.statusLine)")
                        }
                    }
                }
                return seen
            }
            #expect(statuses == [200, 200, 200, 200])
        }
    }

    @Test func pipelinedRequestsAreAnsweredInOrder() async throws {
        try await withLiveServer { live in
            let path = live.socketPath
            let answers = try await blocking {
                let client = try RawClient(unixPath: path)
                // The first call is slow: the later ones must wait for it.
                try client.send(
                    Self.rpcRequest("slow") + "GET /ok.html HTTP/1.1\r\nHost: x\r\n\r\n" + Self.rpcRequest("bad")
                        + "GET /missing HTTP/1.1\r\nHost: x\r\n\r\n")
                return try (0..<4).map { _ in try client.readResponse().status }
            }
            #expect(answers == [200, 200, 400, 404])
        }
    }

    @Test func http10ClosesUnlessKeepAliveIsAsked() async throws {
        try await withLiveServer { live in
            let (plain, closed) = try await Self.exchange(
                unix: live.socketPath, "GET /ok.html HTTP/1.0\r\n\r\n", expectClose: true)
            #expect(plain.statusLine == "HTTP/1.0 200 OK")
            #expect(closed)

            let path = live.socketPath
            let kept = try await blocking {
                let client = try RawClient(unixPath: path)
                try client.send("GET /ok.html HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let first = try client.readResponse()
                try client.send("GET /ok.html HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                let second = try client.readResponse()
                return [first.header("Connection"), second.header("Connection"), second.bodyText]
            }
            #expect(kept == ["Keep-Alive", "Keep-Alive", "OK"])
        }
    }

    @Test func responsesCarryMedusasHeaders() async throws {
        try await withLiveServer { live in
            let (rpc, _) = try await Self.exchange(unix: live.socketPath, Self.rpcRequest())
            #expect(rpc.headerNames == ["Server", "Date", "Content-Type", "Content-Length"])
            #expect(rpc.header("Server") == "Medusa/1.12")
            #expect(rpc.header("Date")?.hasSuffix(" GMT") == true)

            let (missing, _) = try await Self.exchange(
                unix: live.socketPath, "GET /logtail/nobody HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(missing.status == 404)
            #expect(missing.headerNames == ["Server", "Date", "Content-Length", "Content-Type"])
            #expect(missing.body == MedusaResponses.errorBody(404))

            let (head, _) = try await Self.exchange(unix: live.socketPath, "HEAD /ok.html HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(head.status == 200)
            #expect(head.header("Content-Length") == "2")
        }
    }

    @Test func bodyRulesAnswer411And413And400() async throws {
        var options = HTTPServerOptions()
        options.maxBodySize = 64 * 1024
        try await withLiveServer(options: options) { live in
            let (noLength, _) = try await Self.exchange(unix: live.socketPath, "POST /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(noLength.status == 411)
            let (tooLarge, closed) = try await Self.exchange(
                unix: live.socketPath, "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 70000\r\n\r\n",
                expectClose: true)
            #expect(tooLarge.status == 413)
            #expect(closed)
            let (empty, _) = try await Self.exchange(
                unix: live.socketPath, "POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n")
            #expect(empty.status == 400)
            let (get, _) = try await Self.exchange(unix: live.socketPath, "GET /RPC2 HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(get.status == 400)
            let (crash, _) = try await Self.exchange(unix: live.socketPath, Self.rpcRequest("crash"))
            #expect(crash.status == 500)

            let path = live.socketPath
            let notUTF8 = try await blocking {
                let client = try RawClient(unixPath: path)
                try client.send(
                    Array("POST /RPC2 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n".utf8) + [0xFF, 0xFE, 0x41])
                return try client.readResponse().status
            }
            #expect(notUTF8 == 400)
        }
    }

    @Test func pagesGetTheirBodyAndQuery() async throws {
        let app = StubApplication()
        try await withLiveServer(application: app) { live in
            let (echo, _) = try await Self.exchange(
                unix: live.socketPath, "POST /echo?a=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 7\r\n\r\nx=1&y=2")
            #expect(echo.bodyText == "x=1&y=2")
            let (missing, _) = try await Self.exchange(
                unix: live.socketPath, "GET /no%20such HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(missing.status == 404)
            #expect(await app.seen.requests == ["POST /echo a=1", "GET /no such -"])
        }
    }

    @Test func emptyHostHeaderAndLeadingBlankLinesAreAccepted() async throws {
        try await withLiveServer { live in
            let (response, _) = try await Self.exchange(
                unix: live.socketPath, "\r\nGET /ok.html HTTP/1.1\r\nHost:\r\n\r\n")
            #expect(response.status == 200)
        }
    }

    @Test func silentConnectionIsClosed() async throws {
        var options = HTTPServerOptions()
        options.idleTimeout = .milliseconds(200)
        try await withLiveServer(options: options) { live in
            let path = live.socketPath
            let closed = try await blocking {
                let client = try RawClient(unixPath: path, timeout: .seconds(3))
                return try client.waitForEOF()
            }
            #expect(closed)
        }
    }

    // MARK: - Log tails

    @Test func logtailStreamsAppendedBytesAndSurvivesTruncation() async throws {
        let dir = TempDirectory()
        let log = dir.file("foo.log")
        let initial = (0..<100).map { "line \($0) of the log\n" }.joined()
        _ = FileManager.default.createFile(atPath: log, contents: Data(initial.utf8))
        var app = StubApplication()
        app.logFiles["grp:foo/stderr"] = log
        var options = HTTPServerOptions()
        options.tailPollInterval = .milliseconds(20)
        try await withLiveServer(application: app, options: options, directory: dir) { live in

            let path = live.socketPath
            let client = try await blocking { try RawClient(unixPath: path) }
            let head = try await blocking {
                try client.send("GET /logtail/grp%3Afoo/stderr HTTP/1.1\r\nHost:\r\n\r\n\r\n")
                return try client.readHead()
            }
            #expect(head.status == 200)
            #expect(head.header("Transfer-Encoding") == "chunked")
            #expect(head.header("Content-Type") == "text/plain;charset=utf-8")
            #expect(head.header("X-Accel-Buffering") == "no")
            #expect(head.header("Last-Modified")?.hasSuffix(" GMT") == true)
            #expect(head.header("Content-Length") == nil)

            let first = try await blocking { try client.readChunks(until: { $0.count >= 1024 }) }
            #expect(first == Array(initial.utf8.suffix(1024)))

            let handle = try #require(FileHandle(forWritingAtPath: log))
            handle.seekToEndOfFile()
            handle.write(Data("appended after the request\n".utf8))
            handle.closeFile()
            let appended = try await blocking {
                try client.readChunks(until: { $0.contains("appended after the request\n") })
            }
            #expect(appended == Array("appended after the request\n".utf8))

            try Data("fresh\n".utf8).write(to: URL(fileURLWithPath: log))
            let afterTruncation = try await blocking { try client.readChunks(until: { $0.contains("fresh\n") }) }
            #expect(afterTruncation == Array("==> File truncated <==\nfresh\n".utf8))

            // The stream ends with the client; the server forgets the connection.
            #expect(await live.server.openConnectionCount == 1)
            client.disconnect()
            #expect(try await eventually { await live.server.openConnectionCount == 0 })
        }
    }

    @Test func requestPipelinedBehindATailIsDroppedAndTheDisconnectIsStillNoticed() async throws {
        let dir = TempDirectory()
        let log = dir.file("foo.log")
        _ = FileManager.default.createFile(atPath: log, contents: Data("quiet\n".utf8))
        var app = StubApplication()
        app.logFiles["foo/stdout"] = log
        try await withLiveServer(application: app, directory: dir) { live in
            let path = live.socketPath
            let client = try await blocking {
                let client = try RawClient(unixPath: path)
                try client.send(
                    "GET /logtail/foo HTTP/1.1\r\nHost: x\r\n\r\n" + Self.rpcRequest() + Self.rpcRequest())
                _ = try client.readHead()
                _ = try client.readChunks(until: { $0.contains("quiet\n") })
                return client
            }
            #expect(await live.server.openConnectionCount == 1)
            client.disconnect()
            #expect(try await eventually { await live.server.openConnectionCount == 0 })
        }
    }

    /// 4 MiB appended at once is more than the socket and NIO's write buffer hold, so the tail has to wait for
    /// writability several times (it reads the file only while the connection can take more); every byte still
    /// arrives, in order.
    @Test func bigAppendArrivesCompleteThroughBackpressure() async throws {
        let dir = TempDirectory()
        let log = dir.file("big.log")
        _ = FileManager.default.createFile(atPath: log, contents: Data("start\n".utf8))
        var app = StubApplication()
        app.logFiles["big/stdout"] = log
        var options = HTTPServerOptions()
        options.tailPollInterval = .milliseconds(20)
        try await withLiveServer(application: app, options: options, directory: dir) { live in
            let path = live.socketPath
            let client = try await blocking {
                let client = try RawClient(unixPath: path)
                try client.send("GET /logtail/big HTTP/1.1\r\nHost: x\r\n\r\n")
                _ = try client.readHead()
                _ = try client.readChunks(until: { $0.count >= 6 })
                return client
            }
            let big = Array((0..<200_000).map { String(format: "%019d\n", $0) }.joined().utf8)
            let handle = try #require(FileHandle(forWritingAtPath: log))
            handle.seekToEndOfFile()
            handle.write(Data(big))
            handle.closeFile()
            let received = try await blocking { try client.readChunks(until: { $0.count >= big.count }) }
            #expect(received.count == big.count)
            #expect(received == big)
        }
    }

    @Test func mainlogtailOverHTTP10IsARawBodyAndMissingLogsAre404() async throws {
        let dir = TempDirectory()
        let log = dir.file("main.log")
        _ = FileManager.default.createFile(atPath: log, contents: Data("started\n".utf8))
        var app = StubApplication()
        app.mainLog = log
        var options = HTTPServerOptions()
        options.tailPollInterval = .milliseconds(20)
        try await withLiveServer(application: app, options: options, directory: dir) { live in
            let path = live.socketPath
            let (head, data) = try await blocking {
                let client = try RawClient(unixPath: path)
                try client.send("GET /mainlogtail HTTP/1.0\r\n\r\n")
                let head = try client.readHead()
                return (head, try client.readRaw(until: { $0.contains("started\n") }))
            }
            #expect(head.statusLine == "HTTP/1.0 200 OK")
            #expect(head.header("Transfer-Encoding") == nil)
            #expect(head.header("X-Accel-Buffering") == nil)
            #expect(data == Array("started\n".utf8))

        }
        try await withLiveServer { noLog in
            let (missing, _) = try await Self.exchange(
                unix: noLog.socketPath, "GET /mainlogtail HTTP/1.1\r\nHost: x\r\n\r\n")
            #expect(missing.status == 404)
        }
    }

    @Test func shutdownClosesStreamingConnections() async throws {
        let dir = TempDirectory()
        let log = dir.file("foo.log")
        _ = FileManager.default.createFile(atPath: log, contents: Data("x\n".utf8))
        var app = StubApplication()
        app.logFiles["foo/stdout"] = log
        let live = try await LiveServer.start(application: app, directory: dir)
        let path = live.socketPath
        let client = try await blocking {
            let client = try RawClient(unixPath: path)
            try client.send("GET /logtail/foo HTTP/1.1\r\nHost: x\r\n\r\n")
            _ = try client.readHead()
            return client
        }
        await live.stop()
        #expect(try await blocking { try client.readChunks(until: { $0.contains("x\n") }) } == Array("x\n".utf8))
        #expect(try await blocking { try client.waitForEOF() })
    }

    // MARK: - Python's client

    /// Python's `xmlrpc.client` with Supervisor's own transport (as supervisorctl uses it) accepts our framing,
    /// authenticates, and reuses one connection for several calls.
    @Test func pythonSupervisorTransportTalksToUs() async throws {
        let python = try #require(
            PythonLocator.python, "no Python with Supervisor 4.3.0: run scripts/python-supervisor.sh")
        try await withLiveServer(unixAuth: ("user", "test")) { live in
            let script = """
                import sys, xmlrpc.client
                from supervisor.xmlrpc import SupervisorTransport
                t = SupervisorTransport('user', 'test', 'unix://' + sys.argv[1])
                proxy = xmlrpc.client.ServerProxy('http://127.0.0.1', transport=t)
                print(proxy.supervisor.getAPIVersion())
                sock = t.connection.sock
                print(proxy.supervisor.getAPIVersion())
                print('same connection' if t.connection.sock is sock else 'new connection')
                try:
                    proxy.bad()
                except xmlrpc.client.ProtocolError as e:
                    print('ProtocolError', e.errcode)
                bad = SupervisorTransport('user', 'wrong', 'unix://' + sys.argv[1])
                try:
                    xmlrpc.client.ServerProxy('http://127.0.0.1', transport=bad).supervisor.getAPIVersion()
                except xmlrpc.client.ProtocolError as e:
                    print('ProtocolError', e.errcode)
                """
            let output = try await Self.runPython(python, script, live.socketPath)
            #expect(output == "3.0\n3.0\nsame connection\nProtocolError 400\nProtocolError 401\n")
        }
    }

    /// supervisorctl's `tail -f` client (`supervisor.http_client.HTTPHandler`: an empty `Host:` over a unix socket,
    /// an extra CRLF after its headers, its own chunked decoding) follows our log tail.
    @Test func pythonTailClientFollowsOurLogTail() async throws {
        let python = try #require(
            PythonLocator.python, "no Python with Supervisor 4.3.0: run scripts/python-supervisor.sh")
        let dir = TempDirectory()
        let log = dir.file("foo.log")
        _ = FileManager.default.createFile(atPath: log, contents: Data("hello from the log\n".utf8))
        var app = StubApplication()
        app.logFiles["foo/stdout"] = log
        try await withLiveServer(application: app, unixAuth: ("user", "test"), directory: dir) { live in
            let script = """
                import sys, time
                from supervisor import http_client
                from supervisor.medusa import asyncore_25 as asyncore
                class Collect(http_client.Listener):
                    data = b''
                    def feed(self, url, data): Collect.data += data
                    def error(self, url, error): print('error', error)
                handler = http_client.HTTPHandler(Collect(), 'user', 'test')
                handler.get('unix://' + sys.argv[1], '/logtail/foo')
                deadline = time.time() + 5
                while b'appended' not in Collect.data and time.time() < deadline:
                    asyncore.poll(0.05)
                    if b'hello' in Collect.data and not open(sys.argv[2]).read().endswith('appended\\n'):
                        open(sys.argv[2], 'a').write('appended\\n')
                sys.stdout.write(Collect.data.decode())
                """
            let output = try await Self.runPython(python, script, live.socketPath, log)
            #expect(output == "hello from the log\nappended\n")
        }
    }

    static func runPython(_ python: String, _ script: String, _ arguments: String...) async throws -> String {
        try await blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: python)
            process.arguments = ["-c", script] + arguments
            let pipe = Pipe()
            process.standardOutput = pipe
            process.standardError = pipe
            try process.run()
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return String(decoding: data, as: UTF8.self)
        }
    }
}

/// `/RPC2` refuses a POST a browser marks as coming from another site (a form or fetch on another page can send
/// XML as text/plain through a logged-in browser); XML-RPC clients send no such headers.
@Suite struct CrossSiteRPCTests {
    @Test func foreignOriginIs403AndTheCallNeverRuns() async throws {
        let application = StubApplication()
        try await withLiveServer(application: application) { live in
            let authorization = "Authorization: \(basic("user:test"))\r\n"
            let (refused, _) = try await SupervisorHTTPServerTests.exchange(
                port: live.port,
                SupervisorHTTPServerTests.rpcRequest(extraHeaders: authorization + "Origin: http://evil.example\r\n"))
            #expect(refused.status == 403)
            let (crossSite, _) = try await SupervisorHTTPServerTests.exchange(
                port: live.port,
                SupervisorHTTPServerTests.rpcRequest(extraHeaders: authorization + "Sec-Fetch-Site: cross-site\r\n"))
            #expect(crossSite.status == 403)
            #expect(await application.seen.requests.isEmpty)
            let (plain, _) = try await SupervisorHTTPServerTests.exchange(
                port: live.port, SupervisorHTTPServerTests.rpcRequest(extraHeaders: authorization))
            #expect(plain.status == 200)
        }
    }
}
