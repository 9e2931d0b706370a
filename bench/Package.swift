// swift-tools-version: 6.1
// The benchmark harness: runs our supervisord and Python Supervisor 4.3 side by side on the same machine, in the
// same run, alternating, and prints ratios. Its own package so the product's build and tests stay lean.
import PackageDescription

let package = Package(
    name: "supervisor-bench",
    platforms: [.macOS(.v15)],
    targets: [
        .executableTarget(name: "supervisor-bench"),
    ]
)
