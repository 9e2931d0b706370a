/// The state of one event listener process in the protocol (`spec/events.md` §3).
public enum ListenerState: Int, Sendable {
    /// May be sent one event.
    case ready = 10
    /// An event was sent; waiting for its RESULT.
    case busy = 20
    /// Freshly started or a result was read; waiting for `READY\n`.
    case acknowledged = 30
    /// Broke the protocol; receives nothing until it is restarted.
    case unknown = 40

    public var name: String {
        switch self {
        case .ready: "READY"
        case .busy: "BUSY"
        case .acknowledged: "ACKNOWLEDGED"
        case .unknown: "UNKNOWN"
        }
    }
}

/// Parses what a listener writes on stdout, byte by byte as it arrives, exactly as Supervisor's
/// `EventListenerProtocol` dispatcher does, and says what happened. Pure: the engine owns the consequences.
public struct ListenerProtocol: Sendable {
    /// Something the listener's output meant.
    public enum Outcome: Equatable, Sendable {
        /// `READY\n` read: the listener may be sent an event.
        case becameReady
        /// A complete RESULT body: `OK` means the event was processed, anything else that it was rejected.
        case result(body: [UInt8])
        /// The listener broke the protocol; the current event (if any) is rejected. Carries the log line.
        case protocolViolation(logLine: String?)
    }

    public private(set) var state: ListenerState = .acknowledged
    private var buffer: [UInt8] = []
    private var resultLength: Int?
    private let name: String

    static let readyToken = Array("READY\n".utf8)

    public init(processName: String) {
        name = processName
    }

    /// Called after a (re)spawn: new pipes, fresh state.
    public mutating func reset() {
        state = .acknowledged
        buffer = []
        resultLength = nil
    }

    /// The engine wrote an event to the listener's stdin.
    public mutating func eventSent() {
        state = .busy
    }

    /// Feeds output bytes and returns what they meant, in order.
    public mutating func feed(_ bytes: [UInt8]) -> [Outcome] {
        buffer += bytes
        var outcomes: [Outcome] = []
        var progressed = true
        while progressed && !buffer.isEmpty {
            progressed = false
            switch state {
            case .unknown:
                buffer = []
            case .acknowledged:
                guard buffer.count >= Self.readyToken.count else { break }
                if Array(buffer.prefix(Self.readyToken.count)) == Self.readyToken {
                    buffer.removeFirst(Self.readyToken.count)
                    state = .ready
                    outcomes.append(.becameReady)
                    progressed = true
                } else {
                    enterUnknown(&outcomes, logLine: nil)
                }
            case .ready:
                enterUnknown(&outcomes, logLine: nil)
            case .busy:
                if let length = resultLength {
                    guard buffer.count >= length else { break }
                    let body = Array(buffer.prefix(length))
                    buffer.removeFirst(length)
                    resultLength = nil
                    state = .acknowledged
                    outcomes.append(.result(body: body))
                    progressed = true
                } else {
                    guard let newline = buffer.firstIndex(of: UInt8(ascii: "\n")) else { break }
                    let line = Array(buffer[..<newline])
                    buffer.removeFirst(newline + 1)
                    let text = String(decoding: line.dropFirst(7), as: UTF8.self)
                    guard let length = Int(text.trimmingSpaces()), length >= 0 else {
                        let shown = String(validating: line, as: UTF8.self)
                            ?? "Undecodable: " + ListenerEvent.pythonBytesRepr(line)
                        enterUnknown(&outcomes, logLine: "\(name): bad result line: '\(shown)'")
                        break
                    }
                    resultLength = length
                    progressed = true
                }
            }
        }
        return outcomes
    }

    private mutating func enterUnknown(_ outcomes: inout [Outcome], logLine: String?) {
        state = .unknown
        buffer = []
        resultLength = nil
        outcomes.append(.protocolViolation(logLine: logLine))
    }
}

extension String {
    func trimmingSpaces() -> String {
        var s = self[...]
        while let f = s.first, f == " " || f == "\t" || f == "\r" { s = s.dropFirst() }
        while let l = s.last, l == " " || l == "\t" || l == "\r" { s = s.dropLast() }
        return String(s)
    }
}
