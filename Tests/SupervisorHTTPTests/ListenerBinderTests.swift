import Foundation
import SupervisorConfig
import Synchronization
import Testing

@testable import SupervisorHTTP

#if canImport(Glibc)
    import Glibc
#endif

@Suite struct ListenerBinderTests {
    private func unixConfig(_ path: String, chmod: Int = 0o700, chown: Ownership? = nil) -> HTTPServerConfig {
        HTTPServerConfig(
            section: "unix_http_server", transport: .unix(path: path, chmod: chmod, chown: chown), username: nil,
            password: nil)
    }

    private func inetConfig(port: Int) -> HTTPServerConfig {
        HTTPServerConfig(
            section: "inet_http_server", transport: .inet(host: "127.0.0.1", port: port), username: nil, password: nil)
    }

    private func fileStat(_ path: String) -> stat? {
        var st = stat()
        return lstat(path, &st) == 0 ? st : nil
    }

    /// A binder whose diagnostics are captured and whose waits are short.
    /// Collects diagnostics written by a binder.
    final class Messages: Sendable {
        let lines = Mutex<[String]>([])
        var all: [String] { lines.withLock { $0 } }
    }

    private func quickBinder(_ messages: Messages? = nil) -> ListenerBinder {
        var binder = ListenerBinder()
        binder.staleSocketRetryDelay = .milliseconds(10)
        binder.probeTimeout = .milliseconds(300)
        if let messages {
            binder.diagnostics = { text in messages.lines.withLock { $0.append(text) } }
        } else {
            binder.diagnostics = { _ in }
        }
        return binder
    }

