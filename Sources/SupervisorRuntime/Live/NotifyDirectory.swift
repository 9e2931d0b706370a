import Glibc

/// The daemon's private directory for `ready_check = notify` sockets: `/run/supervisor/notify.<pid>.XXXXXX` when
/// `/run/supervisor` can be made or written (root), else the same name under `$TMPDIR` or `/tmp`. Mode 0711: a
/// program's user may reach its own socket by name but cannot list the others. Every socket path stays shorter
/// than `sun_path` (108 bytes); a `$TMPDIR` too long for that is passed over for `/tmp`.
final class NotifyDirectory: @unchecked Sendable {
    // @unchecked: only touched on the runtime's I/O queue.
    let path: String
    private var next = 0

    /// The longest socket path accepted (`sun_path` is 108 bytes with its NUL).
    static let maxSocketPath = 107

    private init(path: String) {
        self.path = path
    }

    /// Makes the directory; nil with the errno name when none could be made.
    static func create(environment: [String: String]) -> Result<NotifyDirectory, SyscallError> {
        var bases: [String] = []
        if mkdir("/run/supervisor", 0o755) == 0 || access("/run/supervisor", W_OK | X_OK) == 0 {
            bases.append("/run/supervisor")
        }
        if let tmp = environment["TMPDIR"], tmp.hasPrefix("/"), tmp.utf8.count < 60 { bases.append(tmp) }
        bases.append("/tmp")
        var failure = SyscallError(call: "mkdtemp", code: ENOENT)
        for base in bases {
            let trimmed = base.count > 1 && base.hasSuffix("/") ? String(base.dropLast()) : base
            var template = Array("\(trimmed)/notify.\(getpid()).XXXXXX".utf8CString)
            let made = template.withUnsafeMutableBufferPointer { mkdtemp($0.baseAddress!) }
            guard made != nil else {
                failure = SyscallError(call: "mkdtemp", code: errno)
                continue
            }
            let path = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
            chmod(path, 0o711)
            return .success(NotifyDirectory(path: path))
        }
        return .failure(failure)
    }

    /// A fresh socket path in the directory.
    func nextSocketPath() -> String {
        next += 1
        return "\(path)/\(next).sock"
    }

    /// Removes the directory and whatever sockets are left in it.
    func remove() {
        if let dir = opendir(path) {
            while let entry = readdir(dir) {
                let name = String(
                    cString: UnsafeRawPointer(entry).advanced(by: MemoryLayout<dirent>.offset(of: \.d_name)!)
                        .assumingMemoryBound(to: CChar.self))
                if name != "." && name != ".." { unlink(path + "/" + name) }
            }
            closedir(dir)
        }
        rmdir(path)
    }
}
