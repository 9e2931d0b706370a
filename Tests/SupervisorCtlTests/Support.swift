import SupervisorClient
import SupervisorConfig
import Synchronization
import XMLRPC

@testable import SupervisorCtl

/// Users for config contexts; the control client only needs HOME.
struct NoUsers: UserDatabase {
    func user(named name: String) -> UserRecord? { nil }
    func user(id: UInt32) -> UserRecord? { nil }
    func groupID(named name: String) -> UInt32? { nil }
    func groupExists(id: UInt32) -> Bool { false }
}

/// A config context over in-memory files, current directory `/work`.
func testContext(files: [String: String] = [:]) -> ConfigContext {
    ConfigContext(
        fileSystem: InMemoryConfigFileSystem(files: files, directories: ["/work", "/tmp", "/home/u"]), users: NoUsers(),
        environment: ["HOME": "/home/u"], hostName: "h", currentDirectory: "/work", tempDirectory: "/tmp",
        effectiveUID: 1000)
}

/// Records output and serves scripted input lines. Thread-safe: `fg` writes from its stream threads.
final class RecordingConsole: CtlConsole {
    private struct State {
        var stdout = ""
        var stderr = ""
        var inputs: [ConsoleInput] = []
        var prompts: [String] = []
    }

    private let state = Mutex(State())

    var stdout: String {
        get { state.withLock { $0.stdout } }
        set { state.withLock { $0.stdout = newValue } }
    }
    var stderr: String { state.withLock { $0.stderr } }
    var prompts: [String] { state.withLock { $0.prompts } }
    var inputs: [ConsoleInput] {
        get { state.withLock { $0.inputs } }
        set { state.withLock { $0.inputs = newValue } }
    }

    func write(_ text: String) { state.withLock { $0.stdout += text } }
    func writeBytes(_ bytes: [UInt8]) { state.withLock { $0.stdout += String(decoding: bytes, as: UTF8.self) } }
    func writeError(_ text: String) { state.withLock { $0.stderr += text } }

    func readLine(prompt: String, editing: Bool) -> ConsoleInput {
        state.withLock {
            $0.prompts.append(prompt)
            $0.stdout += prompt
            return $0.inputs.isEmpty ? .endOfInput : $0.inputs.removeFirst()
        }
    }

    func readPassword(prompt: String) -> ConsoleInput {
        state.withLock {
            $0.prompts.append(prompt)
            return $0.inputs.isEmpty ? .endOfInput : $0.inputs.removeFirst()
        }
    }
}

/// A scripted supervisord: answers by method name, records every call with the credentials it came with.
final class FakeSupervisor: SupervisorRPC {
    typealias Answer = ([XMLRPCValue]) throws -> XMLRPCValue
    var answers: [String: Answer] = [:]
    /// Every call and stream, in order; locked because `fg` streams from other threads.
    private let recorded = Mutex<[String]>([])
    var calls: [String] { recorded.withLock { $0 } }
    var target: ConnectionTarget
    /// When set, every call fails with 401 unless the credentials match.
    var credentials: (String, String)?
    var streamChunks: [[UInt8]] = []
    var streamError: ClientError?

    init(target: ConnectionTarget = ConnectionTarget(serverURL: "unix:///s.sock", username: nil, password: nil)) {
        self.target = target
        answers["supervisor.getVersion"] = { _ in "3.0" }
    }

    func call(_ method: String, _ params: [XMLRPCValue]) throws(ClientError) -> XMLRPCValue {
        let entry = method.replacingPrefix("supervisor.")
            + (params.isEmpty ? "" : "(" + params.map(\.description).joined(separator: ", ") + ")")
        recorded.withLock { $0.append(entry) }
        if let credentials, (target.username, target.password) != (credentials.0, credentials.1) {
            throw .httpStatus(code: 401, reason: "Unauthorized")
        }
        guard let answer = answers[method] else { throw .fault(code: 1, string: "UNKNOWN_METHOD") }
        do {
            return try answer(params)
        } catch let error as ClientError {
            throw error
        } catch {
            throw .unexpectedValue("\(error)")
        }
    }

    func streamGet(
        path: String, cancellation: StreamCancellation?, onChunk: ([UInt8]) -> StreamControl
    ) throws(ClientError) -> StreamEnd {
        recorded.withLock { $0.append("GET " + path) }
        if let streamError { throw streamError }
        for chunk in streamChunks { _ = onChunk(chunk) }
        return .serverClosed
    }

    /// `getAllProcessInfo` answering `infos`.
    func processes(_ infos: [(group: String, name: String, state: Int, statename: String, description: String)]) {
        let values: [XMLRPCValue] = infos.map {
            ["name": .string($0.name), "group": .string($0.group), "state": .int($0.state),
             "statename": .string($0.statename), "description": .string($0.description), "pid": 0]
        }
        answers["supervisor.getAllProcessInfo"] = { _ in .array(values) }
    }
}

extension String {
    func replacingPrefix(_ prefix: String) -> String {
        hasPrefix(prefix) ? String(dropFirst(prefix.count)) : self
    }
}

/// A controller on a fake server; `run` executes one line and returns stdout and the exit status.
final class ControllerFixture {
    let console = RecordingConsole()
    let server = FakeSupervisor()
    var options = CtlOptions()
    var connects: [ConnectionTarget] = []
    lazy var controller: Controller = {
        options.serverURL = "unix:///s.sock"
        let box = Box(self)
        return Controller(options: options, console: console) { (target) throws(ClientError) -> any SupervisorRPC in
            let server = box.fixture.server
            box.fixture.connects.append(target)
            server.target = target
            if let error = box.fixture.connectError { throw error }
            return server
        }
    }()
    var connectError: ClientError?

    init(interactive: Bool = false) {
        options.interactive = interactive
    }

    @discardableResult
    func run(_ line: String) -> (output: String, status: Int32) {
        console.stdout = ""
        controller.runLine(line)
        return (console.stdout, controller.exitStatus)
    }
}

private final class Box: @unchecked Sendable {
    // @unchecked: tests use the fixture from one thread. Unowned: the fixture owns the controller whose connect
    // closure holds this box, so a strong reference was a cycle that LeakSanitizer reported for every fixture.
    unowned let fixture: ControllerFixture
    init(_ fixture: ControllerFixture) { self.fixture = fixture }
}
