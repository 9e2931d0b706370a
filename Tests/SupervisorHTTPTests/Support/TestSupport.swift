import Foundation
import SupervisorConfig
import Testing

@testable import SupervisorHTTP

#if canImport(Glibc)
    import Glibc
#endif

// MARK: - Temp directories

/// A short temporary directory (unix socket paths must stay under 107 bytes), removed by `remove()`.
struct TempDirectory {
    let path: String

    init() {
        var template = Array("/tmp/svh.XXXXXX".utf8CString)
        let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
        precondition(made != nil, "mkdtemp failed")
        path = String(decoding: template.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}

// MARK: - Blocking work off the cooperative pool

/// Runs blocking socket or process work on a thread of its own, so tests never block Swift's cooperative pool,
/// which the server under test needs for its application calls. (Not `DispatchQueue.global()`: on Linux the
/// cooperative pool is built on Dispatch's global root queue, and blocked Dispatch workers starve it for seconds.)
func blocking<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { continuation in
        let thread = Thread {
            continuation.resume(with: Result { try work() })
        }
        thread.start()
    }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(
    timeout: Duration = .seconds(5), _ condition: @Sendable () async throws -> Bool
) async throws -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try await Task.sleep(for: .milliseconds(20))
    }
    return try await condition()
}

// MARK: - Raw HTTP client

struct ClientError: Error, CustomStringConvertible {
    var description: String
}

/// A parsed HTTP response.
struct RawResponse: Sendable {
    var statusLine: String
    var headers: [(String, String)]
    var body: [UInt8]

    var status: Int { Int(statusLine.split(separator: " ")[1]) ?? 0 }
    var bodyText: String { String(decoding: body, as: UTF8.self) }
    func header(_ name: String) -> String? {
        headers.first(where: { $0.0.lowercased() == name.lowercased() })?.1
    }
    /// Header names in order, as sent.
    var headerNames: [String] { headers.map(\.0) }
}

/// A blocking socket client with a receive timeout; use it only inside `blocking { }`.
final class RawClient: @unchecked Sendable {
    // @unchecked: used by one test at a time, only from inside one `blocking { }` call after another.
    private(set) var fd: Int32
    private var buffer: [UInt8] = []
    private(set) var sawEOF = false

