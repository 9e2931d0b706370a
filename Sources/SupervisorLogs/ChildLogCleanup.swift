#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The startup cleanup of old AUTO child logs in `childlogdir`, as Supervisor's
/// `clear_autochildlogdir` (`supervisor/options.py`) does it.
///
/// Supervisor lists the directory and removes every name that
/// `re.match(r'.+?---<identifier>-\S+\.log\.{0,1}\d{0,4}', name)` accepts. `re.match` is
/// anchored at the start only, and the tail `\.{0,1}\d{0,4}` can match nothing, so the
/// test is: some non-empty prefix without a newline, then `---<identifier>-`, then at least
/// one non-whitespace character (Python's Unicode `\s`, which includes `\x1c`…`\x1f`,
/// `\x85`, `\xa0` and the Unicode spaces), then `.log`; anything may follow. So rotated
/// backups (`.log.1`) and names such as `x---supervisor-y.logfoo` go too.
///
/// Matching is done by hand on the file name decoded as Python decodes it. One deliberate
/// difference: Supervisor pastes the identifier into the regex unescaped, so an identifier
/// with regex characters (`.`, `+`, `*`, …) matches more names there (`a.b` also matches
/// `aXb`); here the identifier is matched literally, which removes a subset of those files
/// and never a file Supervisor would keep.
public enum ChildLogCleanup {
    /// What a cleanup did, for the daemon's log.
    public struct Report: Sendable, Equatable {
        /// Paths removed (`os.path.join(childlogdir, name)`; undecodable bytes shown as U+FFFD).
        public var removed: [String] = []
        /// Paths that matched but could not be removed, each with its error.
        public var failures: [Failure] = []
        /// Set when the directory could not be listed; nothing was removed then.
        public var listingError: LogFileError?

        /// A file that matched but could not be removed.
        public struct Failure: Sendable, Equatable {
            /// The path, as in ``Report/removed``.
            public var path: String
            /// Supervisor's `%r` of the path, for the warning line.
            public var pythonRepr: String
            /// Why `unlink` failed.
            public var error: LogFileError
        }

        /// Supervisor's WARN lines for this cleanup, in order: `Could not clear childlog dir`
        /// if listing failed, otherwise one `Failed to clean up <repr(path)>` per failure.
        public var warnings: [String] {
            if listingError != nil { return ["Could not clear childlog dir"] }
            return failures.map { "Failed to clean up \($0.pythonRepr)" }
        }
    }

    /// Whether Supervisor's cleanup regex accepts `fileName`.
    public static func matches(fileName: String, identifier: String) -> Bool {
        matches(codePoints: fileName.unicodeScalars.map(\.value), identifier: identifier)
    }

    /// Whether Supervisor's cleanup regex accepts a file name given as raw bytes (decoded
    /// as Python's `os.listdir` does: UTF-8 with `surrogateescape`).
    public static func matches(fileNameBytes: [UInt8], identifier: String) -> Bool {
        matches(codePoints: PythonPath.fsdecode(fileNameBytes), identifier: identifier)
    }

    /// Removes the old AUTO logs of `identifier` in `childLogDirectory`.
    ///
    /// Never throws: like Supervisor, a directory that cannot be listed and files that
    /// cannot be removed are reported (see ``Report/warnings``) and startup goes on.
    public static func run(childLogDirectory: String, identifier: String) -> Report {
        var report = Report()
        let names: [[UInt8]]
        do {
            names = try listDirectory(childLogDirectory)
        } catch {
            report.listingError = error
            return report
        }
        let directoryBytes = Array(childLogDirectory.utf8)
        for name in names where matches(fileNameBytes: name, identifier: identifier) {
            let pathBytes = PythonPath.join(directoryBytes, name)
            let display = String(decoding: pathBytes, as: UTF8.self)
            do {
                _ = try Syscall.retrying("unlink", path: display) {
                    (pathBytes + [0]).withUnsafeBufferPointer { buffer in
                        buffer.withMemoryRebound(to: CChar.self) { unlink($0.baseAddress!) }
                    }
                }
                report.removed.append(display)
            } catch {
                report.failures.append(
                    Report.Failure(path: display, pythonRepr: PythonPath.repr(PythonPath.fsdecode(pathBytes)), error: error)
                )
            }
        }
        return report
    }

    // MARK: - Matching

    private static let newline: UInt32 = 0x0A
    private static let dotLog: [UInt32] = ".log".unicodeScalars.map(\.value)

    /// `.+?---<identifier>-\S+\.log` at the start of `name` (the optional tail always
    /// matches). Tries every place the marker can start, as the regex backtracks.
    private static func matches(codePoints name: [UInt32], identifier: String) -> Bool {
        let marker = ("---" + identifier + "-").unicodeScalars.map(\.value)
        // `.+?` cannot cross a newline, so the marker must start at 1 ... firstNewline.
        let lastMarkerStart = min(name.firstIndex(of: newline) ?? name.count, name.count - marker.count)
        guard lastMarkerStart >= 1 else { return false }
        for markerStart in 1...lastMarkerStart where hasPrefix(name, marker, at: markerStart) {
            let runStart = markerStart + marker.count
            var runEnd = runStart
            // `\S+` then `\.log`: extend the non-whitespace run one by one, checking for
            // `.log` after each extension.
            while runEnd < name.count && !PythonWhitespace.contains(name[runEnd]) {
                runEnd += 1
                if hasPrefix(name, dotLog, at: runEnd) { return true }
            }
        }
        return false
    }

    private static func hasPrefix(_ name: [UInt32], _ prefix: [UInt32], at start: Int) -> Bool {
        guard start + prefix.count <= name.count else { return false }
        for offset in 0..<prefix.count where name[start + offset] != prefix[offset] {
            return false
        }
        return true
    }

    // MARK: - Listing

    /// `os.listdir`: every name but `.` and `..`, as raw bytes.
    private static func listDirectory(_ path: String) throws(LogFileError) -> [[UInt8]] {
        guard let directory = opendir(path) else {
            throw .syscall(call: "opendir", path: path, errno: errno)
        }
        defer { closedir(directory) }
        var names: [[UInt8]] = []
        while true {
            errno = 0
            guard let entry = readdir(directory) else {
                if errno != 0 { throw .syscall(call: "readdir", path: path, errno: errno) }
                return names
            }
            // d_name in place: glibc makes each entry only as long as its name, so copying the whole 256-byte
            // `entry.pointee.d_name` read past the end of the directory buffer (AddressSanitizer, scripts/sanitize).
            let namePointer = UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \.d_name)!)
                .assumingMemoryBound(to: CChar.self)
            let name = Array(UnsafeRawBufferPointer(start: namePointer, count: strlen(namePointer)))
            if name == [0x2E] || name == [0x2E, 0x2E] { continue }
            names.append(name)
        }
    }
}
