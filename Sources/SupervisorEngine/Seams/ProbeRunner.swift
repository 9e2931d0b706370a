import SupervisorConfig

/// The outcome of one try of a polled check.
public enum ProbeResult: Equatable, Sendable {
    case passed
    /// Why it failed, short enough for a description: `connection refused`, `HTTP 503`, `exit status 1`,
    /// `timed out after 5 s`.
    case failed(String)
}

/// Runs one try of a polled check (`tcp://`, `http://`, `exec:`) for the engine. The daemon passes the live
/// probes (TCP connect, HTTP GET, a child process); tests pass a fake that answers as told.
public protocol ProbeRunner: Sendable {
    /// Runs `check` once for a process of `group` with `config` (an `exec:` check runs as its `user`, in its
    /// `directory`, with its environment) and returns within `timeout` seconds, a try that takes longer being a
    /// failure (its child killed).
    func run(_ check: ProbeCheck, for config: ProcessConfig, group: String, timeout: Double) async -> ProbeResult
}

/// For engines whose configuration has no polled checks: every try fails.
public struct NoProbeRunner: ProbeRunner {
    public init() {}
    public func run(_ check: ProbeCheck, for config: ProcessConfig, group: String, timeout: Double) async -> ProbeResult {
        .failed("no probe runner")
    }
}

/// One sd_notify datagram from a process that has `ready_check = notify`, already parsed and believed (its
/// sender's credentials belong to the process's tree).
public struct NotifyMessage: Equatable, Sendable {
    /// `READY=1`.
    public var ready: Bool
    /// `STATUS=...`: free text for the description.
    public var status: String?
    /// `WATCHDOG=1`: the keep-alive ping.
    public var watchdog: Bool
    /// `MAINPID=N`: logged and ignored.
    public var mainPID: Int32?
    /// `STOPPING=1` / `RELOADING=1`, logged only.
    public var stopping: Bool
    public var reloading: Bool

    public init(ready: Bool = false, status: String? = nil, watchdog: Bool = false, mainPID: Int32? = nil,
                stopping: Bool = false, reloading: Bool = false) {
        self.ready = ready
        self.status = status
        self.watchdog = watchdog
        self.mainPID = mainPID
        self.stopping = stopping
        self.reloading = reloading
    }

    /// Parses the newline-separated `KEY=VALUE` assignments of one datagram (unknown keys ignored, as systemd
    /// does); nil when the datagram is not valid UTF-8.
    public static func parse(_ bytes: [UInt8]) -> NotifyMessage? {
        guard let text = String(validating: bytes, as: UTF8.self) else { return nil }
        var message = NotifyMessage()
        for line in text.split(separator: "\n", omittingEmptySubsequences: true) {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let key = line[..<eq]
            let value = String(line[line.index(after: eq)...])
            switch key {
            case "READY": message.ready = message.ready || value == "1"
            case "STATUS": message.status = value
            case "WATCHDOG": message.watchdog = message.watchdog || value == "1"
            case "MAINPID": message.mainPID = Int32(value)
            case "STOPPING": message.stopping = message.stopping || value == "1"
            case "RELOADING": message.reloading = message.reloading || value == "1"
            default: break
            }
        }
        return message
    }
}