    init(unixPath: String, timeout: Duration = .seconds(5)) throws {
        fd = socket(AF_UNIX, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        let bytes = Array(unixPath.utf8)
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            raw.copyBytes(from: bytes)
            raw[bytes.count] = 0
        }
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw ClientError(description: "connect(\(unixPath)) failed: errno \(errno)")
        }
        setTimeout(timeout)
    }

    init(port: Int, timeout: Duration = .seconds(5)) throws {
        fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        address.sin_addr = in_addr(s_addr: inet_addr("127.0.0.1"))
        let result = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            close(fd)
            throw ClientError(description: "connect(127.0.0.1:\(port)) failed: errno \(errno)")
        }
        setTimeout(timeout)
    }

    deinit { disconnect() }

    /// Closes the socket now.
    func disconnect() {
        if fd >= 0 { close(fd) }
        fd = -1
    }

    func setTimeout(_ timeout: Duration) {
        var tv = makeTimeval(timeout)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
    }

    func send(_ text: String) throws { try send(Array(text.utf8)) }

    func send(_ bytes: [UInt8]) throws {
        var sent = 0
        while sent < bytes.count {
            let n = bytes[sent...].withUnsafeBytes { Glibc.send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard n > 0 else { throw ClientError(description: "send failed: errno \(errno)") }
            sent += n
        }
    }

    /// Reads more bytes into the buffer; false on EOF. Throws on timeout or error.
    @discardableResult
    private func fill() throws -> Bool {
        var chunk = [UInt8](repeating: 0, count: 65536)
        let n = chunk.withUnsafeMutableBytes { recv(fd, $0.baseAddress, $0.count, 0) }
        if n == 0 {
            sawEOF = true
            return false
        }
        guard n > 0 else { throw ClientError(description: "recv failed: errno \(errno)") }
        buffer.append(contentsOf: chunk[..<n])
        return true
    }

    private func readLine() throws -> String {
        while true {
            if let i = buffer.firstIndex(of: UInt8(ascii: "\n")), i > 0, buffer[i - 1] == UInt8(ascii: "\r") {
                let line = String(decoding: buffer[..<(i - 1)], as: UTF8.self)
                buffer.removeFirst(i + 1)
                return line
            }
            guard try fill() else { throw ClientError(description: "EOF while reading a line") }
        }
    }

    private func readExactly(_ count: Int) throws -> [UInt8] {
        while buffer.count < count {
            guard try fill() else { throw ClientError(description: "EOF while reading \(count) bytes") }
        }
        let bytes = Array(buffer[..<count])
        buffer.removeFirst(count)
        return bytes
    }

    /// Reads the status line and headers.
    func readHead() throws -> RawResponse {
        var statusLine = try readLine()
        while statusLine.hasPrefix("HTTP/") && statusLine.contains(" 100 ") {
            while try !readLine().isEmpty {}
            statusLine = try readLine()
        }
        var headers: [(String, String)] = []
        while true {
            let line = try readLine()
            if line.isEmpty { break }
            let colon = line.firstIndex(of: ":")!
            headers.append(
                (String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces))
            )
        }
        return RawResponse(statusLine: statusLine, headers: headers, body: [])
    }

    /// Reads one complete response (Content-Length or until EOF; not for chunked streams).
    func readResponse(isHEAD: Bool = false) throws -> RawResponse {
        var response = try readHead()
        if isHEAD { return response }
        if let length = response.header("Content-Length").flatMap({ Int($0) }) {
            response.body = try readExactly(length)
        } else {
            while try fill() {}
            response.body = buffer
            buffer.removeAll()
        }
        return response
    }

    /// Reads chunked body data until `predicate` holds for everything received so far; returns the decoded data.
    func readChunks(until predicate: ([UInt8]) -> Bool) throws -> [UInt8] {
        var data: [UInt8] = []
        while !predicate(data) {
            let sizeLine = try readLine()
            guard let size = Int(sizeLine, radix: 16) else {
                throw ClientError(description: "bad chunk size \(sizeLine)")
            }
            if size == 0 { throw ClientError(description: "stream ended") }
            data += try readExactly(size)
            guard try readLine().isEmpty else { throw ClientError(description: "missing CRLF after chunk") }
        }
        return data
    }

    /// Reads raw (unframed) body bytes until `predicate` holds.
    func readRaw(until predicate: ([UInt8]) -> Bool) throws -> [UInt8] {
        while !predicate(buffer) {
            guard try fill() else { throw ClientError(description: "EOF") }
        }
        defer { buffer.removeAll() }
        return buffer
    }

    /// True when the server closed the connection (EOF) within the timeout; leftover bytes are discarded.
    func waitForEOF() throws -> Bool {
        while true {
            if sawEOF { return true }
            guard try fill() else { return true }
        }
    }
}

