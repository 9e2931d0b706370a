import CSupervisorSpawn
import Glibc
import Synchronization

/// One thread that waits, with epoll, for child output pipes to become readable, and tells their readers.
///
/// Why not Dispatch read sources: libdispatch's epoll backend mishandles a pipe whose writer has gone
/// (EPOLLIN|EPOLLHUP together; SR-9033) and, when such sources were cancelled while a group of processes died at
/// once, crashed its manager thread in `_dispatch_event_loop_drain`. Here each pipe is registered one-shot: the
/// poller reports it once, the reader reads on its own queue and re-arms it, so the reading itself still happens
/// on the runtime's serial queue and the poller never touches a descriptor after it was unregistered.
final class PipePoller: Sendable {
    static let shared = PipePoller()

    private struct Registration {
        var fileDescriptor: Int32
        var ready: @Sendable () -> Void
    }

    private let epollFD: Int32
    // Registrations by id (never by fd: a closed fd number is reused at once).
    private let registrations = Mutex<(next: UInt64, byID: [UInt64: Registration])>((1, [:]))

    private init() {
        epollFD = svd_epoll_create()
        let box = Unmanaged.passRetained(self)
        var thread = pthread_t()
        _ = pthread_create(&thread, nil, { raw in
            let poller = Unmanaged<PipePoller>.fromOpaque(raw!).takeRetainedValue()
            poller.loop()
            return nil
        }, box.toOpaque())
        pthread_detach(thread)
    }

    /// A new registration id; take it before `register` so a reader knows its id before it can be called.
    func reserveID() -> UInt64 {
        registrations.withLock { state in
            defer { state.next += 1 }
            return state.next
        }
    }

    /// Watches `fd` under `id`; `ready` runs on the poller thread once it is readable (or hung up). Call `rearm`
    /// after reading to be told again.
    func register(_ fd: Int32, id: UInt64, ready: @escaping @Sendable () -> Void) {
        registrations.withLock { $0.byID[id] = Registration(fileDescriptor: fd, ready: ready) }
        _ = svd_epoll_watch_oneshot(epollFD, fd, id, 0)
    }

    func rearm(_ fd: Int32, id: UInt64) {
        _ = svd_epoll_watch_oneshot(epollFD, fd, id, 1)
    }

    /// Stops watching; the caller may close `fd` once this returns.
    func unregister(_ fd: Int32, id: UInt64) {
        _ = svd_epoll_unwatch(epollFD, fd)
        registrations.withLock { _ = $0.byID.removeValue(forKey: id) }
    }

    private func loop() {
        var ids = [UInt64](repeating: 0, count: 64)
        while true {
            let n = svd_epoll_wait_ids(epollFD, &ids, Int32(ids.count), -1)
            if n <= 0 { continue }
            for i in 0..<Int(n) {
                let id = ids[i]
                let ready = registrations.withLock { $0.byID[id]?.ready }
                ready?()
            }
        }
    }
}
