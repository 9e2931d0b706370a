/// Reading files for the config parser: the one seam between the pure parser and the disk.
public protocol ConfigFileSystem: Sendable {
    /// The bytes of a file; throws a short reason (e.g. `Permission denied`) when it cannot be read.
    func readFile(_ path: String) throws(FileReadFailure) -> [UInt8]
    /// Whether anything exists at the path (a directory counts, as with Python's `os.path.exists`).
    func exists(_ path: String) -> Bool
    func isDirectory(_ path: String) -> Bool
    /// Python's `glob.glob(pattern)`: `*`, `?` and `[...]`, hidden names only when the pattern starts with a dot.
    func glob(_ pattern: String) -> [String]
}

/// Why a file could not be read.
public struct FileReadFailure: Error, Equatable, Sendable {
    public var reason: String
    public var isMissing: Bool
    public init(reason: String, isMissing: Bool = false) {
        self.reason = reason
        self.isMissing = isMissing
    }
}

/// An account from the user database, as much of it as Supervisor uses.
public struct UserRecord: Equatable, Sendable {
    public var name: String
    public var uid: UInt32
    public var gid: UInt32
    public var home: String
    public init(name: String, uid: UInt32, gid: UInt32, home: String) {
        self.name = name
        self.uid = uid
        self.gid = gid
        self.home = home
    }
}

/// Looking up users and groups (`user=`, `chown=`, `socket_owner=`), as Supervisor does at parse time.
public protocol UserDatabase: Sendable {
    func user(named name: String) -> UserRecord?
    func user(id: UInt32) -> UserRecord?
    func groupID(named name: String) -> UInt32?
    func groupExists(id: UInt32) -> Bool
}

/// Everything the config parser needs from the world outside the text: files, users, the environment and a few
/// facts about the running process. `ConfigContext.live()` reads the real ones; tests pass their own.
public struct ConfigContext: Sendable {
    public var fileSystem: any ConfigFileSystem
    public var users: any UserDatabase
    /// The daemon's environment: the source of `%(ENV_X)s` and of `~` (HOME).
    public var environment: [String: String]
    /// `%(host_node_name)s`: the node name from `uname`.
    public var hostName: String
    /// Relative paths (`logfile`, `pidfile`, `-c`) are made absolute against this.
    public var currentDirectory: String
    /// The default `childlogdir` (Python's `tempfile.gettempdir()`).
    public var tempDirectory: String
    /// The uid the daemon runs as (an fcgi socket is chowned to a program's `user` when it differs).
    public var effectiveUID: UInt32

    public init(
        fileSystem: any ConfigFileSystem, users: any UserDatabase, environment: [String: String],
        hostName: String, currentDirectory: String, tempDirectory: String, effectiveUID: UInt32
    ) {
        self.fileSystem = fileSystem
        self.users = users
        self.environment = environment
        self.hostName = hostName
        self.currentDirectory = currentDirectory
        self.tempDirectory = tempDirectory
        self.effectiveUID = effectiveUID
    }

    /// Python's `os.path.expanduser`: a leading `~` or `~user`.
    func expandUser(_ path: String) -> String {
        guard path.hasPrefix("~") else { return path }
        let slash = path.firstIndex(of: "/") ?? path.endIndex
        let name = path[path.index(after: path.startIndex)..<slash]
        let home: String?
        if name.isEmpty {
            home = environment["HOME"] ?? users.user(id: effectiveUID)?.home
        } else {
            home = users.user(named: String(name))?.home
        }
        guard var h = home else { return path }
        if h.count > 1, h.hasSuffix("/") { h.removeLast() }
        let rest = path[slash...]
        return (h == "/" && rest.hasPrefix("/")) ? String(rest) : h + rest
    }

    /// Supervisor's `normalize_path`: `~` expanded, made absolute against the current directory, normalised.
    func normalizePath(_ path: String) -> String {
        Path.normalize(Path.absolute(expandUser(path), from: currentDirectory))
    }
}

/// POSIX path arithmetic as Python's `posixpath` does it.
enum Path {
    static func isAbsolute(_ p: String) -> Bool { p.hasPrefix("/") }

    static func absolute(_ p: String, from cwd: String) -> String {
        isAbsolute(p) ? p : join(cwd, p)
    }

    static func join(_ a: String, _ b: String) -> String {
        if isAbsolute(b) || a.isEmpty { return b }
        return a.hasSuffix("/") ? a + b : a + "/" + b
    }

    /// `os.path.dirname`: everything before the last slash, trailing slashes removed unless it is all slashes.
    static func dirname(_ p: String) -> String {
        guard let slash = p.lastIndex(of: "/") else { return "" }
        var head = String(p[...slash])
        if !head.allSatisfy({ $0 == "/" }) {
            while head.hasSuffix("/") { head.removeLast() }
        }
        return head
    }

    /// `os.path.normpath`.
    static func normalize(_ p: String) -> String {
        if p.isEmpty { return "." }
        let initialSlashes = p.hasPrefix("//") && !p.hasPrefix("///") ? 2 : (p.hasPrefix("/") ? 1 : 0)
        var parts: [Substring] = []
        for comp in p.split(separator: "/", omittingEmptySubsequences: true) {
            if comp == "." { continue }
            if comp == ".." {
                if initialSlashes == 0 && (parts.isEmpty || parts.last == "..") {
                    parts.append(comp)
                } else if !parts.isEmpty {
                    parts.removeLast()
                }
                continue
            }
            parts.append(comp)
        }
        let joined = parts.joined(separator: "/")
        let result = String(repeating: "/", count: initialSlashes) + joined
        return result.isEmpty ? "." : result
    }
}
