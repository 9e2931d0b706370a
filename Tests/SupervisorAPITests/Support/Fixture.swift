import Foundation
import Testing
import SupervisorAPI
import SupervisorConfig
import SupervisorEngine
import XMLRPC

/// An API over an engine with a fake runtime and a manual clock, logs in a fresh temp directory.
final class Fixture: @unchecked Sendable {
    // @unchecked: the members are Sendable or only touched by the one test that owns the fixture.
    let dir: String
    let clock = ManualClock()
    let runtime: FakeProcessRuntime
    let events = RecordingEventSink()
    let services: FakeServices
    let engine: Engine
    let api: SupervisorAPI

    init(_ groups: ProcessGroupConfig...) {
        var template = Array("/tmp/svapi-XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        dir = String(cString: made!)
        runtime = FakeProcessRuntime(logDirectory: dir)
        services = FakeServices(mainLogPath: dir + "/supervisord.log")
        engine = Engine(
            configuration: configuration(groups), runtime: runtime, clock: clock, logger: SilentLogger(),
            events: events)
        api = SupervisorAPI(engine: engine, services: services)
    }

    deinit {
        try? FileManager.default.removeItem(atPath: dir)
    }

    /// Calls a method and expects a result.
    func call(_ method: String, _ params: XMLRPCValue..., sourceLocation: Testing.SourceLocation = #_sourceLocation)
        async throws -> XMLRPCValue
    {
        switch await api.call(method, params) {
        case .success(let value): return value
        case .failure(let fault):
            Issue.record("\(method) failed with \(fault.code) \(fault.string)", sourceLocation: sourceLocation)
            throw fault
        }
    }

    /// Calls a method and returns its fault as `code text` (or `ok` when it succeeded).
    func fault(_ method: String, _ params: XMLRPCValue...) async -> String {
        switch await api.call(method, params) {
        case .success: "ok"
        case .failure(let fault): "\(fault.code) \(fault.string)"
        }
    }

    func state(_ name: String) async throws -> ProcessState { try await engine.processInfo(name).state }

    /// Autostarts everything and lets `startsecs` pass, so autostart programs are RUNNING.
    func startAll() async {
        await engine.tick()
        clock.advance(2)
        await engine.tick()
    }

    func write(_ path: String, _ text: String) {
        _ = FileManager.default.createFile(atPath: path, contents: Data(text.utf8))
    }
}

func configuration(_ groups: [ProcessGroupConfig]) -> SupervisorConfiguration {
    SupervisorConfiguration(
        configFile: "/etc/s.conf", here: "/etc", supervisord: SupervisordOptions(), httpServers: [], groups: groups,
        rpcInterfaces: [], includedFiles: [], messages: [])
}

/// A one-process program group.
func program(
    _ name: String, priority: Int = 999, autostart: Bool = true, startSecs: Int = 1, stdout: LogfileTarget = .auto,
    stderr: LogfileTarget = .auto, command: String? = nil
) -> ProcessGroupConfig {
    ProcessGroupConfig(name: name, priority: priority, kind: .program, processes: [
        process(name, section: "program:\(name)", priority: priority, autostart: autostart, startSecs: startSecs,
                stdout: stdout, stderr: stderr, command: command),
    ])
}

func process(
    _ name: String, section: String, priority: Int = 999, autostart: Bool = true, startSecs: Int = 1,
    stdout: LogfileTarget = .auto, stderr: LogfileTarget = .auto, command: String? = nil
) -> ProcessConfig {
    ProcessConfig(
        section: section, name: name, command: command ?? "/bin/\(name)", priority: priority, autostart: autostart,
        startSecs: startSecs, stdout: LogChannelConfig(logfile: stdout), stderr: LogChannelConfig(logfile: stderr))
}

/// A group of several processes (like `numprocs`).
func group(_ name: String, priority: Int = 999, _ processes: ProcessConfig...) -> ProcessGroupConfig {
    ProcessGroupConfig(name: name, priority: priority, kind: .program, processes: processes)
}

/// Polls until `condition` holds (the awaited RPC is still running meanwhile).
func pollUntil(timeout: Double = 60, _ condition: () async throws -> Bool) async throws {
    let deadline = ContinuousClock.now + .seconds(timeout)
    while ContinuousClock.now < deadline {
        if try await condition() { return }
        try await Task.sleep(for: .milliseconds(2))
    }
    Issue.record("condition not met within \(timeout) s")
}

extension XMLRPCValue {
    /// The `name`/`status`/`description` of each result struct, as `name status description`.
    var resultLines: [String] {
        (arrayValue ?? []).map {
            "\($0["group"]?.stringValue ?? ""):\($0["name"]?.stringValue ?? "") \($0["status"]?.intValue ?? -1) \($0["description"]?.stringValue ?? "")"
        }
    }
}
