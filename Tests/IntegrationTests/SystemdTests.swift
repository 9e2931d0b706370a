import Foundation
import Testing

/// systemd integration: the `Type=notify` protocol spoken to a local datagram socket standing in for systemd, and
/// `scripts/install.sh` into a throwaway prefix, with `systemd-analyze verify` on the unit it writes.
@Suite(.serialized) struct SystemdTests {
    @Test func notifiesReadyReloadingAndStoppingAndHidesTheSocketFromChildren() throws {
        let d = DaemonHarness()
        let listener = try NotifySocket(path: d.dir + "/notify.sock")
        d.writeConfig("""
            [program:probe]
            command=/bin/sh -c 'echo "NOTIFY_SOCKET=${NOTIFY_SOCKET-unset}"; exec sleep 1000'
            stdout_logfile=\(d.dir)/probe.log
            startsecs=0

            [unix_http_server]
            file=\(d.dir)/s.sock

            [supervisorctl]
            serverurl=unix://\(d.dir)/s.sock
            """)
        // env execs the daemon: the pid stays the one systemd would know.
        try d.start(["-n"], prefix: ["/usr/bin/env", "NOTIFY_SOCKET=" + listener.path])
        let pid = d.process!.pid
        let ready = listener.receive(timeout: 10)
        #expect(ready?.hasPrefix("READY=1\n") == true, "got \(ready ?? "nothing")")
        #expect(ready?.contains("\nMAINPID=\(pid)") == true)
        d.waitFor("probe output") { d.read("probe.log").contains("NOTIFY_SOCKET=") }
        #expect(d.read("probe.log") == "NOTIFY_SOCKET=unset\n", "a child must not report for the daemon")

        kill(pid, SIGHUP)
        let reloading = listener.receive(timeout: 10)
        #expect(reloading?.hasPrefix("RELOADING=1\n") == true, "got \(reloading ?? "nothing")")
        #expect(reloading?.contains("MONOTONIC_USEC=") == true)
        // The end of the old generation repeats RELOADING=1; then the new one is READY.
        var next = listener.receive(timeout: 10)
        while next?.hasPrefix("RELOADING=1") == true { next = listener.receive(timeout: 10) }
        #expect(next?.hasPrefix("READY=1\n") == true, "got \(next ?? "nothing")")

        // `supervisorctl reload` (XML-RPC restart) is a reload too.
        let (reloadStatus, reloadOutput) = try DaemonHarness.run(
            DaemonHarness.productsDirectory + "/supervisorctl", ["-c", d.configPath, "reload"])
        #expect(reloadStatus == 0, "\(reloadOutput)")
        #expect(listener.receive(timeout: 10)?.hasPrefix("RELOADING=1\n") == true)
        #expect(listener.receive(timeout: 10)?.hasPrefix("READY=1\n") == true)

        kill(pid, SIGTERM)
        let stopping = listener.receive(timeout: 10)
        #expect(stopping?.hasPrefix("STOPPING=1") == true, "got \(stopping ?? "nothing")")
        #expect(d.process?.wait(timeout: 15) == 0)
    }

    @Test func withoutNotifySocketNothingIsSentAndAnAbstractSocketWorks() throws {
        let d = DaemonHarness()
        let name = "@svd-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let listener = try NotifySocket(path: name)
        d.writeConfig("[program:s]\ncommand=/bin/sleep 1000\nstartsecs=0\n")
        try d.start(["-n"], prefix: ["/usr/bin/env", "NOTIFY_SOCKET=" + name])
        #expect(listener.receive(timeout: 10)?.hasPrefix("READY=1") == true)
        #expect(d.stop() == 0)
        #expect(listener.receive(timeout: 5)?.hasPrefix("STOPPING=1") == true)
    }

