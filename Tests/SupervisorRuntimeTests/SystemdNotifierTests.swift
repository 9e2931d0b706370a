import Glibc
import Testing

@testable import SupervisorRuntime

/// `SystemdNotifier` against a unix datagram socket bound by the test, standing in for systemd.
@Suite struct SystemdNotifierTests {
    /// Binds a datagram socket at `path` (`@name`: abstract); returns its descriptor.
    static func bindDatagram(_ path: String) -> Int32 {
        let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue), 0)
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
        #expect(rc == 0)
        return fd
    }

    static func receive(_ fd: Int32) -> String? {
        var poller = pollfd(fd: fd, events: Int16(POLLIN), revents: 0)
        guard poll(&poller, 1, 2000) == 1 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 4096)
        let count = recv(fd, &buffer, buffer.count, 0)
        return count > 0 ? String(decoding: buffer[..<count], as: UTF8.self) : nil
    }

    @Test func sendsEachMessageAsOneDatagramToAPathSocket() {
        let path = "/tmp/svd-notify-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).sock"
        let fd = Self.bindDatagram(path)
        defer { close(fd); unlink(path) }
        let notifier = SystemdNotifier(environment: ["NOTIFY_SOCKET": path])
        notifier.ready()
        #expect(Self.receive(fd) == "READY=1\nSTATUS=Processes running\nMAINPID=\(getpid())")
        notifier.reloading()
        let reloading = Self.receive(fd) ?? ""
        #expect(reloading.hasPrefix("RELOADING=1\nSTATUS=Reloading the configuration\nMONOTONIC_USEC="))
        #expect(UInt64(reloading.split(separator: "=").last ?? "") ?? 0 > 0)
        notifier.stopping()
        #expect(Self.receive(fd) == "STOPPING=1\nSTATUS=Stopping processes")
    }

    @Test func reachesAnAbstractSocket() {
        let name = "@svd-notify-unit-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let fd = Self.bindDatagram(name)
        defer { close(fd) }
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": name]).send("READY=1"))
        #expect(Self.receive(fd) == "READY=1")
    }

    @Test func withoutAUsableSocketNothingIsSent() {
        #expect(SystemdNotifier(environment: [:]).socketPath == nil)
        #expect(!SystemdNotifier(environment: [:]).send("READY=1"))
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "vsock:2:1234"]).socketPath == nil)
        #expect(SystemdNotifier(environment: ["NOTIFY_SOCKET": "relative.sock"]).socketPath == nil)
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "/" + String(repeating: "x", count: 200)]).send("READY=1"))
        #expect(!SystemdNotifier(environment: ["NOTIFY_SOCKET": "/nonexistent-dir-xyz/notify"]).send("READY=1"))
    }
}
