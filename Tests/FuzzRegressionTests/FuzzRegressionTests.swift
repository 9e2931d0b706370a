import SupervisorFuzzTargets
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// Every input the fuzzers found a crash, hang or memory blow-up with (`fuzz/regressions/<target>/`), and the seed
/// corpus (`fuzz/corpus/<target>/`), fed to the same entry function the fuzzer calls, without sanitizers: a parser
/// that regresses on one of them fails here, in CI.
@Suite struct FuzzRegressionTests {
    static let root = String(#filePath.split(separator: "/").dropLast(3).joined(separator: "/"))

    @Test(arguments: FuzzTarget.allCases)
    func committedInputsReturn(target: FuzzTarget) async throws {
        let inputs = Self.files(in: "/\(Self.root)/fuzz/regressions/\(target.rawValue)")
            + Self.files(in: "/\(Self.root)/fuzz/corpus/\(target.rawValue)")
        #expect(!inputs.isEmpty, "no seed corpus for \(target.rawValue)")
        for path in inputs {
            let start = ContinuousClock.now
            await target.run(try Self.read(path))
            // The fuzzer's limit is 1 s with sanitizers; unsanitized and on a loaded machine, 5 s is generous.
            #expect(ContinuousClock.now - start < .seconds(5), "\(path) took too long")
        }
    }

    /// The regular files of `directory`, sorted; none when it does not exist.
    static func files(in directory: String) -> [String] {
        guard let dir = opendir(directory) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { String(decoding: $0.prefix { $0 != 0 }, as: UTF8.self) }
            if !name.hasPrefix(".") { names.append("\(directory)/\(name)") }
        }
        return names.sorted()
    }

    static func read(_ path: String) throws -> [UInt8] {
        guard let file = fopen(path, "rb") else { throw ReadError(path: path) }
        defer { fclose(file) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = fread(&buffer, 1, buffer.count, file)
            if n <= 0 { break }
            bytes += buffer[0..<n]
        }
        return bytes
    }

    struct ReadError: Error {
        var path: String
    }
}