    @Test func installsIntoAPrefixNeverOverwritesTheConfigAndUninstalls() throws {
        let root = DaemonHarness()  // for its temp dir only
        let prefix = root.dir + "/usr/local"
        let etc = root.dir + "/etc"
        let arguments = [
            "--prefix", prefix, "--sysconfdir", etc, "--unitdir", etc + "/systemd/system", "--logdir", root.dir + "/log",
            "--from", DaemonHarness.productsDirectory, "--no-systemctl",
        ]
        let (status, output) = try DaemonHarness.run("/bin/bash", [Self.installScript] + arguments)
        #expect(status == 0, "\(output)")
        for name in ["supervisord", "supervisorctl", "echo_supervisord_conf"] {
            let attributes = try FileManager.default.attributesOfItem(atPath: prefix + "/bin/" + name)
            #expect((attributes[.posixPermissions] as? Int) == 0o755, "\(name)")
        }
        let config = etc + "/supervisor/supervisord.conf"
        let text = root.read(config)
        #expect(text.contains("\nfile=/var/run/supervisor.sock "))
        #expect(text.contains("\nlogfile=\(root.dir)/log/supervisord.log "))
        #expect(text.contains("\nchildlogdir=\(root.dir)/log "))
        #expect(text.contains("\npidfile=/var/run/supervisord.pid "))
        #expect(text.hasSuffix("[include]\nfiles = \(etc)/supervisor/conf.d/*.conf\n"))
        #expect(FileManager.default.fileExists(atPath: etc + "/supervisor/conf.d"))

        // The installed daemon accepts the installed configuration, with a program in conf.d.
        try "[program:app]\ncommand=/bin/sleep 1000\n".write(toFile: etc + "/supervisor/conf.d/app.conf", atomically: true, encoding: .utf8)
        let (checkStatus, checkOutput) = try DaemonHarness.run(prefix + "/bin/supervisord", ["-c", config, "--check-config"])
        #expect(checkStatus == 0, "\(checkOutput)")
        #expect(checkOutput.hasSuffix("\napp\n"))

        let unitPath = etc + "/systemd/system/supervisord.service"
        let unit = root.read(unitPath)
        #expect(unit.contains("\nType=notify\n"))
        #expect(unit.contains("\nExecStart=\(prefix)/bin/supervisord -n -c \(config)\n"))
        #expect(unit.contains("\nExecReload=/bin/kill -HUP $MAINPID\n"))
        #expect(unit.contains("\nKillMode=mixed\n"))
        try Self.verifyUnit(unitPath, expectSuccess: true)
        // The check can fail: the same unit naming a missing binary is refused.
        let broken = root.dir + "/broken.service"
        try unit.replacingOccurrences(of: "/bin/supervisord ", with: "/bin/supervisordd ")
            .write(toFile: broken, atomically: true, encoding: .utf8)
        try Self.verifyUnit(broken, expectSuccess: false)

        // Installing again keeps an edited configuration.
        try (text + "\n; edited by the admin\n").write(toFile: config, atomically: true, encoding: .utf8)
        let (again, againOutput) = try DaemonHarness.run("/bin/bash", [Self.installScript] + arguments)
        #expect(again == 0)
        #expect(againOutput.contains("kept existing \(config) (not overwritten)"))
        #expect(root.read(config).hasSuffix("; edited by the admin\n"))

        let (removed, removedOutput) = try DaemonHarness.run("/bin/bash", [Self.installScript] + arguments + ["--uninstall"])
        #expect(removed == 0, "\(removedOutput)")
        for name in ["supervisord", "supervisorctl", "echo_supervisord_conf"] {
            #expect(!FileManager.default.fileExists(atPath: prefix + "/bin/" + name))
        }
        #expect(!FileManager.default.fileExists(atPath: unitPath))
        #expect(root.read(config).hasSuffix("; edited by the admin\n"))
        #expect(removedOutput.contains("kept \(etc)/supervisor (your configuration)"))
    }

    @Test func stagesIntoADestdirAndRefusesBadOptions() throws {
        let root = DaemonHarness()
        let (status, output) = try DaemonHarness.run(
            "/bin/bash", [Self.installScript, "--destdir", root.dir, "--from", DaemonHarness.productsDirectory])
        #expect(status == 0, "\(output)")
        #expect(FileManager.default.isExecutableFile(atPath: root.dir + "/usr/local/bin/supervisord"))
        #expect(root.read("etc/systemd/system/supervisord.service")
            .contains("\nExecStart=/usr/local/bin/supervisord -n -c /etc/supervisor/supervisord.conf\n"))
        let staged = root.read("etc/supervisor/supervisord.conf")
        #expect(staged.hasSuffix("files = /etc/supervisor/conf.d/*.conf\n"))
        #expect(staged.contains("\nlogfile=/var/log/supervisor/supervisord.log "))
        #expect(FileManager.default.fileExists(atPath: root.dir + "/var/log/supervisor"))

        let (bad, badOutput) = try DaemonHarness.run("/bin/bash", [Self.installScript, "--prefix", "relative/dir"])
        #expect(bad == 2)
        #expect(badOutput == "install.sh: --prefix must be an absolute path, not 'relative/dir'\n")
        let (unknown, unknownOutput) = try DaemonHarness.run("/bin/bash", [Self.installScript, "--prefx", "/x"])
        #expect(unknown == 2)
        #expect(unknownOutput == "install.sh: unknown option '--prefx' (see --help)\n")
    }

    static let installScript: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path + "/scripts/install.sh"
    }()

    /// `systemd-analyze verify` (from Debian's systemd package, installed by scripts/install-guide-deps.sh; it needs
    /// no running systemd).
    static func verifyUnit(_ path: String, expectSuccess: Bool, sourceLocation: SourceLocation = #_sourceLocation) throws {
        let tool = "/usr/bin/systemd-analyze"
        guard FileManager.default.isExecutableFile(atPath: tool) else {
            Issue.record("\(tool) is missing: run scripts/install-guide-deps.sh", sourceLocation: sourceLocation)
            return
        }
        let (status, output) = try DaemonHarness.run(tool, ["verify", path])
        if expectSuccess {
            #expect(status == 0 && output.isEmpty, "systemd-analyze verify: \(output)", sourceLocation: sourceLocation)
        } else {
            #expect(status != 0, "systemd-analyze verify accepted \(path)", sourceLocation: sourceLocation)
        }
    }
}

/// A unix datagram socket playing systemd's `$NOTIFY_SOCKET` (a path, or `@name` for the abstract namespace).
final class NotifySocket {
    let path: String
    private let fd: Int32

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
        guard fd >= 0 else { throw POSIXError(.EMFILE) }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var bytes = Array(path.utf8)
        if bytes.first == UInt8(ascii: "@") { bytes[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (i, byte) in bytes.enumerated() { raw[i] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + bytes.count + (bytes.first == 0 ? 0 : 1))
        let rc = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, length) }
        }
        guard rc == 0 else {
            close(fd)
            throw POSIXError(POSIXErrorCode(rawValue: errno) ?? .EINVAL)
        }
    }

    deinit { close(fd) }

    /// The next datagram, or nil after `timeout` seconds.
    func receive(timeout: Double) -> String? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, Int32(timeout * 1000)) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        guard count > 0 else { return nil }
        return String(decoding: buffer[..<count], as: UTF8.self)
    }
}
