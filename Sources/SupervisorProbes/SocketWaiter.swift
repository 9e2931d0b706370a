import Glibc
import Synchronization

/// One thread that waits, with poll(2), until probe sockets become readable or writable or their deadline passes,
/// and resumes the task waiting for each.
///
/// Every wait is one-shot: the descriptor is watched for one readiness and dropped before its waiter resumes, so
/// the caller may close it at once. The thread sleeps until the earliest deadline (or for ever when nothing
/// waits); a new wait wakes it through a pipe so that it watches the new descriptor too. poll(2) rather than
/// epoll: a probe's socket lives for one try, so a registration would be made and removed per wait anyway, and
/// the set polled at once stays small (the probes in flight).
final class SocketWaiter: Sendable {
    static let shared = SocketWaiter()

    /// What a wait is for.
    enum Readiness {
        case readable
        case writable
    }

    private struct Entry {
        var fileDescriptor: Int32
        var events: Int16
        var deadline: UInt64
        var continuation: CheckedContinuation<Bool, Never>
    }

    private struct State {
        var nextID: UInt64 = 1
        var waiting: [UInt64: Entry] = [:]
        /// Whether the thread is in poll(2) (or about to be) and must be woken for a new wait.
        var polling = false
    }

    /// The wake-up pipe: read end polled by the thread, write end written by `wait`.
    private let wakeRead: Int32
    private let wakeWrite: Int32
    private let state = Mutex(State())

    private init() {
        var fds: [Int32] = [-1, -1]
        _ = pipe(&fds)
        for fd in fds {
            _ = fcntl(fd, F_SETFD, FD_CLOEXEC)
            _ = fcntl(fd, F_SETFL, O_NONBLOCK)
        }
        wakeRead = fds[0]
        wakeWrite = fds[1]
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
            let events = Int16(readiness == .readable ? POLLIN : POLLOUT)
            let wake = state.withLock { state -> Bool in
                state.waiting[state.nextID] = Entry(
                    fileDescriptor: fd, events: events, deadline: deadline, continuation: continuation)
                state.nextID += 1
                defer { state.polling = false }
                return state.polling
            }
            if wake {
                var one: UInt8 = 1
                _ = Glibc.write(wakeWrite, &one, 1)
            }
        }
    }

    private func loop() {
        var fds: [pollfd] = []
        var ids: [UInt64] = []
        var drain = [UInt8](repeating: 0, count: 64)
        while true {
            fds.removeAll(keepingCapacity: true)
            ids.removeAll(keepingCapacity: true)
            fds.append(pollfd(fd: wakeRead, events: Int16(POLLIN), revents: 0))
            let timeout = state.withLock { state -> Int32 in
                var earliest = UInt64.max
                for (id, entry) in state.waiting {
                    fds.append(pollfd(fd: entry.fileDescriptor, events: entry.events, revents: 0))
                    ids.append(id)
                    earliest = min(earliest, entry.deadline)
                }
                state.polling = true
                if earliest == .max { return -1 }
                let now = Self.now()
                guard earliest > now else { return 0 }
                // Rounded up, so a wake-up is never early.
                return Int32(clamping: (earliest - now + 999_999) / 1_000_000)
            }
            let count = poll(&fds, nfds_t(fds.count), timeout)
            if count > 0 && fds[0].revents != 0 {
                while read(wakeRead, &drain, drain.count) > 0 {}
            }
            let now = Self.now()
            var resumed: [(CheckedContinuation<Bool, Never>, Bool)] = []
            state.withLock { state in
                state.polling = false
                for index in 1..<fds.count {
                    let id = ids[index - 1]
                    guard let entry = state.waiting[id] else { continue }
                    if count > 0 && fds[index].revents != 0 {
                        state.waiting[id] = nil
                        resumed.append((entry.continuation, true))
                    } else if entry.deadline <= now {
                        state.waiting[id] = nil
                        resumed.append((entry.continuation, false))
                    }
                }
            }
            for (continuation, ready) in resumed { continuation.resume(returning: ready) }
        }
    }
}
