/// Removes ANSI escape sequences from child output when `strip_ansi=true`, exactly as
/// Supervisor's `stripEscapes` (`supervisor/dispatchers.py`) does.
///
/// Supervisor's rule is a small scanner, not a regex: from each `ESC [` it drops every byte
/// up to and including the first byte in `H f A B C D R s u J K h l p m`, whatever lies in
/// between. Consequences copied on purpose:
/// - a sequence with an unexpected final byte runs on to the next terminator letter
///   (`ESC[1;2Xhello` → `ello`);
/// - other escapes (`ESC ]` OSC titles, a lone `ESC`) are kept;
/// - it works per chunk with no memory: a chunk ending inside a sequence drops the rest of
///   that chunk, and the next chunk starts fresh, so a sequence split across two reads
///   leaves its tail (`31m…`) in the log; an `ESC` at the end of one chunk and `[` at the
///   start of the next are both kept.
public enum AnsiStripper {
    private static let escape: UInt8 = 0x1B
    private static let bracket = UInt8(ascii: "[")

    /// Whether `byte` ends a sequence (Supervisor's `ANSI_TERMINATORS`).
    static func isTerminator(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: "H"), UInt8(ascii: "f"), UInt8(ascii: "A"), UInt8(ascii: "B"),
            UInt8(ascii: "C"), UInt8(ascii: "D"), UInt8(ascii: "R"), UInt8(ascii: "s"),
            UInt8(ascii: "u"), UInt8(ascii: "J"), UInt8(ascii: "K"), UInt8(ascii: "h"),
            UInt8(ascii: "l"), UInt8(ascii: "p"), UInt8(ascii: "m"):
            return true
        default:
            return false
        }
    }

    /// `chunk` with its escape sequences removed. Returns `chunk` itself (no copy) when it
    /// holds no `ESC [`.
    public static func strip(_ chunk: [UInt8]) -> [UInt8] {
        chunk.withUnsafeBytes { buffer in
            firstEscape(in: buffer, from: 0) == nil ? chunk : strip(buffer)
        }
    }

    /// The bytes of `chunk` with its escape sequences removed.
    public static func strip(_ chunk: UnsafeRawBufferPointer) -> [UInt8] {
        var result: [UInt8] = []
        result.reserveCapacity(chunk.count)
        var index = 0
        var showing = true
        while index < chunk.count {
            if !showing {
                if isTerminator(chunk[index]) { showing = true }
                index += 1
            } else if let start = firstEscape(in: chunk, from: index) {
                result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[index..<start]))
                // Supervisor steps past the ESC; the `[` is then looked at as a candidate
                // terminator (it is not one) and skipped.
                index = start + 1
                showing = false
            } else {
                result.append(contentsOf: UnsafeRawBufferPointer(rebasing: chunk[index...]))
                break
            }
        }
        return result
    }

    /// The index of the next `ESC [` at or after `start` (Python's `s.find(b'\x1b[', i)`).
    private static func firstEscape(in chunk: UnsafeRawBufferPointer, from start: Int) -> Int? {
        var index = start
        while index + 1 < chunk.count {
            if chunk[index] == escape && chunk[index + 1] == bracket { return index }
            index += 1
        }
        return nil
    }
}
