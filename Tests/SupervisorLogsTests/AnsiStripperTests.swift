import SupervisorLogs
import Testing

@Suite struct AnsiStripperTests {
    /// Each pair is `(input, stripEscapes(input))` printed by Supervisor 4.3.0's
    /// `supervisor.dispatchers.stripEscapes` in Python 3.11.
    @Test(arguments: [
        ("plain", "plain"),
        ("\u{1b}[31mred\u{1b}[0m", "red"),
        ("a\u{1b}[1;32mb", "ab"),
        ("a\u{1b}[", "a"),
        ("a\u{1b}", "a\u{1b}"),
        ("\u{1b}[?25hX", "X"),
        ("a\u{1b}[ no terminator here", "ainator here"),
        ("a\u{1b}[1;2Xhello", "aello"),
        ("\u{1b}]0;title\u{7}x", "\u{1b}]0;title\u{7}x"),
        ("\u{1b}\u{1b}[mA", "\u{1b}A"),
        ("[31mB", "[31mB"),
        ("\u{1b}[\u{1b}[mC", "C"),
        ("x\u{1b}[Hy\u{1b}[2Jz", "xyz"),
        ("", ""),
        ("\u{1b}[m", ""),
    ])
    func stripsLikeSupervisor(input: String, expected: String) {
        #expect(AnsiStripper.strip(Array(input.utf8)) == Array(expected.utf8))
    }

    @Test func nonUTF8BytesPassThrough() {
        #expect(AnsiStripper.strip([0xFF, 0x1B, 0x5B, 0x6D, 0xFE]) == [0xFF, 0xFE])
    }

    /// Supervisor strips each chunk on its own, so a sequence split between two reads
    /// leaves its tail in the log.
    @Test func aSequenceSplitAcrossChunksLeavesItsTail() {
        let first = AnsiStripper.strip(Array("red: \u{1b}[3".utf8))
        let second = AnsiStripper.strip(Array("1mRED\u{1b}[0m".utf8))
        #expect(first == Array("red: ".utf8))
        #expect(second == Array("1mRED".utf8))
        // ESC at the end of one chunk, `[` at the start of the next: both kept.
        #expect(AnsiStripper.strip([0x41, 0x1B]) == [0x41, 0x1B])
        #expect(AnsiStripper.strip(Array("[31mB".utf8)) == Array("[31mB".utf8))
    }

    @Test func everyTerminatorEndsASequence() {
        for terminator in "HfABCDRsuJKhlpm" {
            #expect(AnsiStripper.strip(Array("<\u{1b}[1\(terminator)>".utf8)) == Array("<>".utf8))
        }
        #expect(AnsiStripper.strip(Array("<\u{1b}[1E>m".utf8)) == Array("<".utf8))
    }
}
