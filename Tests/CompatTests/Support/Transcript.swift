import Foundation

/// A record of supervisorctl commands and XML-RPC calls with their exit statuses and masked output, compared
/// as one text with what Supervisor 4.3 prints. On a mismatch the actual text is kept in
/// `/tmp/cmp-transcripts/<name>-<daemon>.txt` for inspection.
struct Transcript {
    let daemon: CompatDaemon
    private(set) var text = ""

    init(_ daemon: CompatDaemon) {
        self.daemon = daemon
    }

    /// `$ supervisorctl <arguments>`, the exit status, the masked output. `sorted` sorts the output lines, for
    /// group operations whose waited-for results come in the order the processes finish.
    mutating func ctl(_ arguments: String, sorted: Bool = false) {
        let args = arguments.split(separator: " ").map(String.init)
        let (status, output) = daemon.ctl(args)
        var lines = mask(output).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        if lines.last == "" { lines.removeLast() }
        if sorted { lines.sort() }
        text += "$ \(arguments)\n" + lines.map { $0 + "\n" }.joined() + "= \(status)\n"
    }

    /// A line of free text (an XML-RPC result, a note).
    mutating func note(_ line: String) {
        text += (line.hasSuffix("\n") ? String(line.dropLast()) : line) + "\n"
    }

    func check(_ expected: String, _ name: String) {
        let wanted = expected.hasSuffix("\n") ? expected : expected + "\n"
        daemon.expect(text == wanted, "transcript \(name) differs, see /tmp/cmp-transcripts/\(name)-\(daemon.kind).txt")
        if text != wanted {
            try? FileManager.default.createDirectory(atPath: "/tmp/cmp-transcripts", withIntermediateDirectories: true)
            _ = FileManager.default.createFile(
                atPath: "/tmp/cmp-transcripts/\(name)-\(daemon.kind).txt", contents: Data(text.utf8))
        }
    }
}

extension CompatDaemon {
    func ctl(_ arguments: [String]) -> (status: Int32, output: String) {
        do {
            return try run([try pythonBin.get() + "/supervisorctl", "-c", configPath] + arguments)
        } catch {
            return (-1, "\(error)")
        }
    }
}
