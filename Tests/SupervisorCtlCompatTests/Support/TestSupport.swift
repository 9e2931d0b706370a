import Foundation
import Glibc
import SupervisorTestSupport

/// Polls `condition` every `interval` until it holds or `timeout` passes.
func eventually(
    timeout: Duration = .seconds(10), interval: Duration = .milliseconds(2), _ condition: () -> Bool
) -> Bool {
    let clock = ContinuousClock()
    let deadline = clock.now.advanced(by: timeout)
    let micros = UInt32(interval.components.seconds * 1_000_000 + interval.components.attoseconds / 1_000_000_000_000)
    while true {
        if condition() { return true }
        if clock.now >= deadline { return false }
        usleep(micros)
    }
}

/// A TCP port on 127.0.0.1 that was free a moment ago.
func freeTCPPort() throws -> Int {
    let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
    guard fd >= 0 else { throw HarnessError("socket: errno \(errno)") }
    defer { close(fd) }
    var addr = sockaddr_in()
    addr.sin_family = sa_family_t(AF_INET)
    addr.sin_addr.s_addr = inet_addr("127.0.0.1")
    addr.sin_port = 0
    guard bindSocket(fd, to: &addr) == 0 else { throw HarnessError("bind: errno \(errno)") }
    var length = socklen_t(MemoryLayout<sockaddr_in>.size)
    _ = withUnsafeMutablePointer(to: &addr) {
        $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
    }
    return Int(UInt16(bigEndian: addr.sin_port))
}

/// The package root: the nearest ancestor of this file holding `Package.swift`.
func packageRoot(file: String = #filePath) -> String {
    var url = URL(fileURLWithPath: file).deletingLastPathComponent()
    while url.path != "/" {
        if FileManager.default.fileExists(atPath: url.appendingPathComponent("Package.swift").path) {
            return url.path
        }
        url = url.deletingLastPathComponent()
    }
    return FileManager.default.currentDirectoryPath
}

/// Runs `arguments` to completion; returns the exit status and standard output.
func runQuietly(_ arguments: [String], timeout: Duration = .seconds(600)) throws -> (status: Int32, output: String) {
    let out = NSTemporaryDirectory() + "cc-run-\(getpid())-\(UInt32.random(in: 0...UInt32.max)).out"
    defer { unlink(out) }
    let child = try ChildProcess(arguments, stdoutPath: out, stderrPath: "/dev/null")
    guard let status = child.wait(timeout: timeout) else {
        child.signalGroup(SIGKILL)
        _ = child.wait(timeout: .seconds(5))
        throw HarnessError("\(arguments) did not finish within \(timeout)")
    }
    return (status, (try? String(contentsOfFile: out, encoding: .utf8)) ?? "")
}

/// The bin directory of the Python Supervisor 4.3.0 venv (`scripts/python-supervisor.sh` installs it once).
let pythonSupervisorBin: Result<String, HarnessError> = {
    let script = packageRoot() + "/scripts/python-supervisor.sh"
    do {
        let (status, output) = try runQuietly(["/bin/bash", script])
        let bin = output.split(separator: "\n").last.map(String.init) ?? ""
        guard status == 0, FileManager.default.isExecutableFile(atPath: bin + "/supervisorctl") else {
            return .failure(HarnessError("\(script) exited \(status) without a usable venv (output: \(output))"))
        }
        return .success(bin)
    } catch {
        return .failure(HarnessError("cannot run \(script): \(error)"))
    }
}()

/// The directory holding the built executables (beside the test bundle).
let productsDirectory: String = {
    var dir = (CommandLine.arguments[0] as NSString).deletingLastPathComponent
    while !dir.isEmpty, dir != "/", !FileManager.default.fileExists(atPath: dir + "/supervisorctl") {
        dir = (dir as NSString).deletingLastPathComponent
    }
    return dir
}()

/// Our `supervisorctl`, built beside the tests.
var ourSupervisorctl: String { productsDirectory + "/supervisorctl" }
