import CSupervisorSpawn
import Glibc
import SupervisorConfig
import SupervisorLogs

/// What one attempt to move a pipe's bytes straight into a log file did (see ``LogSplice``).
public enum PipeTransferResult: Sendable {
    /// Some bytes went into the file; try again.
    case moved
    /// The pipe is empty for now.
    case empty
    /// The pipe's writers are gone and it is empty.
    case endOfFile
    /// Not possible now (the file system cannot splice, the log is closed, a write or rotation error): read the
    /// bytes the ordinary way, which also reports the error.
    case unavailable
}

/// The log-capture fast path: when nothing needs to see a channel's bytes, they go from the child's pipe into its
/// log file with splice(2), inside the kernel, instead of being read into the daemon and written back out.
///
/// A channel qualifies when its bytes need no inspection: no capture mode (`*_capture_maxbytes`), no
/// `*_events_enabled`, no `*_syslog`, no `strip_ansi`, no copy into the main log (`loglevel` debug or lower), and
/// its log is a regular file (not `/dev/stdout`, a tty or a pipe). The file is written exactly as the read path
/// writes it: at its end, rotated once it reaches `maxbytes` (each splice is bounded by the bytes left before the
/// threshold, so a rotated file ends exactly at `maxbytes`), and readers of the file (tail -f, readProcessLog) see
/// the same bytes.
enum LogSplice {
    /// Whether a channel's configuration lets its bytes bypass the daemon (the settings are checked per attempt,
    /// since a reload may change them).
    static func qualifies(_ channel: LogChannelConfig) -> Bool {
        channel.captureMaxBytes == 0 && !channel.eventsEnabled && !channel.syslog
    }

    /// The capacity a spliced pipe is given: a flooding child then wakes the daemon, and is woken, once per
    /// up to 512 KiB instead of once per 64 KiB (the kernel allocates the pages only as they fill, so a quiet child
    /// costs nothing). Measured (bench logflood, 8 writers, loaded 2-core machine): 64 KiB 0.86 CPU-s/GB; 256 KiB
    /// 0.52 at 569 MB/s; 512 KiB 0.48 at 590 MB/s; 1 MiB 0.44 at 449 MB/s (more pages cycling through the cache).
    static let pipeCapacity: Int32 = 512 * 1024

    /// Called once per spliced pipe before the first read. Only as root: for an unprivileged user the kernel
    /// counts every pipe's capacity against `pipe-user-pages-soft`, and once over it every new pipe of that user
    /// (the next children's included) is cut to one page.
    static func prepare(pipe: Int32) {
        if geteuid() == 0 { _ = svd_set_pipe_size(pipe, pipeCapacity) }
    }

    /// Moves what `pipe` holds (up to the rotation threshold) into `log`.
    static func move(from pipe: Int32, into log: RotatingLogFile) -> PipeTransferResult {
        guard log.acceptsTransfers else { return .unavailable }
        var failure: Int32 = 0
        let moved: Int
        do throws(LogFileError) {
            moved = try log.appendTransferred { fileDescriptor, offset, limit in
                let n = svd_splice_to_file(pipe, fileDescriptor, Int64(offset), limit)
                if n < 0 { failure = errno }
                return n
            }
        } catch {
            return .unavailable
        }
        if moved > 0 { return .moved }
        if moved == 0 { return .endOfFile }
        return failure == EAGAIN || failure == EWOULDBLOCK ? .empty : .unavailable
    }
}
