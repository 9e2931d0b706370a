/// What ``RotatingLogFile`` reports when it writes again after a failure had made it drop output: the file was
/// reopened (``RotatingLogFile/reopen()``, ``RotatingLogFile/clear()``) or rotated, and `droppedBytes` bytes given to
/// it meanwhile never reached a file.
public struct LogResumption: Equatable, Sendable {
    /// The bytes dropped from the failed write on (the part of that write that was not written included).
    public let droppedBytes: Int

    public init(droppedBytes: Int) {
        self.droppedBytes = droppedBytes
    }
}
