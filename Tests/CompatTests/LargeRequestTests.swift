import Foundation
import Glibc
import SupervisorTestSupport
import Testing

/// A large `sendProcessStdin` (10 MiB), sent by clients that write the whole request before reading: Python's
/// `xmlrpc.client` over TCP and a plain socket over the unix socket. Supervisor has no body limit and takes it;
/// ours takes bodies up to 16 MiB. The child receives every byte, in order.
@Suite struct LargeRequestTests {
    static let payload: String = {
        var text = ""
        var n = 0
        while text.utf8.count < 10 * 1024 * 1024 {
            text += "line \(n) <tag> & more text to fill it up a bit\n"
            n += 1
        }
        return text
    }()

    @Test(arguments: DaemonKind.allCases)
    func tenMegabyteSendProcessStdinReachesTheChild(_ kind: DaemonKind) async throws {
        let python = try pythonBin.get() + "/python"
        let port = try freeLocalPort()
        try await scenario {
            let d = try CompatDaemon(
                kind,
                """
                [inet_http_server]
                port=127.0.0.1:\(port)

                [program:sink]
                command=/bin/sh -c 'exec cat > %(dir)s/received'
                startsecs=0
                """
            )
            d.waitFor("RUNNING", "sink")
            let received = d.directory.file("received")
            let expected = Array(Self.payload.utf8)
            func receivedSize() -> Int {
                ((try? FileManager.default.attributesOfItem(atPath: received)[.size]) as? Int) ?? 0
            }

            let answer = try WholeRequestClient.exchange(
                .unix(d.socketPath),
                WholeRequestClient.xmlrpcRequest("supervisor.sendProcessStdin", "sink", Self.payload)
            )
            d.expect(
                answer.status == 200 && answer.bodyText.contains("<boolean>1</boolean>"),
                "unix: \(answer.statusLine) \(answer.bodyText.prefix(300))"
            )
            d.expect(
                eventually(timeout: .seconds(60)) { receivedSize() >= expected.count },
                "unix: \(receivedSize()) bytes"
            )
            d.expect(FileManager.default.contents(atPath: received).map(Array.init) == expected, "unix: bytes differ")

            let payloadFile = d.directory.file("payload")
            _ = FileManager.default.createFile(atPath: payloadFile, contents: Data(expected))
            let script = d.directory.file("send.py")
            _ = FileManager.default.createFile(
                atPath: script,
                contents: Data(
                    """
                    import sys, xmlrpc.client
                    data = open(sys.argv[2], encoding='utf-8').read()
                    print(xmlrpc.client.ServerProxy(sys.argv[1]).supervisor.sendProcessStdin('sink', data))
                    """.utf8
                )
            )
            let output = d.directory.file("send.out")
            let client = try ChildProcess(
                [python, script, "http://127.0.0.1:\(port)/RPC2", payloadFile],
                stdoutPath: output,
                stderrPath: output
            )
            let status = client.wait(timeout: .seconds(60))
            d.expect(status == 0 && d.read("send.out") == "True\n", "xmlrpc.client: \(d.read("send.out"))")
            d.expect(
                eventually(timeout: .seconds(60)) { receivedSize() >= 2 * expected.count },
                "tcp: \(receivedSize()) bytes"
            )
            d.expect(
                FileManager.default.contents(atPath: received).map(Array.init) == expected + expected,
                "tcp: bytes differ"
            )
            return d
        }
    }
}
