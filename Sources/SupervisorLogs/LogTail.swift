/// The answer of ``LogReader/tailLog(path:offset:length:)``: Supervisor's
/// `[data, newoffset, overflow]` triple from `tailProcess*Log`.
public struct LogTail: Sendable, Equatable {
    /// The bytes read, exactly as in the file (decoding them is the caller's job).
    public var bytes: [UInt8]
    /// Where the next poll should start: the file's size when it was read (or, on errors,
    /// what Supervisor answers then; see ``LogReader/tailLog(path:offset:length:)``).
    public var newOffset: Int
    /// Whether the file had grown beyond `offset + length`, so bytes were skipped.
    public var overflow: Bool

    /// A tail answer.
    public init(bytes: [UInt8], newOffset: Int, overflow: Bool) {
        self.bytes = bytes
        self.newOffset = newOffset
        self.overflow = overflow
    }
}
