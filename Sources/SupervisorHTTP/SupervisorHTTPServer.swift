#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import NIOCore
import NIOHTTP1
import NIOPosix
import Synchronization

/// Supervisor's HTTP server over listeners bound earlier by `ListenerBinder`.
///
/// Lifecycle: `ListenerBinder` binds before the daemon forks; after the fork, `start()` creates the event loop
/// group (the first threads of the process) and adopts the bound sockets with `ServerBootstrap.withBoundSocket`;
/// `shutdown()` stops accepting, closes every connection (log tails included) and stops the threads. Removing unix
/// socket files is left to `ListenerBinder.removeSocketFiles`, since a restart keeps them.
public actor SupervisorHTTPServer {
    private let listeners: [BoundListener]
    private let application: any HTTPApplication
    private let options: HTTPServerOptions
    private let threads: Int
    private var group: MultiThreadedEventLoopGroup?
    private var serverChannels: [any Channel] = []
    private let connections = ConnectionRegistry()
    private let applicationCalls = ApplicationCallTracker()

    /// - Parameters:
    ///   - listeners: the sockets to serve; the server owns them from `start()` on.
    ///   - eventLoopThreads: 1 or 2 is plenty; the application's work runs on Swift's concurrency pool.
    public init(
        listeners: [BoundListener], application: any HTTPApplication, options: HTTPServerOptions = .init(),
        eventLoopThreads: Int = 1
    ) {
        self.listeners = listeners
        self.application = application
        self.options = options
        self.threads = max(1, eventLoopThreads)
    }

    /// Starts serving every listener.
    /// - Throws: NIO's error if a socket cannot be adopted; the listeners adopted so far are closed again.
    public func start() async throws {
        precondition(group == nil, "SupervisorHTTPServer.start() called twice")
        let group = MultiThreadedEventLoopGroup(numberOfThreads: threads)
        self.group = group
        do {
            for listener in listeners {
                serverChannels.append(try await adopt(listener, group: group))
            }
        } catch {
            await shutdown()
            throw error
        }
    }

    /// Stops accepting, lets application calls still running finish and send their answers (for at most
    /// `drainLimit`: the `shutdown` or `restart` call that ended the daemon gets its `true`), closes all
    /// connections (log tails included), and stops the event loop threads.
    public func shutdown(drainLimit: Duration = .seconds(5)) async {
        for channel in serverChannels { try? await channel.close() }
        serverChannels.removeAll()
        await applicationCalls.waitUntilIdle(limit: drainLimit)
        for channel in connections.removeAll() { try? await channel.close() }
        // An application call finishing after its loop has stopped could not be delivered (NIO refuses, and will
        // crash in future versions), so the loops live until every call has come back.
        await applicationCalls.waitUntilIdle()
        if let group {
            self.group = nil
            try? await group.shutdownGracefully()
        }
    }

    /// How many client connections are open (for tests and status).
    public var openConnectionCount: Int { connections.count }

    private func adopt(_ listener: BoundListener, group: MultiThreadedEventLoopGroup) async throws -> any Channel {
        let settings = HTTPConnectionHandler.Settings(
            application: application,
            authenticator: listener.config.username.map {
                BasicAuthenticator(username: $0, password: listener.config.password ?? "")
            },
            options: options, serverSection: listener.config.section, listener: listener.address,
            applicationCalls: applicationCalls)
        let connections = self.connections
        var bootstrap = ServerBootstrap(group: group)
            .childChannelOption(.autoRead, value: true)
            .childChannelInitializer { channel in
                channel.eventLoop.makeCompletedFuture {
                    connections.add(channel)
                    channel.closeFuture.whenComplete { _ in connections.remove(channel) }
                    try Self.addHTTPHandlers(to: channel.pipeline.syncOperations, settings: settings)
                }
            }
        if case .inet = listener.address {
            bootstrap = bootstrap.childChannelOption(.tcpOption(.tcp_nodelay), value: 1)
        }
        let channel = try await bootstrap.withBoundSocket(listener.fileDescriptor).get()
        // NIO calls listen() again on an adopted socket with its default backlog (128); restore Supervisor's 1024.
        _ = listen(listener.fileDescriptor, 1024)
        return channel
    }
}

