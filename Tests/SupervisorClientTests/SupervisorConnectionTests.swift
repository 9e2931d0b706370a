import Foundation
import Glibc
import Synchronization
import Testing
import XMLRPC

@testable import SupervisorClient
import SupervisorTestSupport

/// The client against a scripted stub server: request bytes, keep-alive, reconnects and every error shape.
@Suite struct SupervisorConnectionTests {
    /// Answers every request on every connection with `getState`'s value until the client closes.
    static let answerEverything: StubHTTPServer.Handler = { connection in
        while connection.readRequest() != nil {
            connection.sendXMLRPC(.success(runningState))
        }
    }

    // MARK: - Requests

    @Test func requestOverUnixSocketIsByteForByteWhatPythonsTransportSends() throws {
        let server = try StubHTTPServer.unix(Self.answerEverything)
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url, username: "user", password: "pw")
        #expect(try client.call("supervisor.getVersion") == runningState)
        // Captured from Python Supervisor 4.3's SupervisorTransport (python3.11) with the same credentials.
        let expected = "POST /RPC2 HTTP/1.1\r\nHost: localhost\r\nAccept-Encoding: identity\r\n"
            + "User-Agent: Python-xmlrpc/3.11\r\nContent-Type: text/xml\r\nAccept: text/xml\r\n"
            + "Authorization: Basic dXNlcjpwdw==\r\nContent-Length: 115\r\n\r\n"
            + "<?xml version='1.0'?>\n<methodCall>\n<methodName>supervisor.getVersion</methodName>\n<params>\n"
            + "</params>\n</methodCall>\n"
        #expect(server.requests.map { String(decoding: $0, as: UTF8.self) } == [expected])
    }

    @Test func authorizationIsSentOnlyWithBothUsernameAndPassword() throws {
        let server = try StubHTTPServer.unix(Self.answerEverything)
        defer { server.stop() }
        _ = try SupervisorConnection(serverURL: server.url, username: "user").call("supervisor.getState")
        _ = try SupervisorConnection(serverURL: server.url, password: "pw").call("supervisor.getState")
        #expect(server.requests.count == 2)
        #expect(server.requests.allSatisfy { !String(decoding: $0, as: UTF8.self).contains("Authorization") })
    }

    @Test func tcpRequestCarriesHostAndPortInTheHostHeader() throws {
        let server = try StubHTTPServer.tcp(Self.answerEverything)
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        _ = try client.call("supervisor.getState")
        let request = String(decoding: try #require(server.requests.first), as: UTF8.self)
        let port = try #require(server.url.split(separator: ":").last)
        #expect(request.contains("\r\nHost: 127.0.0.1:\(port)\r\n"))
    }

    @Test(.enabled(if: ipv6LoopbackAvailable, "no IPv6 loopback on this machine"))
    func ipv6LoopbackWorksAndIsBracketedInTheHostHeader() throws {
        let server = try StubHTTPServer.tcp(host: "::1", Self.answerEverything)
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(try client.call("supervisor.getState") == runningState)
        let request = String(decoding: try #require(server.requests.first), as: UTF8.self)
        #expect(request.contains("\r\nHost: [::1]:"))
    }

    // MARK: - Keep-alive and reconnecting

    @Test func callsReuseOneKeptAliveConnection() throws {
        let server = try StubHTTPServer.unix(Self.answerEverything)
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        for _ in 0..<5 {
            #expect(try client.call("supervisor.getState") == runningState)
        }
        #expect(server.connections == 1)
        #expect(client.connectionsOpened == 1)
    }

    @Test func idleConnectionClosedByTheServerIsReplacedTransparently() throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            connection.sendXMLRPC(.success(runningState))
            if connection.index == 1 {
                connection.close()
                connection.note("closed")
            } else {
                while connection.readRequest() != nil { connection.sendXMLRPC(.success(runningState)) }
            }
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(try client.call("supervisor.getState") == runningState)
        #expect(eventually { server.notes.contains("closed") })
        #expect(try client.call("supervisor.getState") == runningState)
        #expect(server.connections == 2)
        #expect(server.requests.count == 2)
    }

    @Test func requestSentIntoAConnectionTheServerDropsIsRetriedOnceOnANewConnection() throws {
        // The server reads the second request on connection 1 and closes without answering: the FIN arrives only
        // after the client has sent, which is the race the retry exists for.
        let server = try StubHTTPServer.unix { connection in
            if connection.index == 1 {
                guard connection.readRequest() != nil else { return }
                connection.sendXMLRPC(.success(runningState))
                _ = connection.readRequest()
                return
            }
            while connection.readRequest() != nil { connection.sendXMLRPC(.success(.string("second"))) }
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(try client.call("supervisor.getState") == runningState)
        #expect(try client.call("supervisor.getState") == "second")
        #expect(client.connectionsOpened == 2)
        #expect(server.requests.count == 3)
    }

    @Test func freshConnectionClosedWithoutAnswerIsNotRetried() throws {
        let server = try StubHTTPServer.unix { connection in _ = connection.readRequest() }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(throws: ClientError.closedBeforeResponse) { try client.call("supervisor.getState") }
        #expect(server.connections == 1)
    }

    @Test(arguments: ["HTTP/1.1 200 OK\r\nConnection: close", "HTTP/1.0 200 OK"])
    func responseThatClosesTheConnectionIsNotReused(statusAndHeaders: String) throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            let body = XMLRPCResponse.success(runningState).encode()
            connection.send("\(statusAndHeaders)\r\nContent-Length: \(body.count)\r\n\r\n")
            connection.send(body)
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(try client.call("supervisor.getState") == runningState)
        #expect(try client.call("supervisor.getState") == runningState)
        #expect(client.connectionsOpened == 2)
    }

    @Test func chunkedXMLRPCResponseIsDecodedAndTheConnectionKept() throws {
        let server = try StubHTTPServer.unix { connection in
            while connection.readRequest() != nil {
                let body = XMLRPCResponse.success(runningState).encode()
                connection.send("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n")
                for piece in [body[0..<10], body[10..<50], body[50...]] {
                    connection.send(String(piece.count, radix: 16) + ";ext=1\r\n")
                    connection.send(Array(piece) + Array("\r\n".utf8))
                }
                connection.send("0\r\nX-Trailer: 1\r\n\r\n")
            }
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(try client.call("supervisor.getState") == runningState)
        #expect(try client.call("supervisor.getState") == runningState)
        #expect(server.connections == 1)
    }

    // MARK: - Errors

    @Test func faultBecomesATypedError() throws {
        let server = try StubHTTPServer.unix { connection in
            while connection.readRequest() != nil {
                connection.sendXMLRPC(.fault(code: 10, string: "BAD_NAME: bogus"))
            }
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(throws: ClientError.fault(code: 10, string: "BAD_NAME: bogus")) {
            try client.call("supervisor.getProcessInfo", ["bogus"])
        }
        // A fault is a normal answer: the connection stays usable.
        #expect(throws: ClientError.fault(code: 10, string: "BAD_NAME: bogus")) {
            try client.call("supervisor.getProcessInfo", ["bogus"])
        }
        #expect(server.connections == 1)
    }

    @Test func unauthorizedIsStatus401WithSupervisorsMessage() throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            let body = "<head><title>Error response</title></head><body><p>Error code 401.</body>"
            connection.send("HTTP/1.1 401 Unauthorized\r\nContent-Type: text/html\r\n"
                + "WWW-Authenticate: Basic realm=\"default\"\r\nConnection: close\r\n"
                + "Content-Length: \(body.utf8.count)\r\n\r\n\(body)")
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url, username: "user", password: "wrong")
        let error = #expect(throws: ClientError.self) { try client.call("supervisor.getVersion") }
        #expect(error == .httpStatus(code: 401, reason: "Unauthorized"))
        #expect(error?.requiresAuthentication == true)
        #expect(error?.supervisorctlMessage(serverURL: server.url) == "Server requires authentication")
        // Like Python's transport, a non-200 answer drops the connection; the next call reconnects.
        _ = try? client.call("supervisor.getVersion")
        #expect(client.connectionsOpened == 2)
    }

    @Test func serverErrorIsItsHTTPStatus() throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            connection.send("HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n")
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(throws: ClientError.httpStatus(code: 500, reason: "Internal Server Error")) {
            try client.call("supervisor.getAllConfigInfo")
        }
    }

    @Test func somethingThatIsNotHTTPIsABadResponse() throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            connection.send("SSH-2.0-OpenSSH_9.2p1 Debian\r\n")
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(throws: ClientError.badResponse("bad status line: SSH-2.0-OpenSSH_9.2p1 Debian")) {
            try client.call("supervisor.getVersion")
        }
    }

    @Test func connectionClosedInTheMiddleOfTheBodyIsAnIncompleteResponse() throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            connection.send("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n<?xml version='1.0'?>")
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        #expect(throws: ClientError.incompleteResponse("21 bytes read, 479 more expected")) {
            try client.call("supervisor.getVersion")
        }
    }

    @Test func htmlInsteadOfXMLRPCIsMalformedXML() throws {
        let server = try StubHTTPServer.unix { connection in
            guard connection.readRequest() != nil else { return }
            connection.send("HTTP/1.1 200 OK\r\nContent-Length: 13\r\n\r\n<html></html>")
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        let error = #expect(throws: ClientError.self) { try client.call("supervisor.getVersion") }
        guard case .malformedXML = error else {
            Issue.record("expected malformedXML, got \(String(describing: error))")
            return
        }
    }

    @Test func silentServerTimesOut() throws {
        let server = try StubHTTPServer.unix { connection in
            _ = connection.readRequest()
            _ = connection.waitForClientClose()
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url, timeout: .milliseconds(200))
        let clock = ContinuousClock()
        let started = clock.now
        #expect(throws: ClientError.timedOut(operation: "recv")) { try client.call("supervisor.getState") }
        #expect(clock.now - started < .seconds(5))
        client.close()
    }

    @Test func missingSocketFileIsNoSuchFileWithErrnoKept() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let url = "unix://" + directory.file("absent.sock")
        let client = try SupervisorConnection(serverURL: url)
        let error = #expect(throws: ClientError.self) { try client.call("supervisor.getVersion") }
        #expect(error == .socket(operation: "connect", errno: ENOENT))
        #expect(error?.isNoSuchFile == true)
        #expect(error?.supervisorctlMessage(serverURL: url) == "\(url) no such file")
    }

    @Test func staleSocketFileIsConnectionRefused() throws {
        let directory = try TempDirectory()
        defer { directory.remove() }
        let path = directory.file("stale.sock")
        // Bound but never listening: exactly what a crashed supervisord leaves behind.
        let fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            for (i, byte) in path.utf8.enumerated() { raw[i] = byte }
        }
        let bound = bindSocket(fd, to: &addr)
        try #require(bound == 0)
        let url = "unix://" + path
        let error = #expect(throws: ClientError.self) {
            try SupervisorConnection(serverURL: url).call("supervisor.getVersion")
        }
        #expect(error?.isConnectionRefused == true)
        #expect(error?.supervisorctlMessage(serverURL: url) == "\(url) refused connection")
    }

    @Test func closedTCPPortIsConnectionRefused() throws {
        let url = "http://127.0.0.1:\(try freeTCPPort())"
        let error = #expect(throws: ClientError.self) {
            try SupervisorConnection(serverURL: url).call("supervisor.getVersion")
        }
        #expect(error == .socket(operation: "connect", errno: ECONNREFUSED))
        #expect(error?.supervisorctlMessage(serverURL: url) == "\(url) refused connection")
    }

    @Test func unknownHostIsAHostLookupError() throws {
        let error = #expect(throws: ClientError.self) {
            try SupervisorConnection(serverURL: "http://no-such-host.invalid:9001").call("supervisor.getVersion")
        }
        guard case .hostLookup(let host, _, let message) = error else {
            Issue.record("expected hostLookup, got \(String(describing: error))")
            return
        }
        #expect(host == "no-such-host.invalid")
        #expect(!message.isEmpty)
    }

    // MARK: - multicall

    @Test func multicallSendsPythonsStructsAndSplitsFaultsFromValues() throws {
        let server = try StubHTTPServer.unix { connection in
            guard let request = connection.readRequest() else { return }
            let call = try? XMLRPCRequest.decode(request.body)
            let expectedParams: [XMLRPCValue] = [[
                ["methodName": "supervisor.getState", "params": []],
                ["methodName": "supervisor.getProcessInfo", "params": ["nope"]],
                ["methodName": "supervisor.getPID", "params": []],
            ]]
            guard call?.methodName == "system.multicall", call?.params == expectedParams else {
                connection.send("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n")
                return
            }
            connection.sendXMLRPC(.success([runningState, ["faultCode": 10, "faultString": "BAD_NAME: nope"], 42]))
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        let results = try client.multicall([
            MulticallCall("supervisor.getState"),
            MulticallCall("supervisor.getProcessInfo", ["nope"]),
            MulticallCall("supervisor.getPID"),
        ])
        #expect(results.count == 3)
        #expect(try results[0].get() == runningState)
        #expect(throws: ClientError.fault(code: 10, string: "BAD_NAME: nope")) { try results[1].get() }
        #expect(try results[2].get() == 42)
    }

    @Test func multicallAnswerOfTheWrongShapeIsUnexpected() throws {
        let server = try StubHTTPServer.unix { connection in
            while connection.readRequest() != nil { connection.sendXMLRPC(.success("not an array")) }
        }
        defer { server.stop() }
        let client = try SupervisorConnection(serverURL: server.url)
        let error = #expect(throws: ClientError.self) { try client.multicall([MulticallCall("supervisor.getState")]) }
        #expect(error == .unexpectedValue("system.multicall returned 'not an array' instead of an array"))
    }
}
