import CSupervisorSpawn
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
        #expect(largest <= PipeReader.supervisorReadSize)
        if let pidfd = child.pidfd { close(pidfd) }
    }

    /// A pipe enlarged beyond one of Supervisor's reads (as the runtime does for spliced channels) is emptied by
    /// one read, so a chunk ends where one of the writer's writes ended, never inside it.
    @Test func oneReadEmptiesAnEnlargedPipe() throws {
        var fds: [Int32] = [0, 0]
        try #require(pipe(&fds) == 0)
        try #require(svd_set_pipe_size(fds[0], 512 * 1024) >= 512 * 1024)
        #expect(fcntl(fds[0], F_SETFL, fcntl(fds[0], F_GETFL) | O_NONBLOCK) == 0)
        let line = [UInt8](repeating: UInt8(ascii: "x"), count: 99) + [UInt8(ascii: "\n")]
        for _ in 0..<3000 {
            #expect(line.withUnsafeBytes { write(fds[1], $0.baseAddress, $0.count) } == line.count)
        }
        close(fds[1])
        let chunks = Mutex<[Int]>([])
        let ended = Mutex(false)
        _ = PipeReader(
            fileDescriptor: fds[0], queue: DispatchQueue(label: "test.enlarged"),
            onData: { bytes in chunks.withLock { $0.append(bytes.count) } },
            onEOF: { ended.withLock { $0 = true } })
        #expect(eventually { ended.withLock { $0 } })
        #expect(chunks.withLock { $0 } == [300_000])
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
