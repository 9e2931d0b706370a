import NIOCore
import NIOHTTP1
import SupervisorWebUI

/// Serves one HTTP/1.x connection the way Supervisor's Medusa server does (rpc.md §1, §10).
///
/// **Consumes** `HTTPServerRequestPart`s from NIO's request decoder and **produces** `HTTPServerResponsePart`s for
/// the response encoder (configured not to add framing headers: this handler writes `Content-Length` or
/// `Transfer-Encoding` itself). It sits last in the pipeline and does its own pipelining: one request is answered at
/// a time, parts of later requests are queued, and reading stops while a queued request waits (so a client that
/// pipelines cannot make it buffer without bound).
///
/// Per request: route (`RequestRouter`), authenticate (every route when the section has a username), check the
/// method and body rules, collect the body, then hand the request to the `HTTPApplication` *off the event loop*
/// and write its answer back on the loop. Log tails (`/logtail`, `/mainlogtail`) become a never-ending streamed
/// response fed by a poll timer on the loop.
///
/// **Closes the connection** after a response when Medusa would (HTTP/1.0 without `Connection: keep-alive`,
/// HTTP/1.1 with `Connection: close`, any other version), after every 401 and 413, on a malformed request (400) or
/// an oversized head (431), when a new connection or a half-sent request stays silent for `idleTimeout`, when a
/// kept-alive connection has no request for `keepAliveTimeout`, and when the peer goes away. A log tail ends only
/// with the connection. When the client may still be sending (413, 431, 400, an early answer to an oversized
/// request), the close lingers (`LingeringCloseHandler`) so that a client writing its whole request before reading
/// still reads the answer.
final class HTTPConnectionHandler: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundIn = HTTPServerResponsePart
    typealias OutboundOut = HTTPServerResponsePart

    /// Everything a connection needs to know about its server; shared by all connections of a listener.
    struct Settings: Sendable {
        var application: any HTTPApplication
        var authenticator: BasicAuthenticator?
        var options: HTTPServerOptions
        var serverSection: String
        var listener: ListenerAddress
        /// Shared by the whole server, so shutdown can wait for calls still running.
        var applicationCalls = ApplicationCallTracker()
    }

    /// A request whose head has been accepted.
    private struct Request {
        var head: HTTPRequestHead
        var route: Route
        var username: String?
    }

    /// A response decided before the body was read (error answers).
    private struct Answer {
        var status: Int
        var headers: [(name: String, value: String)]
        var body: [UInt8]
        var close: Bool
    }

    /// The connection's state. Every case says what leaves it.
    private enum State {
        /// Waiting for a request head. Left by a head (→ `receiving`), a timeout or a parse error (→ `closing`).
        case idle
        /// A head was accepted and its body is arriving: collected into `body` for the application, or dropped
        /// when `earlyAnswer` was already decided (it is sent once the request has ended). Left by the request's
        /// end (→ `processing`, or `idle`/`closing` after an early answer), or by an oversized body (413 →
        /// `closing`).
        case receiving(Request, earlyAnswer: Answer?)
        /// The application is working on the request; later request parts are queued. Left when its answer has
        /// been written (→ `idle`, `streaming` or `closing`).
        case processing
        /// A log tail is being streamed; it never ends by itself. Request parts are dropped. Left only by closing.
        case streaming(LogFileFollower)
        /// The connection is closing or closed; everything is dropped. Final.
        case closing
    }

    private let settings: Settings
    private var state: State = .idle
    /// Parts of pipelined requests that arrived while one was being processed.
    private var queuedParts = CircularBuffer<HTTPServerRequestPart>()
    /// A `read()` was held back because parts are queued.
    private var readHeldBack = false
    /// The body of the request in `receiving`, kept outside the enum so appending to it never copies it.
    private var body = ByteBuffer()
    /// Queued parts are being fed in; a nested answer must not start feeding again (no recursion per request).
    private var resumingQueuedRequests = false
    /// A malformed request arrived while another was being answered: close after that answer.
    private var closeAfterCurrentResponse = false
    private var idleTimer: Scheduled<Void>?
    private var tailTimer: Scheduled<Void>?
    private var timerArmedOnActivation = false
    private var remoteAddress: String?

    init(settings: Settings) {
        self.settings = settings
    }

    // MARK: - Channel events

    func handlerAdded(context: ChannelHandlerContext) {
        if context.channel.isActive { activated(context: context) }
    }

    func channelActive(context: ChannelHandlerContext) {
        activated(context: context)
        context.fireChannelActive()
    }

    private func activated(context: ChannelHandlerContext) {
        guard !timerArmedOnActivation else { return }
        timerArmedOnActivation = true
        if let address = context.channel.remoteAddress, let ip = address.ipAddress, let port = address.port {
            remoteAddress = "\(ip):\(port)"
        }
        armIdleTimer(context: context, after: settings.options.idleTimeout)
    }

    func channelInactive(context: ChannelHandlerContext) {
        tearDown()
        context.fireChannelInactive()
    }

    func handlerRemoved(context: ChannelHandlerContext) {
        tearDown()
    }

    private func tearDown() {
        if case .streaming(let follower) = state { follower.close() }
        state = .closing
        queuedParts.removeAll()
        idleTimer?.cancel()
        idleTimer = nil
        tailTimer?.cancel()
        tailTimer = nil
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        handle(part: unwrapInboundIn(data), context: context)
    }

    /// Holds back reads while a queued request waits, so pipelining cannot grow the queue without bound. While a
    /// request is processed with nothing queued, or a tail streams, reading goes on so a vanished peer is noticed.
    func read(context: ChannelHandlerContext) {
        if case .processing = state, !queuedParts.isEmpty {
            readHeldBack = true
            return
        }
        context.read()
    }

    func channelWritabilityChanged(context: ChannelHandlerContext) {
        if context.channel.isWritable, case .streaming = state, tailTimer == nil { pumpTail(context: context) }
        context.fireChannelWritabilityChanged()
    }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        switch state {
        case .idle, .receiving:
            if error is HTTPParserError || error is ByteToMessageDecoderError.PayloadTooLargeError {
                // Medusa answers a request it cannot parse with 400 (or just drops it); either way the connection
                // cannot continue, since the decoder is out of sync. A head over `maxHeadSize` (a header, or the
                // whole head still unfinished past the decoder's buffer limit) is 431.
                let oversizedHead =
                    error as? HTTPParserError == .headerOverflow
                    || error is ByteToMessageDecoderError.PayloadTooLargeError
                let request = HTTPRequestHead(version: .http1_1, method: .GET, uri: "/")
                writeError(oversizedHead ? 431 : 400, request: request, close: .lingering, context: context)
            } else {
                close(context: context)
            }
        case .processing:
            closeAfterCurrentResponse = true
        case .streaming, .closing:
            close(context: context)
        }
    }

    // MARK: - Requests

    private func handle(part: HTTPServerRequestPart, context: ChannelHandlerContext) {
        switch state {
        case .closing, .streaming:
            return
        case .processing:
            queuedParts.append(part)
        case .idle:
            guard case .head(let head) = part else { return }
            accept(head: head, context: context)
        case .receiving(let request, let earlyAnswer):
            switch part {
            case .head:
                return
            case .body(var chunk):
                armIdleTimer(context: context, after: settings.options.idleTimeout)
                guard earlyAnswer == nil else { return }
                if body.readableBytes + chunk.readableBytes > settings.options.maxBodySize {
                    body = ByteBuffer()
                    writeError(413, request: request.head, close: .lingering, context: context)
                    return
                }
                body.writeBuffer(&chunk)
            case .end:
                cancelIdleTimer()
                if let answer = earlyAnswer {
                    writeResponse(
                        status: answer.status, headers: answer.headers, body: answer.body, request: request.head,
                        close: answer.close ? .yes : .no, context: context)
                } else {
                    let bytes = body.readBytes(length: body.readableBytes) ?? []
                    body = ByteBuffer()
                    dispatch(request, body: bytes, context: context)
                }
            }
        }
    }

    /// Decides, from the head alone, whether the request goes on or gets an early answer. Order as in Supervisor:
    /// authentication first (its handlers are wrapped in the auth handler), then the handler's own checks.
    private func accept(head: HTTPRequestHead, context: ChannelHandlerContext) {
        cancelIdleTimer()
        let route = RequestRouter.route(target: head.uri)
        var request = Request(head: head, route: route, username: nil)
        let declaredLength = head.headers.first(name: "content-length").flatMap { Int($0) }
        let oversized = (declaredLength ?? 0) > settings.options.maxBodySize

        func answerEarly(_ answer: Answer) {
            if oversized {
                // Not worth waiting for a body this big only to drop it: answer now, discard it while closing.
                writeResponse(
                    status: answer.status, headers: answer.headers, body: answer.body, request: head,
                    close: .lingering, context: context)
            } else {
                state = .receiving(request, earlyAnswer: answer)
                armIdleTimer(context: context, after: settings.options.idleTimeout)
            }
        }

        if let authenticator = settings.authenticator {
            guard authenticator.authorize(head.headers["authorization"]) else {
                answerEarly(Self.unauthorized)
                return
            }
            request.username = authenticator.username
        }

        switch route {
        case .xmlrpc, .page:
            if case .xmlrpc = route, head.method != .POST {
                answerEarly(Self.error(400))
                return
            }
            if head.method == .POST && declaredLength == nil {
                answerEarly(Self.error(411))
                return
            }
            if oversized {
                writeError(413, request: head, close: .lingering, context: context)
                return
            }
            if head.headers["expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                context.writeAndFlush(
                    wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: .continue))), promise: nil)
            }
            body = context.channel.allocator.buffer(capacity: declaredLength ?? 0)
            state = .receiving(request, earlyAnswer: nil)
        case .logTail, .mainLogTail:
            guard head.method == .GET else {
                answerEarly(Self.error(400))
                return
            }
            body = ByteBuffer()
            state = .receiving(request, earlyAnswer: nil)
        case .logTailNotFound:
            answerEarly(Self.error(head.method == .GET ? 404 : 400))
            return
        }
        armIdleTimer(context: context, after: settings.options.idleTimeout)
    }

    /// Hands a complete request to the application.
    private func dispatch(_ request: Request, body: [UInt8], context: ChannelHandlerContext) {
        let application = settings.application
        let requestContext = RequestContext(
            serverSection: settings.serverSection, listener: settings.listener, username: request.username,
            remoteAddress: remoteAddress)
        let head = request.head

        switch request.route {
        case .xmlrpc:
            // improvements.md: Supervisor hangs or drops the connection on an empty or non-UTF-8 body.
            guard !body.isEmpty, String(validating: body, as: UTF8.self) != nil else {
                writeError(400, request: head, close: .no, context: context)
                return
            }
            // Another web site's form or fetch can POST XML to /RPC2 through a logged-in browser (text/plain
            // needs no CORS preflight); XML-RPC clients send none of the headers that mark a request cross-site.
            if case .refused = CrossSiteCheck.verdict(headers: head.headers.map { ($0.name, $0.value) }) {
                writeError(403, request: head, close: .no, context: context)
                return
            }
            runApplication(context: context) {
                await application.handleXMLRPC(body: body, context: requestContext)
            } then: { reply in
                switch reply {
                case .response(let xml):
                    self.writeResponse(
                        status: 200, headers: [("Content-Type", "text/xml"), ("Content-Length", String(xml.count))],
                        body: xml, request: head, close: .no, context: context)
                case .badRequest:
                    self.writeError(400, request: head, close: .no, context: context)
                case .internalError:
                    self.writeError(500, request: head, close: .no, context: context)
                }
            }
        case .logTail(let namespec, let channel):
            runApplication(context: context) {
                await application.logTailFile(namespec: namespec, channel: channel)
            } then: { path in
                self.startTail(path: path, processLog: true, request: head, context: context)
            }
        case .mainLogTail:
            runApplication(context: context) {
                await application.mainLogFile()
            } then: { path in
                self.startTail(path: path, processLog: false, request: head, context: context)
            }
        case .page(let path, let query):
            let page = PageRequest(
                method: head.method.rawValue, target: head.uri, path: path, query: query,
                headers: head.headers.map { ($0.name, $0.value) }, body: body, context: requestContext)
            runApplication(context: context) {
                await application.handlePage(page)
            } then: { response in
                self.writeResponse(
                    status: response.status, headers: response.headers, body: response.body, request: head,
                    close: .no, context: context)
            }
        case .logTailNotFound:
            writeError(404, request: head, close: .no, context: context)
        }
    }

    /// Runs `work` in a task, off the event loop, and continues with its result on the loop, unless the
    /// connection went away meanwhile.
    private func runApplication<Result: Sendable>(
        context: ChannelHandlerContext, _ work: @escaping @Sendable () async -> Result,
        then continuation: @escaping (Result) -> Void
    ) {
        state = .processing
        let calls = settings.applicationCalls
        calls.begin()
        context.eventLoop.makeFutureWithTask(work).assumeIsolated().whenSuccess { result in
            defer { calls.end() }
            guard case .processing = self.state else { return }
            continuation(result)
        }
    }

    // MARK: - Responses

    private static let unauthorized = Answer(
        status: 401,
        headers: [
            ("Connection", "close"), ("WWW-Authenticate", "Basic realm=\"default\""),
            ("Content-Length", String(MedusaResponses.errorBody(401).count)), ("Content-Type", "text/html"),
        ],
        body: MedusaResponses.errorBody(401), close: true)

    /// Medusa's `request.error(code)`: `Content-Length`, `Content-Type: text/html`, the small HTML page.
    private static func error(_ status: Int) -> Answer {
        let body = MedusaResponses.errorBody(status)
        return Answer(
            status: status, headers: [("Content-Length", String(body.count)), ("Content-Type", "text/html")],
            body: body, close: false)
    }

    private func writeError(
        _ status: Int, request: HTTPRequestHead, close: CloseAfterResponse, context: ChannelHandlerContext
    ) {
        let answer = Self.error(status)
        writeResponse(
            status: status, headers: answer.headers, body: answer.body, request: request, close: close,
            context: context)
    }

    /// Whether a response ends its connection whatever the request said.
    private enum CloseAfterResponse {
        /// Medusa's keep-alive rules decide.
        case no
        /// Closed once the response is written.
        case yes
        /// The client may still be sending: output shut down once the response is written, the rest of its input
        /// discarded within bounds, then closed (`LingeringCloseHandler`).
        case lingering
    }

    /// The version Medusa answers with: the request's own (1.0 or 1.1); anything else gets 1.1 and a close.
    private static func responseVersion(_ version: HTTPVersion) -> HTTPVersion {
        version == .http1_0 ? .http1_0 : .http1_1
    }

    private static func connectionTokens(_ head: HTTPRequestHead) -> [String] {
        head.headers["connection"].flatMap { $0.split(separator: ",") }.map {
            $0.trimmingCharacters(in: " \t").lowercased()
        }
    }

    /// Writes a complete response, then keeps the connection (→ `idle`) or closes it (→ `closing`) by Medusa's
    /// rules (`http_request.done`): HTTP/1.0 stays open only with `Connection: keep-alive` (answered with
    /// `Connection: Keep-Alive`), HTTP/1.1 unless the client sent `Connection: close`.
    private func writeResponse(
        status: Int, headers: [(name: String, value: String)], body: [UInt8], request: HTTPRequestHead,
        close forced: CloseAfterResponse, context: ChannelHandlerContext
    ) {
        let version = Self.responseVersion(request.version)
        let tokens = Self.connectionTokens(request)
        var close = forced != .no || closeAfterCurrentResponse
        var responseHeaders = HTTPHeaders()
        responseHeaders.add(name: "Server", value: MedusaResponses.serverHeader)
        responseHeaders.add(name: "Date", value: HTTPDate.now())
        for (name, value) in headers { responseHeaders.add(name: name, value: value) }
        if !responseHeaders.contains(name: "content-length") {
            responseHeaders.add(name: "Content-Length", value: String(body.count))
        }
        if request.version == .http1_0 {
            if tokens.contains("keep-alive") && !close {
                responseHeaders.add(name: "Connection", value: "Keep-Alive")
            } else {
                close = true
            }
        } else if request.version == .http1_1 {
            if tokens.contains("close") { close = true }
            if close && !responseHeaders.contains(name: "connection") {
                responseHeaders.add(name: "Connection", value: "close")
            }
        } else {
            close = true
        }

        let head = HTTPResponseHead(
            version: version,
            // `.custom` keeps Medusa's reason phrases (NIO's init(statusCode:) would substitute its own).
            status: .custom(code: UInt(status), reasonPhrase: MedusaResponses.reasonPhrase(status)),
            headers: responseHeaders)
        context.write(wrapOutboundOut(.head(head)), promise: nil)
        if request.method != .HEAD && !body.isEmpty {
            var buffer = context.channel.allocator.buffer(capacity: body.count)
            buffer.writeBytes(body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let written = context.writeAndFlush(wrapOutboundOut(.end(nil)))

        if close && (forced == .lingering || closeAfterCurrentResponse) {
            state = .closing
            lingerBeforeClosing(after: written, context: context)
            return
        }
        if close {
            state = .closing
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        state = .idle
        armIdleTimer(context: context, after: settings.options.keepAliveTimeout)
        resumeQueuedRequests(context: context)
    }

    /// After a response: feeds queued parts of pipelined requests in, then lets reading resume.
    private func resumeQueuedRequests(context: ChannelHandlerContext) {
        guard !resumingQueuedRequests else { return }
        resumingQueuedRequests = true
        defer { resumingQueuedRequests = false }
        while !queuedParts.isEmpty {
            switch state {
            case .idle, .receiving: handle(part: queuedParts.removeFirst(), context: context)
            case .processing, .streaming, .closing: return
            }
        }
        if readHeldBack {
            readHeldBack = false
            context.read()
        }
    }

    /// From now on the rest of the client's input is discarded before it reaches the decoder; once the answer is
    /// out, the output is shut down so the client reads it and then end-of-file.
    private func lingerBeforeClosing(after written: EventLoopFuture<Void>, context: ChannelHandlerContext) {
        cancelIdleTimer()
        queuedParts.removeAll()
        let options = settings.options
        let lingering = LingeringCloseHandler(maxBytes: options.lingerMaxBytes, timeout: options.lingerTimeout)
        do {
            try context.pipeline.syncOperations.addHandler(lingering, position: .first)
        } catch {
            written.assumeIsolated().whenComplete { _ in context.close(promise: nil) }
            return
        }
        if readHeldBack {
            readHeldBack = false
            context.read()
        }
        written.assumeIsolated().whenComplete { result in
            guard case .success = result else {
                context.close(promise: nil)
                return
            }
            let shutDown = context.eventLoop.makePromise(of: Void.self)
            shutDown.futureResult.assumeIsolated().whenFailure { _ in context.close(promise: nil) }
            context.close(mode: .output, promise: shutDown)
        }
    }

    private func close(context: ChannelHandlerContext) {
        if case .closing = state, !context.channel.isActive { return }
        tearDown()
        context.close(promise: nil)
    }

    // MARK: - Log tails

    /// Starts streaming the file behind a tail route, or answers 404. Headers as in `logtail_handler`: `Last-Modified`
    /// (the file's mtime), `Content-Type: text/plain;charset=utf-8`, `X-Accel-Buffering: no` for process logs, no
    /// `Content-Length`; chunked on a kept-alive HTTP/1.1 connection, otherwise a plain body ended by closing.
    ///
    /// Unlike Supervisor, the head goes out at once even when the file is empty (Medusa withholds it until the
    /// first byte of data, a side effect of its producer chain).
    private func startTail(path: String?, processLog: Bool, request: HTTPRequestHead, context: ChannelHandlerContext) {
        guard let path,
            let follower = try? LogFileFollower(path: path, initialBytes: settings.options.tailInitialBytes)
        else {
            writeError(404, request: request, close: .no, context: context)
            return
        }
        let chunked = request.version == .http1_1 && !Self.connectionTokens(request).contains("close")
        var headers = HTTPHeaders()
        headers.add(name: "Server", value: MedusaResponses.serverHeader)
        headers.add(name: "Date", value: HTTPDate.now())
        headers.add(name: "Last-Modified", value: HTTPDate.string(secondsSinceEpoch: follower.modificationTime))
        headers.add(name: "Content-Type", value: "text/plain;charset=utf-8")
        if processLog { headers.add(name: "X-Accel-Buffering", value: "no") }
        if chunked {
            headers.add(name: "Transfer-Encoding", value: "chunked")
        } else if request.version == .http1_1 {
            headers.add(name: "Connection", value: "close")
        }
        let head = HTTPResponseHead(
            version: Self.responseVersion(request.version), status: .ok, headers: headers)
        context.writeAndFlush(wrapOutboundOut(.head(head)), promise: nil)
        state = .streaming(follower)
        // A request pipelined behind a tail can never be answered: drop it, and keep reading so that the peer
        // going away is noticed even while the file is quiet.
        queuedParts.removeAll()
        if readHeldBack {
            readHeldBack = false
            context.read()
        }
        pumpTail(context: context)
    }

    /// One poll of the followed file: sends what is new while the connection can take it (backpressure: a full
    /// write buffer leaves the rest in the file), then schedules the next poll.
    private func pumpTail(context: ChannelHandlerContext) {
        guard case .streaming(let follower) = state else { return }
        tailTimer?.cancel()
        tailTimer = nil
        var budget = settings.options.tailMaxBytesPerPoll
        var wrote = false
        polling: while budget > 0 && context.channel.isWritable {
            let bytes: [UInt8]
            switch follower.poll(maxBytes: min(budget, 64 * 1024)) {
            case .data(let data): bytes = data
            case .truncated: bytes = LogFileFollower.truncationMarker
            case .nothing: break polling
            }
            var buffer = context.channel.allocator.buffer(capacity: bytes.count)
            buffer.writeBytes(bytes)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
            budget -= bytes.count
            wrote = true
        }
        if wrote { context.flush() }
        guard case .streaming = state else { return }
        tailTimer = context.eventLoop.assumeIsolated().scheduleTask(
            in: .nanoseconds(settings.options.tailPollInterval.nanoseconds)
        ) {
            self.tailTimer = nil
            self.pumpTail(context: context)
        }
    }

    // MARK: - Timers

    private func armIdleTimer(context: ChannelHandlerContext, after duration: Duration) {
        idleTimer?.cancel()
        idleTimer = context.eventLoop.assumeIsolated().scheduleTask(in: .nanoseconds(duration.nanoseconds)) {
            self.idleTimer = nil
            switch self.state {
            case .idle, .receiving: self.close(context: context)
            case .processing, .streaming, .closing: break
            }
        }
    }

    private func cancelIdleTimer() {
        idleTimer?.cancel()
        idleTimer = nil
    }
}

@available(*, unavailable)
extension HTTPConnectionHandler: Sendable {}

extension StringProtocol {
    fileprivate func trimmingCharacters(in set: String) -> String {
        let characters = Set(set)
        var slice = Substring(self)
        while let first = slice.first, characters.contains(first) { slice.removeFirst() }
        while let last = slice.last, characters.contains(last) { slice.removeLast() }
        return String(slice)
    }
}
