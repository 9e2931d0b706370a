import SupervisorConfig

/// The config loaders from bytes: the INI dialect, `%(…)s` expansions, every option's value parser and the
/// `[include]` patterns, over an in-memory file set (no disk). The input is the main file,
/// `/etc/supervisor/supervisord.conf`; a line `##file PATH` starts another file (relative paths are under
/// `/etc/supervisor/`), so an `[include]` finds something to read.
enum ConfigFuzzing {
    static let mainFile = "/etc/supervisor/supervisord.conf"
    static let marker = Array("\n##file ".utf8)

    static func run(_ data: [UInt8]) {
        var fileSystem = InMemoryConfigFileSystem(
            directories: ["/etc/supervisor/conf.d", "/tmp", "/work", "/home/chrism", "/var/log", "/var/run"])
        for (path, bytes) in files(in: data) {
            fileSystem.files[path] = bytes
            var directory = path
            while let slash = directory.lastIndex(of: "/"), slash != directory.startIndex {
                directory = String(directory[..<slash])
                fileSystem.directories.insert(directory)
            }
        }
        let context = ConfigContext(
            fileSystem: fileSystem, users: FuzzUsers(), environment: ["HOME": "/home/chrism", "APP_ENV": "prod"],
            hostName: "fuzzhost", currentDirectory: "/work", tempDirectory: "/tmp", effectiveUID: 0)
        do throws(ConfigError) {
            let configuration = try SupervisordConfigParser(context: context).parse(path: mainFile)
            _ = configuration.messages.count
        } catch {
            _ = error.description
        }
        do throws(ConfigError) {
            _ = try SupervisorctlConfigParser(context: context).parse(path: mainFile)
        } catch {
            _ = error.description
        }
    }

    /// The main file, then one file per `##file PATH` line.
    static func files(in data: [UInt8]) -> [(path: String, bytes: [UInt8])] {
        var files: [(path: String, bytes: [UInt8])] = []
        var path = mainFile
        var start = 0
        var i = 0
        while i + marker.count <= data.count {
            guard data[i] == marker[0], Array(data[i..<(i + marker.count)]) == marker else {
                i += 1
                continue
            }
            files.append((path, Array(data[start..<i])))
            let nameStart = i + marker.count
            let nameEnd = data[nameStart...].firstIndex(of: UInt8(ascii: "\n")) ?? data.count
            let name = String(decoding: data[nameStart..<nameEnd], as: UTF8.self)
            path = name.hasPrefix("/") ? name : "/etc/supervisor/" + name
            start = min(data.count, nameEnd + 1)
            i = start
        }
        files.append((path, Array(data[start...])))
        return files
    }
}

/// A fixed user database, so `user=`, `chown=` and `~user` resolve the same on every machine.
struct FuzzUsers: UserDatabase {
    let users = [
        UserRecord(name: "root", uid: 0, gid: 0, home: "/root"),
        UserRecord(name: "www-data", uid: 33, gid: 33, home: "/var/www"),
        UserRecord(name: "chrism", uid: 1000, gid: 1000, home: "/home/chrism"),
    ]
    let groups: [String: UInt32] = ["root": 0, "www-data": 33, "nogroup": 65534, "chrism": 1000]

    func user(named name: String) -> UserRecord? { users.first { $0.name == name } }
    func user(id: UInt32) -> UserRecord? { users.first { $0.uid == id } }
    func groupID(named name: String) -> UInt32? { groups[name] }
    func groupExists(id: UInt32) -> Bool { groups.values.contains(id) }
}
