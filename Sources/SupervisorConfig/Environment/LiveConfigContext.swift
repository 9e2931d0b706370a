#if canImport(Glibc)
import Glibc

extension ConfigContext {
    /// The real file system, user database, environment and process facts of this machine.
    public static func live(environment: [String: String]? = nil) -> ConfigContext {
        ConfigContext(
            fileSystem: LiveConfigFileSystem(),
            users: LiveUserDatabase(),
            environment: environment ?? LiveProcessFacts.environment(),
            hostName: LiveProcessFacts.nodeName(),
            currentDirectory: LiveProcessFacts.currentDirectory(),
            tempDirectory: LiveProcessFacts.tempDirectory(),
            effectiveUID: getuid()
        )
    }
}

/// Facts about the running process that the parser reads once.
enum LiveProcessFacts {
    static func environment() -> [String: String] {
        var env: [String: String] = [:]
        var p = environ
        while let entry = p.pointee {
            let text = String(cString: entry)
            if let eq = text.firstIndex(of: "=") {
                env[String(text[..<eq])] = String(text[text.index(after: eq)...])
            }
            p += 1
        }
        return env
    }

    static func nodeName() -> String {
        var u = utsname()
        guard uname(&u) == 0 else { return "" }
        return withUnsafeBytes(of: &u.nodename) { raw in
            String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
        }
    }

    static func currentDirectory() -> String {
        guard let p = getcwd(nil, 0) else { return "/" }
        defer { free(p) }
        return String(cString: p)
    }

    /// Python's `tempfile.gettempdir()`: TMPDIR, TEMP, TMP, then /tmp, /var/tmp, /usr/tmp, then the cwd.
    static func tempDirectory() -> String {
        var candidates: [String] = []
        for name in ["TMPDIR", "TEMP", "TMP"] {
            if let v = getenv(name) { candidates.append(String(cString: v)) }
        }
        candidates += ["/tmp", "/var/tmp", "/usr/tmp"]
        for dir in candidates where access(dir, W_OK | X_OK) == 0 {
            var st = stat()
            if stat(dir, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
                return Path.normalize(Path.absolute(dir, from: currentDirectory()))
            }
        }
        return currentDirectory()
    }
}

/// Reads configuration files from disk.
public struct LiveConfigFileSystem: ConfigFileSystem {
    /// Files larger than this are refused: a config is text written by people, and this keeps a stray
    /// `files = /var/log/*` from loading gigabytes.
    public static let maximumFileSize = 64 * 1024 * 1024

    public init() {}

    public func readFile(_ path: String) throws(FileReadFailure) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else {
            let e = errno
            throw FileReadFailure(reason: String(cString: strerror(e)), isMissing: e == ENOENT)
        }
        defer { close(fd) }
        var st = stat()
        if fstat(fd, &st) == 0, (st.st_mode & S_IFMT) == S_IFDIR {
            throw FileReadFailure(reason: "Is a directory")
        }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw FileReadFailure(reason: String(cString: strerror(errno)))
            }
            if n == 0 { break }
            bytes += buffer[0..<n]
            if bytes.count > Self.maximumFileSize {
                throw FileReadFailure(reason: "file is larger than \(Self.maximumFileSize / 1024 / 1024) MB")
            }
        }
        return bytes
    }

    public func exists(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0
    }

    public func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return stat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    public func glob(_ pattern: String) -> [String] {
        var g = glob_t()
        defer { globfree(&g) }
        guard Glibc.glob(pattern, 0, nil, &g) == 0 else { return [] }
        var out: [String] = []
        for i in 0..<Int(g.gl_pathc) {
            if let p = g.gl_pathv[i] { out.append(String(cString: p)) }
        }
        return out
    }
}

/// Looks users and groups up with the reentrant libc calls.
public struct LiveUserDatabase: UserDatabase {
    public init() {}

    public func user(named name: String) -> UserRecord? {
        lookup { pw, buf, result in getpwnam_r(name, pw, buf.baseAddress!, buf.count, result) }
    }

    public func user(id: UInt32) -> UserRecord? {
        lookup { pw, buf, result in getpwuid_r(id, pw, buf.baseAddress!, buf.count, result) }
    }

    public func groupID(named name: String) -> UInt32? {
        var gr = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        let rc = buffer.withUnsafeMutableBufferPointer { getgrnam_r(name, &gr, $0.baseAddress, $0.count, &result) }
        return rc == 0 && result != nil ? gr.gr_gid : nil
    }

    public func groupExists(id: UInt32) -> Bool {
        var gr = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16384)
        let rc = buffer.withUnsafeMutableBufferPointer { getgrgid_r(id, &gr, $0.baseAddress, $0.count, &result) }
        return rc == 0 && result != nil
    }

    private func lookup(
        _ call: (
            UnsafeMutablePointer<passwd>, UnsafeMutableBufferPointer<CChar>, UnsafeMutablePointer<UnsafeMutablePointer<passwd>?>
        ) -> Int32
    ) -> UserRecord? {
        var pw = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 16384)
        let rc = buffer.withUnsafeMutableBufferPointer { call(&pw, $0, &result) }
        guard rc == 0, result != nil else { return nil }
        return UserRecord(
            name: String(cString: pw.pw_name), uid: pw.pw_uid, gid: pw.pw_gid, home: String(cString: pw.pw_dir))
    }
}
#endif
