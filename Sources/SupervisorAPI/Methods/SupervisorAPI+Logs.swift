import SupervisorConfig
import SupervisorEngine
import SupervisorLogs
import XMLRPC

#if canImport(Glibc)
import Glibc
#endif

// supervisor.* methods on log files: the main log and each process's stdout/stderr logs (spec rpc.md §7).
// Offsets count bytes of the file; the text sent back has invalid UTF-8 and characters XML cannot carry
// replaced with U+FFFD (improvements.md; Supervisor answers HTTP 500 there).
extension SupervisorAPI {
    /// A process log channel.
    enum Channel {
        case stdout, stderr
    }

    private static func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    /// `readFile` with Supervisor's fault mapping; the path must exist (checked by the caller, as Supervisor does).
    private static func read(_ path: String, _ a: Arguments, offsetAt index: Int) throws(APIError) -> XMLRPCValue {
        let offset = try a.int(index)
        let length = try a.int(index + 1)
        do throws(LogReadError) {
            return .string(lossyFromBytes: try LogReader.readLog(path: path, offset: offset, length: length))
        } catch {
            switch error {
            case .noFile(let path): throw .noFile(path)
            case .badArguments: throw .badArguments
            case .failed: throw .failed(nil)
            }
        }
    }

    // MARK: - Main log

    func readLog(_ a: Arguments) throws(APIError) -> XMLRPCValue {
        _ = try a.int(0)
        _ = try a.int(1)
        let path = services.mainLogPath
        guard path != "syslog", Self.exists(path) else { throw .noFile(path) }
        return try Self.read(path, a, offsetAt: 0)
    }

    /// Deletes and reopens the main log: bare NO_FILE when it does not exist, bare FAILED when it cannot be
    /// removed.
    func clearLog() throws(APIError) -> XMLRPCValue {
        let path = services.mainLogPath
        guard path != "syslog", Self.exists(path) else { throw .noFile(nil) }
        if services.clearMainLog() != nil { throw .failed(nil) }
        return true
    }

    // MARK: - Process logs

    private func logfile(_ name: String, _ channel: Channel) async throws(APIError) -> String? {
        let key = try await resolveProcess(name)
        let snapshot = try await run { () async throws(EngineError) in try await engine.processInfo(key.namespec) }
        return channel == .stdout ? snapshot.stdoutLogfile : snapshot.stderrLogfile
    }

    /// BAD_NAME; bare NO_FILE when the channel has no log, `NO_FILE: <path>` when the file is missing.
    func readProcessLog(_ a: Arguments, channel: Channel) async throws(APIError) -> XMLRPCValue {
        let name = try a.string(0)
        _ = try a.int(1)
        _ = try a.int(2)
        guard let path = try await logfile(name, channel) else { throw .noFile(nil) }
        guard Self.exists(path) else { throw .noFile(path) }
        return try Self.read(path, a, offsetAt: 1)
    }

    /// `[text, newOffset, overflow]`; a channel without a log or a missing file gives `['', 0, False]`.
    func tailProcessLog(_ a: Arguments, channel: Channel) async throws(APIError) -> XMLRPCValue {
        let name = try a.string(0)
        let offset = try a.int(1)
        let length = try a.int(2)
        guard let path = try await logfile(name, channel), Self.exists(path) else { return ["", 0, false] }
        let tail = LogReader.tailLog(path: path, offset: offset, length: length)
        return [.string(lossyFromBytes: tail.bytes), .clampedInt(tail.newOffset), .bool(tail.overflow)]
    }

    func clearProcessLogs(_ a: Arguments) async throws(APIError) -> XMLRPCValue {
        let name = try a.string(0)
        let key = try await resolveProcess(name)
        try await run { () async throws(EngineError) in try await engine.clearLogs(key, name: name) }
        return true
    }

    /// Every active process in priority order, each with its own result.
    func clearAllProcessLogs() async -> XMLRPCValue {
        var results: [XMLRPCValue] = []
        for key in await engine.allProcessKeys() {
            var error: EngineError?
            do throws(EngineError) {
                try await engine.clearLogs(key, name: key.namespec)
            } catch let failure {
                error = failure
            }
            results.append(ProcessInfoEncoding.result(ProcessOutcome(key: key, error: error)))
        }
        return .array(results)
    }
}
