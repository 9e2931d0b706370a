import SupervisorLogs

/// `ready_check = log:REGEX` for one child: splits each output channel into lines and matches them against the
/// pattern until the first match. Touched only on the runtime's I/O queue.
///
/// A line is matched without its `\n` (and without a trailing `\r`). A partial line is kept across reads up to
/// ``maxLineLength`` bytes; a longer one is matched as it stands and dropped. The partial line left at end of file
/// is matched too.
final class ReadyLineMatcher: @unchecked Sendable {
    // @unchecked: only touched on the runtime's I/O queue; the Regex is never shared.
    static let maxLineLength = 64 * 1024

    private let regex: Regex<AnyRegexOutput>?
    private var partial: [LogChannel: [UInt8]] = [:]
    /// Set once a line matched: nothing more is matched for this spawn.
    private(set) var matched = false

    /// nil regex (a pattern that does not compile, which the config reader rejects first) never matches.
    init(pattern: String) {
        regex = try? Regex(pattern)
    }

    /// Feeds a chunk of `channel` (nil: end of file); true when this chunk completed the first matching line.
    func feed(_ bytes: [UInt8]?, channel: LogChannel) -> Bool {
        guard !matched, let regex else { return false }
        var pending = partial[channel] ?? []
        guard let bytes else {
            partial[channel] = nil
            return !pending.isEmpty && match(pending[...], regex)
        }
        var start = bytes.startIndex
        while let newline = bytes[start...].firstIndex(of: UInt8(ascii: "\n")) {
            let found: Bool
            if pending.isEmpty {
                found = match(bytes[start..<newline], regex)
            } else {
                pending += bytes[start..<newline]
                found = match(pending[...], regex)
                pending.removeAll(keepingCapacity: true)
            }
            start = newline + 1
            if found {
                partial = [:]
                return true
            }
        }
        pending += bytes[start...]
        if pending.count >= Self.maxLineLength {
            let found = match(pending[...], regex)
            pending = []
            if found {
                partial = [:]
                return true
            }
        }
        partial[channel] = pending
        return false
    }

    private func match(_ line: ArraySlice<UInt8>, _ regex: Regex<AnyRegexOutput>) -> Bool {
        var line = line
        if line.last == UInt8(ascii: "\r") { line = line.dropLast() }
        let text = String(decoding: line, as: UTF8.self)
        if (try? regex.firstMatch(in: text)) != nil {
            matched = true
            return true
        }
        return false
    }
}

extension LiveProcessRuntime {
    /// On `queue`: a chunk (nil at end of file) of a child with a `log:` ready check; reports `.readyLine` once.
    func matchReadyLine(_ bytes: [UInt8]?, channel: LogChannel, of io: ChildIO) {
        guard let matcher = io.readyMatcher else { return }
        if matcher.feed(bytes, channel: channel) {
            io.readyMatcher = nil
            emit(.readyLine(pid: io.pid))
        } else if matcher.matched {
            io.readyMatcher = nil
        }
    }
}
