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
    /// Not possible now (the file system cannot splice, the log is closed or dropping its output after a failure, a
    /// write error): read the bytes the ordinary way, which also reports the error or counts the bytes dropped.
    case unavailable
}

/// The log-capture fast path: when nothing needs to see a channel's bytes, they go from the child's pipe into its
/// log file with splice(2), inside the kernel, instead of being read into the daemon and written back out.
///
/// A channel qualifies when its bytes need no inspection: no capture mode (`*_capture_maxbytes`), no
/// `*_events_enabled`, no `*_syslog`, no `strip_ansi`, no copy into the main log (`loglevel` debug or lower), and
/// its log is a regular file (not `/dev/stdout`, a tty or a pipe). The file is written as the read path writes it:
/// at its end, and readers of the file (tail -f, readProcessLog) see the same bytes. Each splice takes everything
/// the pipe holds, as one read does, and the file rotates after a splice that took it to `maxbytes` or beyond, as
/// Supervisor rotates after writing a read: so a rotated file ends where one of the child's writes ended (a line
/// written with one `write(2)` of up to `PIPE_BUF` bytes is never split across two files), and passes `maxbytes`
/// by less than the pipe's capacity (``pipeCapacity(for:)``).
enum LogSplice {
    /// Whether a channel's configuration lets its bytes bypass the daemon (the settings are checked per attempt,
    /// since a reload may change them).
    static func qualifies(_ channel: LogChannelConfig) -> Bool {
        channel.captureMaxBytes == 0 && !channel.eventsEnabled && !channel.syslog
    }

    /// The capacity a spliced pipe is given, in bytes, or `nil` to keep the kernel's 64 KiB. A flooding child then
    /// wakes the daemon, and is woken, once per up to 512 KiB instead of once per 64 KiB (the kernel allocates the
    /// pages only as they fill, so a quiet child costs nothing). Measured (bench logflood, 8 writers, loaded
    /// 2-core machine): 64 KiB 0.86 CPU-s/GB; 256 KiB 0.52 at 569 MB/s; 512 KiB 0.48 at 590 MB/s; 1 MiB 0.44 at
    /// 449 MB/s (more pages cycling through the cache).
    ///
    /// A rotated file may pass `maxbytes` by up to what the pipe holds, so a rotating log's pipe gets at most a
    /// sixteenth of `maxbytes`, rounded down to a power of two: 512 KiB from 8 MiB up (the default 50MB included),
    /// 256 KiB from 4 MiB, 128 KiB (one of Supervisor's reads) from 2 MiB, and below that the kernel's 64 KiB, the
    /// capacity Supervisor's pipes have.
    static func pipeCapacity(for policy: RotationPolicy) -> Int32? {
        var capacity = 512 * 1024
        if policy.rotates {
            while capacity > 64 * 1024 && capacity > policy.maxBytes / 16 { capacity /= 2 }
        }
        return capacity > 64 * 1024 ? Int32(capacity) : nil
    }

    /// The most one splice may move: more than any pipe given ``pipeCapacity(for:)`` holds, so a splice that moves
    /// less has emptied the pipe (``RotatingLogFile/appendTransferred(chunk:_:)`` rotates only after such a one).
    static let chunk = 1 << 20

    /// Called once per spliced pipe before the first read. Only as root: for an unprivileged user the kernel
    /// counts every pipe's capacity against `pipe-user-pages-soft`, and once over it every new pipe of that user
    /// (the next children's included) is cut to one page.
    static func prepare(pipe: Int32, for policy: RotationPolicy) {
        if geteuid() == 0, let capacity = pipeCapacity(for: policy) { _ = svd_set_pipe_size(pipe, capacity) }
    }

    /// Moves what `pipe` holds into `log`, then rotates it if it reached `maxbytes`. A rotation that fails after
    /// bytes were moved (they are in the file) goes to `rotationFailed`; the next transfer tries it again.
    static func move(from pipe: Int32, into log: RotatingLogFile,
                     rotationFailed: (LogFileError) -> Void) -> PipeTransferResult {
        guard log.acceptsTransfers else { return .unavailable }
        var failure: Int32 = 0
        let moved: Int
        do throws(LogFileError) {
            moved = try log.appendTransferred(chunk: chunk) { fileDescriptor, offset, length in
                let n = svd_splice_to_file(pipe, fileDescriptor, Int64(offset), length)
                if n < 0 { failure = errno }
                return n
            }
        } catch where error == log.rotationFailure {
            rotationFailed(error)
            return .moved
        } catch {
            return .unavailable
        }
        if moved > 0 { return .moved }
        if moved == 0 { return .endOfFile }
        return failure == EAGAIN || failure == EWOULDBLOCK ? .empty : .unavailable
    }
}
