#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file system held in memory, for tests and for checking config text that is not on disk: absolute paths
/// mapped to contents, directories implied by the files plus any added explicitly.
public struct InMemoryConfigFileSystem: ConfigFileSystem {
    public var files: [String: [UInt8]]
    public var directories: Set<String>
    /// Paths that exist but cannot be read (like a file without read permission).
    public var unreadable: Set<String> = []

    public init(files: [String: String] = [:], directories: Set<String> = []) {
        self.files = files.mapValues { Array($0.utf8) }
        var dirs = directories
        dirs.insert("/")
        for path in files.keys {
            var dir = Path.dirname(path)
            while !dir.isEmpty, dir != "/" {
                dirs.insert(dir)
                dir = Path.dirname(dir)
            }
        }
        self.directories = dirs
    }

    public func readFile(_ path: String) throws(FileReadFailure) -> [UInt8] {
        if unreadable.contains(path) { throw FileReadFailure(reason: "Permission denied") }
        if directories.contains(path) { throw FileReadFailure(reason: "Is a directory") }
        guard let bytes = files[path] else { throw FileReadFailure(reason: "No such file or directory", isMissing: true) }
        return bytes
    }

    public func exists(_ path: String) -> Bool {
        let p = Path.normalize(path)
        return files[p] != nil || directories.contains(p)
    }

    public func isDirectory(_ path: String) -> Bool { directories.contains(Path.normalize(path)) }

    public func glob(_ pattern: String) -> [String] {
        let candidates = Array(files.keys) + Array(directories)
        return candidates.filter { fnmatch(pattern, $0, FNM_PATHNAME | FNM_PERIOD) == 0 }.sorted()
    }
}
