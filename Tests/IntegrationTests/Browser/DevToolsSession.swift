import Foundation

/// Drives one Chromium tab through the Chrome DevTools Protocol: commands by name, JavaScript evaluated in the
/// page, real mouse clicks at an element's position, text typed as keyboard input, screenshots.
final class DevToolsSession {
    private let socket: WebSocketConnection
    private var nextID = 0

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(port: Int, targetPath: String) throws {
        socket = try WebSocketConnection(port: port, path: targetPath)
    }

    /// Sends a command and returns its `result` (events arriving meanwhile are skipped).
    @discardableResult
    func send(_ method: String, _ params: [String: Any] = [:]) throws -> [String: Any] {
        nextID += 1
        let id = nextID
        let message: [String: Any] = ["id": id, "method": method, "params": params]
        try socket.send(String(decoding: try JSONSerialization.data(withJSONObject: message), as: UTF8.self))
        while true {
            let text = try socket.receive()
            guard let reply = try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any],
                reply["id"] as? Int == id
            else { continue }
            if let error = reply["error"] { throw Failure(description: "\(method): \(error)") }
            return reply["result"] as? [String: Any] ?? [:]
        }
    }

    /// Evaluates `expression` in the page (awaiting a promise) and returns its value as JSON would carry it.
    func evaluate(_ expression: String) throws -> Any? {
        let result = try send(
            "Runtime.evaluate",
            ["expression": expression, "returnByValue": true, "awaitPromise": true]
        )
        if let exception = result["exceptionDetails"] { throw Failure(description: "\(expression): \(exception)") }
        return (result["result"] as? [String: Any])?["value"]
    }

    /// Polls `expression` until it is `true`; returns false at the deadline.
    func waitUntil(_ expression: String, timeout: Double = 15) throws -> Bool {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if try evaluate(expression) as? Bool == true { return true }
            usleep(50_000)
        }
        return try evaluate(expression) as? Bool == true
    }

    /// A real left click (mouse moved, pressed, released) at the centre of the element `selector` finds.
    func click(_ selector: String) throws {
        let quoted = String(decoding: try JSONSerialization.data(withJSONObject: [selector]), as: UTF8.self)
        guard
            let box = try evaluate(
                """
                (() => { const e = document.querySelector(\(quoted)[0]); if (!e) return null;
                  e.scrollIntoView({block: 'center'}); const r = e.getBoundingClientRect();
                  return [r.left + r.width / 2, r.top + r.height / 2]; })()
                """
            ) as? [Double], box.count == 2
        else { throw Failure(description: "nothing to click at \(selector)") }
        for type in ["mouseMoved", "mousePressed", "mouseReleased"] {
            try send(
                "Input.dispatchMouseEvent",
                [
                    "type": type, "x": box[0], "y": box[1], "button": type == "mouseMoved" ? "none" : "left",
                    "buttons": type == "mousePressed" ? 1 : 0, "clickCount": 1,
                ]
            )
        }
    }

    /// Types `text` into the focused element, as keyboard input.
    func type(_ text: String) throws {
        try send("Input.insertText", ["text": text])
    }

    /// A PNG of the viewport.
    func screenshot() throws -> Data {
        let result = try send("Page.captureScreenshot", ["format": "png", "captureBeyondViewport": false])
        guard let base64 = result["data"] as? String, let data = Data(base64Encoded: base64) else {
            throw Failure(description: "no screenshot data")
        }
        return data
    }
}
