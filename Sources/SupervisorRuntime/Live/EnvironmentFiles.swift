import SupervisorConfig
import SupervisorEngine

/// Reads a process's `environment_file=` list at spawn time (so a rotated secret is picked up by the next start).
///
/// Files apply in list order, a later one winning over an earlier one (`[supervisord]`'s come first, so a program's
/// own win). The texts never name a value: only the path, the line and what is wrong.
enum EnvironmentFiles {
    /// The variables of `files`, or the spawn failure of the first file that is missing or unreadable (unless it
    /// was written with a leading `-`) or has a malformed line.
    static func load(_ files: [EnvironmentFileRef], fileSystem: some ConfigFileSystem = LiveConfigFileSystem())
        -> Result<[String: String], SpawnFailure>
    {
        var result: [String: String] = [:]
        for file in files {
            let bytes: [UInt8]
            do {
                bytes = try fileSystem.readFile(file.path)
            } catch {
                if file.optional { continue }
                return .failure(SpawnFailure(.other, "couldn't read environment file \(file.path): \(error.reason)"))
            }
            if bytes.contains(0) {
                return .failure(SpawnFailure(
                    .other, "couldn't read environment file \(file.path): it holds a NUL byte, it is not text"))
            }
            do throws(DotEnv.Failure) {
                for (key, value) in try DotEnv.parse(String(decoding: bytes, as: UTF8.self)) { result[key] = value }
            } catch {
                return .failure(SpawnFailure(
                    .other, "malformed environment file \(file.path), line \(error.line): \(error.reason)"))
            }
        }
        return .success(result)
    }
}
