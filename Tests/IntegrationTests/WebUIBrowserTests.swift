import Foundation
import Testing

/// The web UI in a real browser: headless Chromium (Debian's package) loads the status page of a running daemon
/// behind basic auth, clicks Stop and Start and sees the state change without a reload, then opens the log view
/// and sees new lines stream in, pauses and searches them. Screenshots are kept in `.build/artifacts/`:
/// `webui-status.png` (desktop), `webui-status-phone.png` (390 px wide) and `webui-log.png`.
@Suite(.serialized) struct WebUIBrowserTests {
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while url.path != "/", !FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path)
        {
            url = url.deletingLastPathComponent()
        }
        return url.path
    }()

    static let artifacts = packageRoot + "/.build/artifacts"

    static let programs = """
        [program:clock]
        command=/bin/sh -c 'i=0; while true; do i=$((i+1)); echo "tick $i <b>not bold</b>"; echo "warning $i" >&2; sleep 0.3; done'
        startsecs=0
        stopwaitsecs=2
        stopasgroup=true

        [program:api]
        command=/bin/sleep 100000
        startsecs=0

        [program:migrate]
        command=/bin/sh -c 'echo migrating; exit 3'
        startsecs=0
        autorestart=false

        [group:workers]
        programs=worker_a,worker_b

        [program:worker_a]
        command=/bin/sleep 100000
        startsecs=0

        [program:worker_b]
        command=/bin/sleep 100000
        startsecs=0
        """

    @Test(.timeLimit(.minutes(3))) func stopStartAndLiveLogsInHeadlessChromium() throws {
        let began = Date()
        let executable = try HeadlessChromium.locate(packageRoot: Self.packageRoot)
        let d = DaemonHarness()
        let port = ControlPlaneTests.freePort()
        d.writeConfig(
            """
            [inet_http_server]
            port=127.0.0.1:\(port)
            username=admin
            password=s3cret

            \(Self.programs)
            """
        )
        try d.start()
        defer { d.stop() }
        d.waitForLog("success: clock entered RUNNING state")
        d.waitForLog("exited: migrate (exit status 3; not expected)")

        let browser = try HeadlessChromium(executable: executable, profile: d.dir + "/chromium-profile")
        defer { browser.quit() }
        let tab = try browser.firstTab()
        try tab.send("Page.enable")
        try tab.send("Network.enable")
        // Basic auth for every request of the tab (pages, scripts, the stylesheet, fetches, the log stream).
        let credentials = Data("admin:s3cret".utf8).base64EncodedString()
        try tab.send("Network.setExtraHTTPHeaders", ["headers": ["Authorization": "Basic \(credentials)"]])
        // Every page records its script errors, rejected promises and Content-Security-Policy violations.
        try tab.send(
            "Page.addScriptToEvaluateOnNewDocument",
            [
                "source": """
                window.__problems = [];
                addEventListener('error', (e) => __problems.push('error: ' + e.message));
                addEventListener('unhandledrejection', (e) => __problems.push('rejection: ' + e.reason));
                document.addEventListener('securitypolicyviolation', (e) => __problems.push('CSP: ' + e.violatedDirective));
                """
            ])
        let problems = "JSON.stringify(window.__problems)"
        let base = "http://127.0.0.1:\(port)/"
        try FileManager.default.createDirectory(atPath: Self.artifacts, withIntermediateDirectories: true)

        // MARK: Status page: live, then Stop and Start without a reload.
        try tab.send("Page.navigate", ["url": base])
        let clockState = "document.querySelector('tr[data-namespec=\"clock\"] td.status span')?.textContent"
        #expect(
            try tab.waitUntil("document.getElementById('live')?.textContent === 'live' && \(clockState) === 'running'")
        )
        #expect(try tab.evaluate("document.title") as? String == "Supervisor Status")
        #expect(
            try tab.evaluate("document.querySelector('tr[data-namespec=\"migrate\"] td.exit').textContent") as? String
                == "3"
        )
        #expect(
            try tab.evaluate("document.querySelector('tr[data-group=\"workers\"] .group-count').textContent") as? String
                == "2/2 running"
        )
        _ = try tab.evaluate("window.__sameDocument = 'yes'")

        try tab.click("tr[data-namespec=\"clock\"] a[data-action=\"stop\"]")
        #expect(try tab.waitUntil("\(clockState) === 'stopped'"), "clock never showed as stopped")
        #expect(try tab.waitUntil("document.getElementById('statusmessage').textContent === 'Process clock stopped'"))
        #expect(try tab.evaluate("window.__sameDocument") as? String == "yes", "the page reloaded")
        #expect(
            try tab.evaluate("document.querySelector('tr[data-namespec=\"clock\"] td.pid').textContent") as? String
                == ""
        )

        try tab.click("tr[data-namespec=\"clock\"] a[data-action=\"start\"]")
        #expect(try tab.waitUntil("\(clockState) === 'running'"), "clock never showed as running again")
        #expect(try tab.waitUntil("document.getElementById('statusmessage').textContent === 'Process clock started'"))
        #expect(try tab.evaluate("window.__sameDocument") as? String == "yes", "the page reloaded")
        #expect(
            try tab.waitUntil(
                "/^[1-9][0-9]*$/.test(document.querySelector('tr[data-namespec=\"clock\"] td.pid').textContent)"
            )
        )
        // The daemon agrees with what the page shows.
        d.waitForLog("success: clock entered RUNNING state")
        // Let an uptime tick over before the picture.
        #expect(
            try tab.waitUntil(
                "document.querySelector('tr[data-namespec=\"clock\"] td.uptime').textContent >= '0:00:01'"
            )
        )
        try tab.screenshot().write(to: URL(fileURLWithPath: Self.artifacts + "/webui-status.png"))

        #expect(try tab.evaluate(problems) as? String == "[]")

        // MARK: Log view: lines stream in, pause holds them back, search filters and highlights.
        try tab.send("Page.navigate", ["url": base + "tail.html?processname=clock"])
        let lineCount = "document.querySelectorAll('#tailbody .line:not(.partial)').length"
        #expect(
            try tab.waitUntil(
                "document.getElementById('tail-status')?.textContent === 'streaming stdout' && \(lineCount) > 0"
            )
        )
        let lastLine = "Array.from(document.querySelectorAll('#tailbody .line:not(.partial)')).pop()?.textContent ?? ''"
        let firstSeen = try tab.evaluate(lastLine) as? String ?? ""
        #expect(firstSeen.hasPrefix("tick ") && firstSeen.hasSuffix(" <b>not bold</b>"), "last line: \(firstSeen)")
        let quotedFirst = String(decoding: try JSONSerialization.data(withJSONObject: [firstSeen]), as: UTF8.self)
        #expect(
            try tab.waitUntil("(\(lastLine)) !== \(quotedFirst)[0] && (\(lastLine)).startsWith('tick ')", timeout: 10),
            "no new log line appeared"
        )
        // Log text is text: the <b> in the lines never became an element.
        #expect(try tab.evaluate("document.querySelectorAll('#tailbody b').length") as? Int == 0)

        try tab.click("#tail-pause")
        let heldAt = try tab.evaluate(lineCount) as? Int ?? -1
        #expect(try tab.waitUntil("document.getElementById('tail-status').textContent.includes('held')", timeout: 10))
        #expect(try tab.evaluate(lineCount) as? Int == heldAt, "lines were added while paused")
        try tab.click("#tail-pause")
        #expect(try tab.waitUntil("\(lineCount) > \(heldAt)"), "held lines did not appear on resume")

        _ = try tab.evaluate("document.getElementById('tail-search').focus()")
        try tab.type("<b>not")
        #expect(try tab.waitUntil("document.querySelectorAll('#tailbody mark').length > 0"))
        #expect(
            try tab.evaluate(
                "Array.from(document.querySelectorAll('#tailbody .line')).every(l => l.textContent.includes('<b>not'))"
            )
                as? Bool == true
        )
        // Still streaming while filtered.
        let filtered = try tab.evaluate(lineCount) as? Int ?? 0
        #expect(try tab.waitUntil("\(lineCount) > \(filtered)", timeout: 10))
        try tab.screenshot().write(to: URL(fileURLWithPath: Self.artifacts + "/webui-log.png"))
        #expect(try tab.evaluate(problems) as? String == "[]")

        // MARK: The same status page on a phone-sized screen.
        try tab.send(
            "Emulation.setDeviceMetricsOverride",
            [
                "width": 390, "height": 844, "deviceScaleFactor": 1, "mobile": true,
            ]
        )
        try tab.send("Page.navigate", ["url": base])
        #expect(
            try tab.waitUntil("document.getElementById('live')?.textContent === 'live' && \(clockState) === 'running'")
        )
        try tab.screenshot().write(to: URL(fileURLWithPath: Self.artifacts + "/webui-status-phone.png"))
        #expect(try tab.evaluate(problems) as? String == "[]")

        let memory = Self.proportionalKilobytes(matching: browser.profile)
        print(
            "web UI browser test: \(String(format: "%.1f", Date().timeIntervalSince(began))) s, "
                + "Chromium memory (PSS, all its processes) \(memory / 1024) MB"
        )
        for name in ["webui-status.png", "webui-log.png", "webui-status-phone.png"] {
            let size =
                (try? FileManager.default.attributesOfItem(atPath: Self.artifacts + "/" + name)[.size] as? Int) ?? 0
            #expect(size > 10_000, "\(name) is \(size) bytes")
        }
    }

    /// The summed proportional set size (shared pages split between their users, so not counted twice) of every
    /// process whose command line mentions `marker`.
    static func proportionalKilobytes(matching marker: String) -> Int {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: "/proc")) ?? []
        var total = 0
        for pid in entries where Int(pid) != nil {
            guard let cmdline = FileManager.default.contents(atPath: "/proc/\(pid)/cmdline"),
                String(decoding: cmdline, as: UTF8.self).contains(marker),
                let rollup = try? String(contentsOfFile: "/proc/\(pid)/smaps_rollup", encoding: .utf8),
                let line = rollup.split(separator: "\n").first(where: { $0.hasPrefix("Pss:") })
            else { continue }
            total += Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0
        }
        return total
    }
}
