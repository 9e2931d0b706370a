import SupervisorLogs
import Testing

@Suite struct SyslogLinesTests {
    /// Each pair is a chunk of child output and what Supervisor 4.3.0's `SyslogHandler.emit` (format
    /// `'p %(message)s'`, `_syslog` stubbed) passed to `syslog.syslog` for it in Python 3.11.
    @Test(arguments: [
        ([UInt8]("a\n".utf8), ["p a"]),
        (Array("b\nc\n".utf8), ["p b", "p c"]),
        (Array("\n\n".utf8), ["p "]),
        (Array("\n".utf8), ["p "]),
        (Array("x\n\ny\n\n".utf8), ["p x", "p ", "p y"]),
        (Array("partial".utf8), ["p partial"]),
        (Array("crlf\r\n".utf8), ["p crlf\r"]),
        (Array("\r\n\r\n".utf8), ["p \r", "p \r"]),
        (Array("tab\there".utf8), ["p tab\there"]),
        (Array(" \n ".utf8), ["p  ", "p  "]),
        ([0xC3, 0xA9, 0x74, 0xC3, 0xA9, 0x0A], ["p été"]),
        ([0x61, 0x00, 0x62, 0x0A, 0x63, 0x0A], ["p a\u{0}b", "p c"]),
    ] as [([UInt8], [String])])
    func childOutput(_ chunk: [UInt8], _ messages: [String]) {
        #expect(SyslogLines.childOutput(chunk, processName: "p") == messages)
    }

    /// Supervisor's strict UTF-8 decode fails for these, and the whole chunk is dropped (with a traceback on its
    /// stderr).
    @Test(arguments: [[0xFF, 0x0A], [0x6F, 0x6B, 0x0A, 0xE2, 0x82]] as [[UInt8]])
    func chunkThatIsNotUTF8IsNotSent(_ chunk: [UInt8]) {
        #expect(SyslogLines.childOutput(chunk, processName: "p") == nil)
    }

    @Test func mainLogMessageIsSplitTheSameWay() {
        #expect(SyslogLines.lines(of: "'p' stdout output:\nline\n") == ["'p' stdout output:", "line"])
        #expect(SyslogLines.lines(of: "one") == ["one"])
    }
}
