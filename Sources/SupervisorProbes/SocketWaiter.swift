import CSupervisorSpawn
import Glibc
import Synchronization

/// One thread that waits, with epoll(7), until probe sockets become readable or writable or their deadline passes,
/// and runs the handler of each wait there, on the thread itself.
///
/// A handler either finishes the wait (its completion runs once the descriptor is out of the epoll set, so the
/// caller may close or reuse it at once) or asks for more (`.again`: the same readiness and deadline are watched
/// again). An HTTP probe reads and parses its whole response in such a handler, so a probe costs one hop to this
/// thread and one back, however many segments the answer takes.
///
/// epoll rather than poll(2): a descriptor is added to the set by the waiting task itself, so the thread needs no
/// wake-up for it. The thread is woken (through a pipe) only when a new deadline is earlier than the moment
/// it sleeps until; while probes come and go it sleeps at most ``idleNap`` between them, so a steady stream of
/// probes causes no wake-ups at all.
final class SocketWaiter: Sendable {
    static let shared = SocketWaiter()

    /// What a wait is for.
    enum Readiness {
        case readable
        case writable
    }

    /// What a handler wants after it ran.
    enum Step {
        /// Watch the same descriptor for the same readiness again, until the same deadline.
        case again
        /// The wait is over: `completion` runs once the descriptor has left the set.
        case done(@Sendable () -> Void)
    }

    /// Called on the waiter's thread: `true` when the descriptor is ready (or hung up, or in error: the next call
    /// on it says which), `false` at the deadline (the handler must then answer `.done`).
    typealias Handler = @Sendable (_ ready: Bool) -> Step

    /// How long the thread sleeps with nothing to wait for, while probes ran in the last ``idleWindow``
    /// nanoseconds (after that it sleeps until woken).
    static let idleNap: UInt64 = 1_000_000_000
    static let idleWindow: UInt64 = 30_000_000_000

    private struct Entry {
        var fileDescriptor: Int32
        var output: Bool
        var deadline: UInt64
        var handler: Handler
    }

    private struct State {
        var nextID: UInt64 = 1
        var waiting: [UInt64: Entry] = [:]
        /// The monotonic moment the thread sleeps until in epoll_wait (`.max`: until woken); 0 while awake.
        var sleepingUntil: UInt64 = 0
        var lastActivity: UInt64 = 0
    }

    private let epoll: Int32
    /// The wake-up pipe: read end in the epoll set (id 0), write end written by `watch`.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let state = Mutex(State())

    private init() {
        epoll = svd_epoll_create()
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
        _ = svd_epoll_watch_oneshot(epoll, wakeRead, 0, 0)
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        _ = pthread_create(&thread, nil, { raw in
            let waiter = Unmanaged<SocketWaiter>.fromOpaque(raw!).takeRetainedValue()
            waiter.loop()
            return nil
        }, box.toOpaque())
        pthread_detach(thread)
    }

    /// Now on the monotonic clock, in nanoseconds.
    static func now() -> UInt64 {
        var spec = timespec()
        clock_gettime(CLOCK_MONOTONIC, &spec)
        return UInt64(spec.tv_sec) * 1_000_000_000 + UInt64(spec.tv_nsec)
    }

    /// Waits until `fd` is ready or the monotonic clock reaches `deadline`.
    /// - Returns: true when ready (or hung up, or in error: the next call on it says which), false at the deadline.
    func wait(_ fd: Int32, for readiness: Readiness, deadline: UInt64) async -> Bool {
        if deadline <= Self.now() { return false }
        return await withCheckedContinuation { continuation in
            watch(fd, for: readiness, deadline: deadline) { ready in
                .done { continuation.resume(returning: ready) }
            }
        }
    }

    /// Watches `fd` until `handler` says it is done; the handler runs on the waiter's thread.
    func watch(_ fd: Int32, for readiness: Readiness, deadline: UInt64, handler: @escaping Handler) {
        let output = readiness == .writable
        let now = Self.now()
        let (id, wakeUp) = state.withLock { state -> (UInt64, Bool) in
            let id = state.nextID
            state.nextID += 1
            state.waiting[id] = Entry(fileDescriptor: fd, output: output, deadline: deadline, handler: handler)
            state.lastActivity = now
            return (id, state.sleepingUntil != 0 && deadline < state.sleepingUntil)
        }
        if arm(fd, output: output, id: id, modify: false) != 0 && arm(fd, output: output, id: id, modify: true) != 0 {
            // Not pollable (closed under us?): let the handler's next call find out.
            guard let entry = state.withLock({ $0.waiting.removeValue(forKey: id) }) else { return }
            if case .done(let completion) = entry.handler(true) { completion() } else { finish(entry, ready: false) }
            return
        }
        if wakeUp {
            var one: UInt8 = 1
            _ = Glibc.write(wakeWrite, &one, 1)
        }
    }

    private func arm(_ fd: Int32, output: Bool, id: UInt64, modify: Bool) -> Int32 {
        output ? svd_epoll_watch_oneshot_out(epoll, fd, id, modify ? 1 : 0)
            : svd_epoll_watch_oneshot(epoll, fd, id, modify ? 1 : 0)
    }

    private func finish(_ entry: Entry, ready: Bool) {
        _ = svd_epoll_unwatch(epoll, entry.fileDescriptor)
        if case .done(let completion) = entry.handler(ready) {
            completion()
        } else if !ready {
            preconditionFailure("a SocketWaiter handler must finish at its deadline")
        }
    }

    private func loop() {
        var ids = [UInt64](repeating: 0, count: 64)
        var drain = [UInt8](repeating: 0, count: 64)
        while true {
            let timeout = state.withLock { state -> Int32 in
                let now = Self.now()
                var until = UInt64.max
                if state.waiting.isEmpty {
                    if now &- state.lastActivity < Self.idleWindow { until = now + Self.idleNap }
                } else {
                    for entry in state.waiting.values { until = min(until, entry.deadline) }
                    until = min(until, now + Self.idleNap)
                }
                state.sleepingUntil = until
                if until == .max { return -1 }
                guard until > now else { return 0 }
                // Rounded up, so a wake-up is never early.
                return Int32(clamping: (until - now + 999_999) / 1_000_000)
            }
            let count = svd_epoll_wait_ids(epoll, &ids, Int32(ids.count), timeout)
            state.withLock { $0.sleepingUntil = 0 }
            for index in 0..<max(0, Int(count)) {
                let id = ids[index]
                if id == 0 {
                    while read(wakeRead, &drain, drain.count) > 0 {}
                    _ = svd_epoll_watch_oneshot(epoll, wakeRead, 0, 1)
                    continue
                }
                guard let entry = state.withLock({ $0.waiting.removeValue(forKey: id) }) else { continue }
                switch entry.handler(true) {
                case .done(let completion):
                    _ = svd_epoll_unwatch(epoll, entry.fileDescriptor)
                    completion()
                case .again:
                    state.withLock { $0.waiting[id] = entry }
                    _ = arm(entry.fileDescriptor, output: entry.output, id: id, modify: true)
                }
            }
            let now = Self.now()
            let expired = state.withLock { state -> [Entry] in
                var expired: [Entry] = []
                for (id, entry) in state.waiting where entry.deadline <= now {
                    state.waiting[id] = nil
                    expired.append(entry)
                }
                return expired
            }
            for entry in expired { finish(entry, ready: false) }
        }
    }
}
