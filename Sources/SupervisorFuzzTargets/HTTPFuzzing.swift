import NIOCore
import NIOEmbedded
import SupervisorHTTP
import SupervisorWebUI
import XMLRPC

/// The HTTP server's whole pipeline, as a connection to supervisord sees it, on a test channel: NIO's request
/// decoder (request line, headers, `Content-Length` and chunked framing, pipelining), then our handler (routing
/// with Medusa's percent-decoding, `Authorization: Basic`, the method and body rules, 100-continue, keep-alive),
/// then the web UI (query strings and POSTed forms of `index.html?processname=…&action=…`, `tail.html`, …) over a
/// fake supervisor, and the XML-RPC decoder on `/RPC2` bodies.
///
/// First byte: bit 7 turns authentication on (user `user`, password `123`; bit 6 stores it as `{SHA}…`), the
/// rest picks how the remaining bytes arrive in pieces.
enum HTTPFuzzing {
    static func run(_ data: [UInt8]) async {
        guard let control = data.first else { return }
        let password = control & 0x40 != 0 ? "{SHA}40bd001563085fc35165329ea1ff5c5ecbdbbeef" : "123"
        let credentials: (username: String, password: String)? = control & 0x80 != 0 ? ("user", password) : nil
        let options = {
            var options = HTTPServerOptions()
            // Small limits, so the 413 and oversized-head paths are within the fuzzer's reach.
            options.maxBodySize = 2048
            options.maxHeadSize = 2048
            return options
        }()

        let channel = NIOAsyncTestingChannel()
        let loop = channel.testingEventLoop
        guard
            let calls = try? await loop.executeInContext({
                try SupervisorHTTPServer.addHTTPHandlers(
                    to: channel.pipeline.syncOperations, application: FuzzApplication(), credentials: credentials,
                    options: options, serverSection: "inet_http_server", listener: .inet(host: "", port: 9001))
            }),
            (try? await channel.connect(to: SocketAddress(ipAddress: "127.0.0.1", port: 9))) != nil
        else { preconditionFailure("cannot set up the test channel") }

        for piece in FuzzInput.pieces(data.dropFirst(), control: control & 0x3F) {
            guard channel.isActive else { break }
            _ = try? await channel.writeInbound(ByteBuffer(bytes: piece))
            await settle(loop, calls)
            await drain(channel)
        }
        // The timers (idle, keep-alive) fire too.
        await loop.advanceTime(by: .hours(1))
        await settle(loop, calls)
        await drain(channel)
        _ = try? await channel.close()
        await settle(loop, calls)
        _ = try? await channel.finish(acceptAlreadyClosed: true)
    }

    /// Runs the loop until no application call is in flight: each call runs in a task and finishes on the loop.
    private static func settle(_ loop: NIOAsyncTestingEventLoop, _ calls: ApplicationCallTracker) async {
        await loop.run()
        while calls.running > 0 {
            await Task.yield()
            await loop.run()
        }
    }

    /// Throws away what the server wrote, so a long run of pipelined requests does not pile it up.
    private static func drain(_ channel: NIOAsyncTestingChannel) async {
        while (try? await channel.readOutbound(as: IOData.self)) ?? nil != nil {}
    }
}

/// What stands behind the server in the fuzz target: the real web UI over a fake supervisor, the XML-RPC decoder
/// on `/RPC2`, and no log files (log tails get 404).
struct FuzzApplication: HTTPApplication {
    let webInterface = WebInterface(supervisor: FakeSupervisor(), clock: { "Wed Dec  2 12:00:00 2026" })

    func handleXMLRPC(body: [UInt8], context: RequestContext) async -> XMLRPCReply {
        guard let request = try? XMLRPCRequest.decode(body) else { return .badRequest }
        return .response(XMLRPCResponse.success(.string(request.methodName)).encode())
    }

    func logTailFile(namespec: String, channel: LogTailChannel) async -> String? { nil }

    func mainLogFile() async -> String? { nil }

    func handlePage(_ request: PageRequest) async -> PageResponse {
        await APIApplication.handlePage(request, with: webInterface)
    }
}

/// Two processes, one in a group; unknown names get Supervisor's BAD_NAME fault, every action succeeds.
struct FakeSupervisor: SupervisorCalls {
    static let processes: [XMLRPCValue] = [
        info(group: "web", name: "web", state: 20, statename: "RUNNING"),
        info(group: "workers", name: "w0", state: 0, statename: "STOPPED"),
    ]

    static func info(group: String, name: String, state: Int, statename: String) -> XMLRPCValue {
        [
            "name": .string(name), "group": .string(group), "start": 1_700_000_000, "stop": 0, "now": 1_700_000_100,
            "state": .int(state), "statename": .string(statename), "spawnerr": "", "exitstatus": 0,
            "logfile": "", "stdout_logfile": "", "stderr_logfile": "", "pid": 42, "description": "pid 42, uptime 0:01:40",
        ]
    }

    func call(method: String, params: [XMLRPCValue]) async -> CallOutcome {
        switch method {
        case "supervisor.getAllProcessInfo":
            return .value(.array(Self.processes))
        case "supervisor.getProcessInfo":
            let name = params.first?.stringValue ?? ""
            let match = Self.processes.first { process in
                let group = process["group"]?.stringValue ?? ""
                let process = process["name"]?.stringValue ?? ""
                return name == "\(group):\(process)" || (name == process && group == process)
            }
            return match.map { .value($0) } ?? .fault(code: 10, string: "BAD_NAME: \(name)")
        case "supervisor.getState": return .value(["statecode": 1, "statename": "RUNNING"])
        case "supervisor.getIdentification": return .value("supervisor")
        case "supervisor.getSupervisorVersion": return .value("4.3.0")
        case "supervisor.readProcessStdoutLog": return .value("line one\nline <two> & 'three'\n")
        default: return .value(true)
        }
    }
}
