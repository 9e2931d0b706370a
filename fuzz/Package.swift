// swift-tools-version: 6.1
// The libFuzzer executables, one per parser that reads untrusted bytes. Its own package, so the product's build
// stays lean: scripts/fuzz builds it with `-sanitize=fuzzer,address` (see README, "Fuzzing").
import Foundation
import PackageDescription

// A path dependency's identity is its directory's name, which depends on where the repository is checked out.
let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
let rootPackage = root.lastPathComponent

let targets = ["xmlrpc", "http", "config", "listener", "client"]

let package = Package(
    name: "supervisor-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(path: "..")],
    targets: targets.map { name in
        .executableTarget(
            name: "fuzz-\(name)",
            dependencies: [.product(name: "SupervisorFuzzTargets", package: rootPackage)],
            path: "Sources/fuzz-\(name)")
    }
)