    @Test func unixSocketGetsTheConfiguredModeAndNoTemporaryFileRemains() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("s.sock")
        let listener = try quickBinder().bind(unixConfig(path, chmod: 0o660))
        defer { listener.close() }
        let st = try #require(fileStat(path))
        #expect(st.st_mode & S_IFMT == S_IFSOCK)
        #expect(st.st_mode & 0o777 == 0o660)
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["s.sock"])
        #expect(listener.address == ListenerAddress.unix(path: path))
    }

    @Test func unixSocketIsChownedAsConfigured() throws {
        try #require(geteuid() == 0, "chown to another user needs root")
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("s.sock")
        let listener = try quickBinder().bind(unixConfig(path, chown: Ownership(uid: 65534, gid: 65534)))
        defer { listener.close() }
        let st = try #require(fileStat(path))
        #expect(st.st_uid == 65534)
        #expect(st.st_gid == 65534)

        let path2 = dir.file("t.sock")
        let listener2 = try quickBinder().bind(unixConfig(path2, chown: Ownership(uid: 65534, gid: nil)))
        defer { listener2.close() }
        let st2 = try #require(fileStat(path2))
        #expect(st2.st_uid == 65534)
        #expect(st2.st_gid == getegid())
    }

    @Test func staleSocketIsUnlinkedWithSupervisorsMessage() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("s.sock")
        // A socket file nobody listens on any more: bind, then close.
        let first = try quickBinder().bind(unixConfig(path))
        first.close()
        #expect(fileStat(path) != nil)

        let messages = Messages()
        let listener = try quickBinder(messages).bind(unixConfig(path))
        defer { listener.close() }
        #expect(messages.all == ["Unlinking stale socket \(path)\n"])
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["s.sock"])
    }

    @Test func aRegularFileInTheWayIsTreatedAsStale() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("s.sock")
        _ = FileManager.default.createFile(atPath: path, contents: Data("x".utf8))
        let listener = try quickBinder().bind(unixConfig(path))
        defer { listener.close() }
        #expect(try #require(fileStat(path)).st_mode & S_IFMT == S_IFSOCK)
    }

    @Test func liveUnixSocketIsAddressInUse() async throws {
        let live = try await LiveServer.start()
        let messages = Messages()
        #expect(throws: ListenerError.addressInUse) {
            try quickBinder(messages).bind(unixConfig(live.socketPath))
        }
        #expect(messages.all.isEmpty)
        // The live server's file is untouched and still answers.
        let path = live.socketPath
        let status = try await blocking {
            let client = try RawClient(unixPath: path)
            try client.send("GET /ok.html HTTP/1.0\r\n\r\n")
            return try client.readResponse().status
        }
        #expect(status == 200)
        await live.stop()
    }

    @Test func boundButUnservedUnixSocketCountsAsInUse() throws {
        // Accepts (backlog) but never answers: Python would block forever; we time out and call it in use.
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("s.sock")
        let first = try quickBinder().bind(unixConfig(path))
        defer { first.close() }
        #expect(throws: ListenerError.addressInUse) { try quickBinder().bind(unixConfig(path)) }
    }

    @Test func inetPortInUseIsAddressInUse() throws {
        let first = try quickBinder().bind(inetConfig(port: 0))
        defer { first.close() }
        guard case .inet(_, let port) = first.address else { Issue.record("not inet"); return }
        #expect(port > 0)
        let error = #expect(throws: ListenerError.self) { try quickBinder().bind(inetConfig(port: port)) }
        #expect(error == .addressInUse)
        #expect(
            error?.message
                == "Another program is already listening on a port that one of our HTTP servers is configured to use.  Shut this program down first before starting supervisord."
        )
    }

    @Test func otherSocketErrorsUseSupervisorsWording() throws {
        let error = #expect(throws: ListenerError.self) {
            try quickBinder().bind(unixConfig("/nonexistent-dir-svh/s.sock"))
        }
        #expect(error == .socketError(errno: ENOENT))
        #expect(error?.message == "Cannot open an HTTP server: socket.error reported errno.ENOENT (2)")
        #expect(
            ListenerError.socketError(errno: 9999).message == "Cannot open an HTTP server: socket.error reported 9999")
    }

    @Test func hostNamesResolveToIPv4() throws {
        // "localhost" comes from /etc/hosts: no DNS traffic.
        let config = HTTPServerConfig(
            section: "inet_http_server", transport: .inet(host: "localhost", port: 0), username: nil, password: nil)
        let listener = try quickBinder().bind(config)
        defer { listener.close() }
        guard case .inet(let host, let port) = listener.address else { Issue.record("not inet"); return }
        #expect(host == "localhost")
        #expect(port > 0)
    }

    @Test func unresolvedHostIsReportedLikePython() {
        // Python's socket.gaierror carries the getaddrinfo code, which errno.errorcode does not know.
        #expect(
            ListenerError.hostNotResolved(host: "x", code: -2).message
                == "Cannot open an HTTP server: socket.error reported -2")
    }

    @Test func tooLongUnixPathNamesThePath() throws {
        let path = "/tmp/" + String(repeating: "x", count: 100) + ".sock"
        let error = #expect(throws: ListenerError.self) { try quickBinder().bind(unixConfig(path)) }
        guard case .socketPathTooLong(let reported, _) = error else {
            Issue.record("got \(String(describing: error))"); return
        }
        #expect(reported == path)
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains("107") == true)
    }

    @Test func chownMessageIsSupervisors() {
        let error = ListenerError.chownNotPermitted(path: "/tmp/s.sock", uid: 1000, gid: -1, user: "bob")
        #expect(
            error.message
                == "Not permitted to chown /tmp/s.sock to uid/gid (1000, -1); adjust \"sockchown\" value in config file or on command line to values that the current user (bob) can successfully chown"
        )
    }

    @Test func removeSocketFilesRemovesOnlyOurOwnFile() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("s.sock")
        let listener = try quickBinder().bind(unixConfig(path))
        listener.close()
        ListenerBinder.removeSocketFiles([listener])
        #expect(fileStat(path) == nil)

        // Someone else's file at the same path is left alone. (Our socket stays open meanwhile, as in a running
        // daemon, so its inode cannot be reused by the new file.)
        let second = try quickBinder().bind(unixConfig(path))
        defer { second.close() }
        try FileManager.default.moveItem(atPath: path, toPath: path + ".moved")
        _ = FileManager.default.createFile(atPath: path, contents: Data())
        ListenerBinder.removeSocketFiles([second])
        #expect(fileStat(path) != nil)
    }

    @Test func bindAllUndoesEarlierListenersOnFailure() throws {
        let dir = TempDirectory()
        defer { dir.remove() }
        let path = dir.file("s.sock")
        #expect(throws: ListenerError.self) {
            try quickBinder().bindAll([unixConfig(path), unixConfig("/nonexistent-dir-svh/s.sock")])
        }
        #expect(fileStat(path) == nil)
    }
}
