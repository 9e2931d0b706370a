import Dispatch
import Glibc
import Synchronization
import Testing

@testable import SupervisorRuntime

@Suite struct PipeReaderTests {

    @Test func largeOutputArrivesWholeInBoundedChunks() throws {
        let child = try ChildSpawner().spawn(shell("head -c 1000000 /dev/zero"))
        let collector = OutputCollector()
        collector.attach(child)
        close(child.stdin!)
        #expect(waitForExit(pid: child.pid, pidfd: child.pidfd)?.exitStatus == 0)
        #expect(eventually { collector.isDrained })
        let (total, largest) = collector.state.withLock { ($0.stdout.count, $0.chunkSizes.max() ?? 0) }
        #expect(total == 1_000_000)
        #expect(largest <= PipeReader.maximumChunk)
        if let pidfd = child.pidfd { close(pidfd) }
    }

    /// Output written just before exit arrives together with the hang-up;
    /// all of it and the EOF must still be delivered.
    @Test func outputWrittenRightBeforeExitIsNotLost() throws {
        for _ in 0..<20 {
            let outcome = try runToCompletion(shell("head -c 300000 /dev/zero; echo done >&2"))
            #expect(outcome.stdout.utf8.count == 300_000)
            #expect(outcome.stderr == "done\n")
        }
    }

    @Test func cancelClosesTheDescriptorWithoutEOF() throws {
        let child = try ChildSpawner().spawn(shell("read line"))
        let queue = DispatchQueue(label: "test.cancel")
        let events = Mutex(0)
        let reader = PipeReader(fileDescriptor: child.stdout, queue: queue, onData: { _ in events.withLock { $0 += 1 } }, onEOF: { events.withLock { $0 += 1 } })
        reader.cancel()
        #expect(eventually { fcntl(child.stdout, F_GETFD) == -1 })
        close(child.stdin!)
        _ = waitForExit(pid: child.pid, pidfd: child.pidfd)
        queue.sync {}
        #expect(events.withLock { $0 } == 0)
        if let stderr = child.stderr { close(stderr) }
        if let pidfd = child.pidfd { close(pidfd) }
    }
}
