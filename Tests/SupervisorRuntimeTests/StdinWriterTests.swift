import Dispatch
import Glibc
import Synchronization
import Testing

@testable import SupervisorRuntime

@Suite struct StdinWriterTests {
    @Test func stdinWriterFeedsTheChild() throws {
        let child = try ChildSpawner().spawn(SpawnSpec(name: "cat", executablePath: "/bin/cat", arguments: ["cat"], environment: []))
        let collector = OutputCollector()
        collector.attach(child)
        let queue = DispatchQueue(label: "test.stdin")
        let big = [UInt8](repeating: UInt8(ascii: "x"), count: 300_000)  // more than a pipe holds
        let writer = queue.sync { () -> StdinWriter in
            let writer = StdinWriter(fileDescriptor: child.stdin!, queue: queue)
            #expect(writer.write(Array("hello\n".utf8)))
            #expect(writer.write(big))
            return writer
        }
        #expect(eventually { queue.sync { writer.pendingCount == 0 } })
        queue.sync { writer.close() }
        #expect(waitForExit(pid: child.pid, pidfd: child.pidfd)?.exitStatus == 0)
        #expect(eventually { collector.isDrained })
        #expect(collector.state.withLock { $0.stdout.count } == 6 + big.count)
        #expect(collector.stdout.hasPrefix("hello\nxxx"))
        if let pidfd = child.pidfd { close(pidfd) }
    }

    /// EPIPE closes the channel and never raises SIGPIPE in the daemon.
    @Test func writingToAnExitedChildClosesTheChannel() throws {
        let child = try ChildSpawner().spawn(SpawnSpec(name: "true", executablePath: "/bin/true", arguments: ["true"], environment: []))
        #expect(waitForExit(pid: child.pid, pidfd: child.pidfd)?.exitStatus == 0)
        let queue = DispatchQueue(label: "test.stdin")
        let closedCalls = Mutex(0)
        let writer = StdinWriter(fileDescriptor: child.stdin!, queue: queue, onClosed: { closedCalls.withLock { $0 += 1 } })
        // Usually the first write fails. But a child that another test is
        // forking at this moment holds a copy of every pipe until its exec,
        // so the read end may briefly still be open somewhere.
        #expect(eventually { queue.sync { !writer.write(Array("hello\n".utf8)) } })
        queue.sync {
            #expect(writer.isClosed)
            #expect(writer.write([1]) == false)
        }
        #expect(closedCalls.withLock { $0 } == 1)
        close(child.stdout)
        if let stderr = child.stderr { close(stderr) }
        if let pidfd = child.pidfd { close(pidfd) }
    }
}