extension [UInt8] {
    func contains(_ text: String) -> Bool {
        let needle = Array(text.utf8)
        guard needle.count <= count else { return false }
        if needle.isEmpty { return true }
        for start in 0...(count - needle.count) where self[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}

// MARK: - Stub application

/// A fixed application: `/RPC2` answers a fixed XML body (or 400/500 for magic bodies), `/logtail/<name>` serves
/// files registered in `logFiles`, `/ok.html` answers `OK`, everything else 404.
struct StubApplication: HTTPApplication {
    static let xml = Array(
        """
        <?xml version='1.0'?>
        <methodResponse>
        <params>
        <param>
        <value><string>3.0</string></value>
        </param>
        </params>
        </methodResponse>

        """.utf8)

    var logFiles: [String: String] = [:]
    var mainLog: String?
    let seen = SeenRequests()

    func handleXMLRPC(body: [UInt8], context: RequestContext) async -> XMLRPCReply {
        await seen.record(String(decoding: body, as: UTF8.self), username: context.username)
        let text = String(decoding: body, as: UTF8.self)
        if text.contains("<methodName>bad</methodName>") { return .badRequest }
        if text.contains("<methodName>crash</methodName>") { return .internalError }
        if text.contains("<methodName>slow</methodName>") { try? await Task.sleep(for: .milliseconds(300)) }
        return .response(Self.xml)
    }

    func logTailFile(namespec: String, channel: LogTailChannel) async -> String? {
        logFiles["\(namespec)/\(channel.rawValue)"]
    }

    func mainLogFile() async -> String? { mainLog }

    func handlePage(_ request: PageRequest) async -> PageResponse {
        await seen.record(
            "\(request.method) \(request.path) \(request.query ?? "-")", username: request.context.username)
        if request.path == "/ok.html" {
            return PageResponse(status: 200, headers: [("Content-Type", "text/plain")], body: Array("OK".utf8))
        }
        if request.path == "/echo" {
            return PageResponse(status: 200, headers: [("Content-Type", "text/plain")], body: request.body)
        }
        return .error(404)
    }
}

/// What the stub application was asked, in order.
actor SeenRequests {
    private(set) var requests: [String] = []
    private(set) var usernames: [String?] = []

    func record(_ request: String, username: String?) {
        requests.append(request)
        usernames.append(username)
    }
}

// MARK: - Servers

/// A running server on a unix socket and an ephemeral 127.0.0.1 port, in its own temp directory.
struct LiveServer {
    let directory: TempDirectory
    let server: SupervisorHTTPServer
    let listeners: [BoundListener]
    let socketPath: String
    let port: Int

    static func start(
        application: StubApplication = StubApplication(), unixAuth: (String, String)? = nil,
        inetAuth: (String, String)? = ("user", "{SHA}a94a8fe5ccb19ba61c4c0873d391e987982fbbd3"),
        options: HTTPServerOptions = .init(), directory: TempDirectory = TempDirectory()
    ) async throws -> LiveServer {
        let socketPath = directory.file("s.sock")
        let configs = [
            HTTPServerConfig(
                section: "unix_http_server", transport: .unix(path: socketPath, chmod: 0o700, chown: nil),
                username: unixAuth?.0, password: unixAuth?.1),
            HTTPServerConfig(
                section: "inet_http_server", transport: .inet(host: "127.0.0.1", port: 0), username: inetAuth?.0,
                password: inetAuth?.1),
        ]
        let listeners = try ListenerBinder().bindAll(configs)
        let server = SupervisorHTTPServer(listeners: listeners, application: application, options: options)
        try await server.start()
        guard case .inet(_, let port) = listeners[1].address else { fatalError("no port") }
        return LiveServer(
            directory: directory, server: server, listeners: listeners, socketPath: socketPath, port: port)
    }

    func stop() async {
        await server.shutdown()
        ListenerBinder.removeSocketFiles(listeners)
        directory.remove()
    }
}

/// Runs `body` against a fresh `LiveServer`, which is stopped afterwards whatever happens.
func withLiveServer(
    application: StubApplication = StubApplication(), unixAuth: (String, String)? = nil,
    options: HTTPServerOptions = .init(), directory: TempDirectory = TempDirectory(),
    _ body: (LiveServer) async throws -> Void
) async throws {
    let live = try await LiveServer.start(
        application: application, unixAuth: unixAuth, options: options, directory: directory)
    do {
        try await body(live)
    } catch {
        await live.stop()
        throw error
    }
    await live.stop()
}

/// `Authorization` header value for Basic credentials.
func basic(_ credentials: String) -> String {
    "Basic " + Data(credentials.utf8).base64EncodedString()
}

// MARK: - Python

/// The Python that has Supervisor 4.3.0 installed: the project's `.venv-compat` (made by scripts/python-supervisor.sh,
/// which scripts/test runs first), or /tmp/pysup on a development machine.
enum PythonLocator {
    static var python: String? {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent().path
        for candidate in [
            ProcessInfo.processInfo.environment["SUPERVISOR_PYTHON"], "\(root)/.venv-compat/bin/python",
            "/tmp/pysup/bin/python",
        ] {
            if let candidate, FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }
}
