#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Creates the file behind a child log set to `AUTO` (or left unset), as Supervisor does.
///
/// Supervisor's `get_autochildlog_name` (`supervisor/options.py`) calls
/// `tempfile.mkstemp(suffix='.log', prefix='<processname>-<channel>---<identifier>-',
/// dir=childlogdir)` and closes the descriptor. So the name is
/// `<childlogdir>/<processname>-<channel>---<identifier>-<8 random chars>.log`, where the
/// directory is made absolute and normalized (`os.path.abspath`), the 8 characters come from
/// `[a-z0-9_]`, and the file is created empty with `O_CREAT|O_EXCL|O_NOFOLLOW` and mode
/// `0600` (then filtered by the umask). Later opens for appending keep that mode, so AUTO
/// logs are private to the daemon's user while explicitly named logs are `0666 & ~umask`.
///
/// Called when a group is created (startup, reload, `addProcessGroup`); the files are
/// removed at the next startup by ``ChildLogCleanup`` unless `nocleanup` is set.
public enum AutoLogName {
    /// The alphabet of the random part (Python's `tempfile._RandomNameSequence.characters`).
    public static let randomCharacters: [UInt8] = Array("abcdefghijklmnopqrstuvwxyz0123456789_".utf8)
    /// The length of the random part.
    public static let randomLength = 8
    /// The suffix of every AUTO log name.
    public static let suffix = ".log"
    /// How many names are tried before giving up (`tempfile.TMP_MAX`, glibc's value).
    public static let maximumAttempts = 238_328

    /// The fixed start of an AUTO log name: `<processname>-<channel>---<identifier>-`.
    public static func prefix(processName: String, channel: LogChannel, identifier: String) -> String {
        "\(processName)-\(channel.rawValue)---\(identifier)-"
    }

    /// Creates a new, empty AUTO log file and returns its absolute path.
    ///
    /// - Throws: ``LogFileError/syscall(call:path:errno:)`` if `getcwd` (for a relative
    ///   directory) or `open` fails other than with `EEXIST`;
    ///   ``LogFileError/noUsableTemporaryName(directory:)`` if every attempt collided.
    public static func create(
        childLogDirectory: String,
        processName: String,
        channel: LogChannel,
        identifier: String
    ) throws(LogFileError) -> String {
        // Not SystemRandomNumberGenerator itself: it is zero-sized, so Swift passes no real address for it inout,
        // and ThreadSanitizer's check of that access read the shadow of a garbage address (SEGV; scripts/sanitize).
        var generator = AddressableSystemGenerator()
        return try create(
            childLogDirectory: childLogDirectory,
            processName: processName,
            channel: channel,
            identifier: identifier,
            using: &generator
        )
    }

    /// Creates a new, empty AUTO log file, drawing the random part from `generator` (tests
    /// pass a seeded one).
    public static func create<Generator: RandomNumberGenerator>(
        childLogDirectory: String,
        processName: String,
        channel: LogChannel,
        identifier: String,
        using generator: inout Generator
    ) throws(LogFileError) -> String {
        let directory = try PythonPath.abspath(childLogDirectory)
        let start = prefix(processName: processName, channel: channel, identifier: identifier)
        for _ in 0..<maximumAttempts {
            let random = String(decoding: (0..<randomLength).map { _ in
                randomCharacters.randomElement(using: &generator)!
            }, as: UTF8.self)
            let candidate = PythonPath.join(directory, start + random + suffix)
            let fd: Int32
            do {
                fd = try Syscall.retrying("open", path: candidate) {
                    open(candidate, O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
                }
            } catch where error.errno == EEXIST {
                continue
            }
            Syscall.closeIgnoringErrors(fd)
            return candidate
        }
        throw .noUsableTemporaryName(directory: directory)
    }
}

/// SystemRandomNumberGenerator with a stored byte, so that an inout access to it has an address (see `create`).
private struct AddressableSystemGenerator: RandomNumberGenerator {
    private var system = SystemRandomNumberGenerator()
    private var addressable: UInt8 = 0

    mutating func next() -> UInt64 { system.next() }
}
