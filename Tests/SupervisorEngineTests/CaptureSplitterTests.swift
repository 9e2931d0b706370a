@testable import SupervisorEngine
import Testing

@Suite struct CaptureSplitterTests {
    func bytes(_ s: String) -> [UInt8] { Array(s.utf8) }

    @Test func withoutCaptureModeEverythingIsLogged() {
        var s = CaptureSplitter(captureMaxBytes: 0)
        #expect(s.feed(bytes("<!--XSUPERVISOR:BEGIN-->x")) == [.log(bytes("<!--XSUPERVISOR:BEGIN-->x"))])
    }

    @Test func aBlockBecomesOneCommunicationAndTheTokensAreDropped() {
        var s = CaptureSplitter(captureMaxBytes: 1024)
        let out = s.feed(bytes("before <!--XSUPERVISOR:BEGIN-->hello<!--XSUPERVISOR:END--> after and some more text"))
        #expect(out == [
            .log(bytes("before ")), .captured(bytes("hello")), .communication(bytes("hello")),
            .log(bytes(" after and some more text")),
        ])
    }

    @Test func shortOutputIsHeldBackUntilLongerThanTheToken() {
        var s = CaptureSplitter(captureMaxBytes: 1024)
        #expect(s.feed(bytes("short\n")).isEmpty)
        #expect(s.feed(bytes("and now it is long enough\n")) == [.log(bytes("short\nand now it is long enough\n"))])
    }

    @Test func aTokenSplitAcrossChunksIsFound() {
        var s = CaptureSplitter(captureMaxBytes: 1024)
        #expect(s.feed(bytes("0123456789012345678901234<!--XSUPER")) == [.log(bytes("0123456789012345678901234"))])
        #expect(s.feed(bytes("VISOR:BEGIN-->data<!--XSUPERVISOR:END-->tail tail tail tail tail tail")) == [
            .captured(bytes("data")), .communication(bytes("data")), .log(bytes("tail tail tail tail tail tail")),
        ])
    }

    /// Supervisor's BoundIO only drops from the front what it already holds: one big write stays whole.
    @Test func theCaptureBufferDropsFromTheFrontLikeBoundIO() {
        var s = CaptureSplitter(captureMaxBytes: 4)
        #expect(s.feed(bytes("<!--XSUPERVISOR:BEGIN-->abc")).isEmpty)
        #expect(s.feed(bytes("defghijklmnopqrstuvwxyz<!--XSUPERVISOR:END-->")) == [
            .captured(bytes("abcdefghijklmnopqrstuvwxyz")), .communication(bytes("abcdefghijklmnopqrstuvwxyz")),
        ])
        var t = CaptureSplitter(captureMaxBytes: 4)
        _ = t.feed(bytes("<!--XSUPERVISOR:BEGIN-->ab"))
        _ = t.feed(bytes("cd0123456789012345678901234"))
        let out = t.feed(bytes("xy<!--XSUPERVISOR:END-->"))
        #expect(out.last == .communication(bytes("cd0123456789012345678901234xy")))
    }
}
