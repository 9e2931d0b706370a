import SupervisorEngine

/// What an event listener writes on stdout (`READY`, `RESULT n\n…`, garbage between), and a child's output in
/// capture mode (`<!--XSUPERVISOR:BEGIN-->`…`<!--XSUPERVISOR:END-->`). The first byte picks how the rest arrives
/// in pieces; its top bit whether the engine restarts a listener that broke the protocol.
enum ListenerFuzzing {
    static func run(_ data: [UInt8]) {
        guard let control = data.first else { return }
        let pieces = FuzzInput.pieces(data.dropFirst(), control: control & 0x7F)
        var listener = ListenerProtocol(processName: "listener")
        for piece in pieces {
            for outcome in listener.feed(piece) {
                // An event is always waiting, so one is sent whenever the listener says READY.
                if case .becameReady = outcome { listener.eventSent() }
            }
            if listener.state == .unknown, control & 0x80 != 0 { listener.reset() }
        }

        var splitter = CaptureSplitter(captureMaxBytes: 1 + Int(control) * 3)
        var fed = 0
        var emitted = 0
        var tokens = 0
        for piece in pieces {
            fed += piece.count
            for output in splitter.feed(piece) {
                switch output {
                case .log(let bytes), .captured(let bytes): emitted += bytes.count
                case .communication: tokens += 1
                }
            }
        }
        // Output is what came in, less each block's two tokens, less what is held back: never more.
        let tokenBytes = tokens * (CaptureSplitter.beginToken.count + CaptureSplitter.endToken.count)
        precondition(emitted + tokenBytes <= fed, "capture splitter invented bytes")
    }
}
