/// When to rotate a log file and which renames a rotation performs, as data.
///
/// This is the pure half of rotation (STYLE §6); ``RotatingLogFile`` carries the steps out.
/// It copies `RotatingFileHandler.doRollover` in `supervisor/loggers.py`:
///
/// - rotate after a write once the file's size is `>= maxBytes`, and never when
///   `maxBytes <= 0`;
/// - for `i = backups-1 … 1`, if `<f>.i` exists rename it to `<f>.(i+1)` (removing the
///   destination first); rename `<f>` to `<f>.1`; reopen `<f>` truncated;
/// - with `backups <= 0`, only the truncating reopen (the content is dropped).
///
/// So `.1` is the newest backup and `.backups` the oldest; a file may exceed `maxBytes` by
/// up to one write. Backups numbered above `backups` (left by an earlier config) are never
/// touched, as in Supervisor.
public struct RotationPolicy: Sendable, Equatable {
    /// The size at which the file is rotated; `0` or less means never.
    public var maxBytes: Int
    /// How many numbered backups to keep; `0` or less means truncate in place.
    public var backups: Int

    /// A policy; see the type's documentation for what the values mean.
    public init(maxBytes: Int, backups: Int) {
        self.maxBytes = maxBytes
        self.backups = backups
    }

    /// A policy that never rotates (`maxBytes = 0`).
    public static let never = RotationPolicy(maxBytes: 0, backups: 0)

    /// Whether this policy can ever rotate.
    public var rotates: Bool { maxBytes > 0 }

    /// Whether a file that is now `currentSize` bytes long must be rotated.
    public func shouldRotate(currentSize: Int) -> Bool {
        maxBytes > 0 && currentSize >= maxBytes
    }

    /// One file operation of a rotation.
    public enum Step: Sendable, Equatable {
        /// Shift an older backup: if `from` exists, remove `to` and rename `from` to `to`.
        /// A source or destination that vanishes meanwhile (`ENOENT`) is not an error.
        case shiftBackupIfExists(from: String, to: String)
        /// Move the live file aside: remove `to`, rename the live file `from` to `to`.
        /// A missing live file (`ENOENT`, e.g. a cleanup script removed it) is not an error.
        case moveLiveFile(from: String, to: String)
        /// Open the live file name again, created if needed and truncated, and write there.
        case reopenTruncated(path: String)
    }

    /// The steps that rotate the live file at `path`, in order.
    public func steps(forPath path: String) -> [Step] {
        var steps: [Step] = []
        if backups > 0 {
            steps.reserveCapacity(backups + 1)
            // Supervisor: range(backupCount - 1, 0, -1)
            var index = backups - 1
            while index >= 1 {
                steps.append(.shiftBackupIfExists(from: "\(path).\(index)", to: "\(path).\(index + 1)"))
                index -= 1
            }
            steps.append(.moveLiveFile(from: path, to: "\(path).1"))
        }
        steps.append(.reopenTruncated(path: path))
        return steps
    }
}
