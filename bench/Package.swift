// swift-tools-version: 6.1
// The benchmark harness: runs our supervisord and Python Supervisor 4.3 side by side on the same machine, in the
// same run, alternating, and prints ratios. Its own package so the product's build and tests stay lean.
import PackageDescription

let package = Package(
    name: "supervisor-bench",
    platforms: [.macOS(.v15)],
    targets: [
        // Runs the scenarios (bench/run.sh is the one command that builds and calls it).
        .executableTarget(name: "supervisor-bench"),
        // The log-flood child: numbered 100-byte lines as fast as the pipe takes them, so lost or reordered lines show.
        .executableTarget(name: "bench-writer"),
    ]
)
