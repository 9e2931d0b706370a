import Foundation

/// Headless Chromium from Debian's package (installed by `scripts/install-chromium.sh`), started with DevTools on
/// a free port of 127.0.0.1 and a throw-away profile. `--no-sandbox` because CI runs the tests as root, where
/// Chromium's sandbox refuses to start.
final class HeadlessChromium {
    let process: ChildProcess
    let profile: String
    let devToolsPort: Int

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    /// The browser's path, installing it first when missing (the install script is a no-op when it is there).
    static func locate(packageRoot: String) throws -> String {
        let (status, output) = try DaemonHarness.run(packageRoot + "/scripts/install-chromium.sh", [], timeout: 600)
        let path = output.split(separator: "\n").last.map(String.init) ?? ""
        guard status == 0, path.hasPrefix("/") else {
            throw Failure(description: "headless Chromium is missing and could not be installed: \(output)")
        }
        return path
    }

    init(executable: String, profile: String, windowSize: (Int, Int) = (1280, 860)) throws {
        self.profile = profile
        try? FileManager.default.createDirectory(atPath: profile, withIntermediateDirectories: true)
        process = try ChildProcess(
            [
                executable, "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--no-first-run", "--no-default-browser-check", "--disable-extensions",
                "--disable-background-networking",
                "--disable-sync", "--mute-audio", "--hide-scrollbars", "--force-device-scale-factor=1",
                "--window-size=\(windowSize.0),\(windowSize.1)", "--remote-debugging-address=127.0.0.1",
                "--remote-debugging-port=0", "--user-data-dir=\(profile)", "about:blank",
            ],
            output: profile + "/chromium.log"
        )
        // Chromium writes the port it picked (first line) into the profile once DevTools listens.
        let deadline = Date().addingTimeInterval(30)
        var port = 0
        while Date() < deadline, port == 0 {
            if let text = try? String(contentsOfFile: profile + "/DevToolsActivePort", encoding: .utf8),
                let first = text.split(separator: "\n").first, let value = Int(first)
            {
                port = value
            } else {
                if process.wait(timeout: 0) != nil { break }
                usleep(50_000)
            }
        }
        guard port > 0 else {
            kill(process.pid, SIGKILL)
            _ = process.wait(timeout: 5)
            let log = (try? String(contentsOfFile: profile + "/chromium.log", encoding: .utf8)) ?? ""
            throw Failure(description: "Chromium did not open its DevTools port; its output:\n\(log)")
        }
        devToolsPort = port
    }

    /// A session on the first open tab (the `about:blank` it started with).
    func firstTab() throws -> DevToolsSession {
        let deadline = Date().addingTimeInterval(15)
        while Date() < deadline {
            if let list = try? Self.getJSON(port: devToolsPort, path: "/json/list") as? [[String: Any]],
                let page = list.first(where: { $0["type"] as? String == "page" }),
                let url = page["webSocketDebuggerUrl"] as? String,
                let pathStart = url.range(of: "/devtools/")
            {
                return try DevToolsSession(port: devToolsPort, targetPath: String(url[pathStart.lowerBound...]))
            }
            usleep(100_000)
        }
        throw Failure(description: "Chromium shows no page target")
    }

    /// Ends the browser and waits for it.
    func quit() {
        kill(process.pid, SIGTERM)
        if process.wait(timeout: 10) == nil {
            kill(process.pid, SIGKILL)
            _ = process.wait(timeout: 5)
        }
        try? FileManager.default.removeItem(atPath: profile)
    }

    /// A plain GET to the DevTools HTTP endpoint, parsed as JSON.
    private static func getJSON(port: Int, path: String) throws -> Any {
        let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        defer { close(fd) }
        var timeout = timeval(tv_sec: 10, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard rc == 0 else { throw Failure(description: "connect to DevTools: errno \(errno)") }
        // Chromium's DevTools server speaks HTTP/1.1 only and keeps the connection open: read by Content-Length.
        let request = Array("GET \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n\r\n".utf8)
        _ = request.withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
        var received: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            if let split = received.firstRange(of: Array("\r\n\r\n".utf8)) {
                let head = String(decoding: received[..<split.lowerBound], as: UTF8.self).lowercased()
                let length =
                    head.split(separator: "\r\n").first(where: { $0.hasPrefix("content-length:") })
                    .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
                if received.count - split.upperBound >= length {
                    return try JSONSerialization.jsonObject(
                        with: Data(received[split.upperBound..<(split.upperBound + length)])
                    )
                }
            }
            let n = read(fd, &chunk, chunk.count)
            guard n > 0 else { throw Failure(description: "DevTools closed the connection before answering") }
            received += chunk[0..<n]
        }
    }
}