extension SupervisorHTTPServer {
    /// The per-connection pipeline: request decoder (with head limits), response encoder (framing headers are
    /// ours), and the connection handler.
    static func addHTTPHandlers(
        to pipeline: ChannelPipeline.SynchronousOperations, settings: HTTPConnectionHandler.Settings
    ) throws {
        let options = settings.options
        var limits = NIOHTTPDecoderLimitConfiguration()
        limits.maxHeaderFieldSize = options.maxHeadSize
        limits.maxHeaderListSize = options.maxHeadSize
        var encoderConfiguration = HTTPResponseEncoder.Configuration()
        encoderConfiguration.automaticallySetFramingHeaders = false
        try pipeline.addHandler(
            ByteToMessageHandler(
                HTTPRequestDecoder(leftOverBytesStrategy: .dropBytes, limitConfiguration: limits),
                maximumBufferSize: options.maxHeadSize + 64 * 1024))
        try pipeline.addHandler(HTTPResponseEncoder(configuration: encoderConfiguration))
        try pipeline.addHandler(HTTPConnectionHandler(settings: settings))
    }

    /// The same pipeline on a channel made elsewhere, for a server with `application` behind it (the HTTP fuzz
    /// target drives it through a test channel).
    /// - Returns: the tracker of the application calls its requests start, so the caller can wait for them.
    package static func addHTTPHandlers(
        to pipeline: ChannelPipeline.SynchronousOperations, application: any HTTPApplication,
        credentials: (username: String, password: String)?, options: HTTPServerOptions, serverSection: String,
        listener: ListenerAddress
    ) throws -> ApplicationCallTracker {
        let settings = HTTPConnectionHandler.Settings(
            application: application,
            authenticator: credentials.map { BasicAuthenticator(username: $0.username, password: $0.password) },
            options: options, serverSection: serverSection, listener: listener)
        try addHTTPHandlers(to: pipeline, settings: settings)
        return settings.applicationCalls
    }
}

/// Counts application calls in flight, so shutdown can wait for them.
/// Protected by its `Mutex`; touched from every event loop thread and from the server actor.
package final class ApplicationCallTracker: Sendable {
    private let state = Mutex<(running: Int, waiters: [CheckedContinuation<Void, Never>])>((0, []))

    func begin() {
        state.withLock { $0.running += 1 }
    }

    func end() {
        let waiters = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.running -= 1
            guard state.running == 0 else { return [] }
            defer { state.waiters.removeAll() }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    /// Waits until no call runs, or `limit` has passed (checked every few milliseconds: this is only used once,
    /// at shutdown).
    func waitUntilIdle(limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while state.withLock({ $0.running }) > 0, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }

    /// Calls in flight now.
    package var running: Int {
        state.withLock { $0.running }
    }

    func waitUntilIdle() async {
        await withCheckedContinuation { continuation in
            let idle = state.withLock { state -> Bool in
                if state.running == 0 { return true }
                state.waiters.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }
}

/// The open client connections, so `shutdown()` can close them.
/// Protected by its `Mutex`; touched from every event loop thread and from the server actor.
private final class ConnectionRegistry: Sendable {
    private let channels = Mutex<[ObjectIdentifier: any Channel]>([:])

    func add(_ channel: any Channel) {
        channels.withLock { $0[ObjectIdentifier(channel)] = channel }
    }

    func remove(_ channel: any Channel) {
        channels.withLock { _ = $0.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    func removeAll() -> [any Channel] {
        channels.withLock { all in
            defer { all.removeAll() }
            return Array(all.values)
        }
    }

    var count: Int { channels.withLock { $0.count } }
}
