import SupervisorConfig

#if canImport(Glibc)
import Glibc
#endif

/// Users and groups for tests, independent of the machine.
struct FakeUserDatabase: UserDatabase {
    let users: [UserRecord] = [
        UserRecord(name: "root", uid: 0, gid: 0, home: "/root"),
        UserRecord(name: "www-data", uid: 33, gid: 33, home: "/var/www"),
        UserRecord(name: "nobody", uid: 65534, gid: 65534, home: "/nonexistent"),
        UserRecord(name: "chrism", uid: 1000, gid: 1000, home: "/home/chrism"),
    ]
    let groups: [String: UInt32] = ["root": 0, "www-data": 33, "nogroup": 65534, "chrism": 1000]

    func user(named name: String) -> UserRecord? { users.first { $0.name == name } }
    func user(id: UInt32) -> UserRecord? { users.first { $0.uid == id } }
    func groupID(named name: String) -> UInt32? { groups[name] }
    func groupExists(id: UInt32) -> Bool { groups.values.contains(id) }
}

/// Builds config contexts over an in-memory file system.
enum TestContext {
    static let environment = ["HOME": "/home/chrism", "PATH": "/usr/bin:/bin", "APP_ENV": "prod"]

    static func make(
        files: [String: String], directories: Set<String> = [], environment: [String: String] = environment,
        cwd: String = "/work", unreadable: Set<String> = []
    ) -> ConfigContext {
        var fs = InMemoryConfigFileSystem(
            files: files, directories: directories.union(["/dev", "/tmp", "/work", "/home/chrism", "/var/log", "/var/run"]))
        fs.unreadable = unreadable
        return ConfigContext(
            fileSystem: fs, users: FakeUserDatabase(), environment: environment, hostName: "testhost",
            currentDirectory: cwd, tempDirectory: "/tmp", effectiveUID: 0)
    }

    /// Parses `text` as /etc/supervisor/supervisord.conf, with `extra` files beside it.
    static func parse(
        _ text: String, extra: [String: String] = [:], directories: Set<String> = [],
        environment: [String: String] = environment
    ) throws(ConfigError) -> SupervisorConfiguration {
        var files = extra
        files["/etc/supervisor/supervisord.conf"] = text
        let context = make(files: files, directories: directories, environment: environment)
        return try SupervisordConfigParser(context: context).parse(path: "/etc/supervisor/supervisord.conf")
    }

    /// The error `text` produces, or nil when it parses.
    static func error(_ text: String, extra: [String: String] = [:], directories: Set<String> = []) -> ConfigError? {
        do {
            _ = try parse(text, extra: extra, directories: directories)
            return nil
        } catch {
            return error
        }
    }
}

/// Reads a file of this test target's `Fixtures` folder.
enum Fixture {
    static func text(_ name: String) -> String {
        let dir = String(#filePath.split(separator: "/").dropLast(2).joined(separator: "/"))
        let path = "/" + dir + "/Fixtures/" + name
        guard let f = fopen(path, "rb") else { fatalError("missing fixture \(path)") }
        defer { fclose(f) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, f)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
