import CSupervisorSpawn

/// Process-wide allocator settings for the long-running daemon.
public enum MemoryTuning {
    /// Buffers of 1 MiB and more go back to the system when freed. A large request (up to 16 MiB) is held a few
    /// times over while it is parsed and queued; without this, glibc would keep those buffers in the arenas of the
    /// threads that handled it, and the daemon would stay that much larger. Call it before any thread exists.
    public static func returnLargeBuffersToTheSystem() {
        _ = svd_set_mmap_threshold(1 << 20)
    }
}
