// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
]

let package = Package(
    name: "swift-supervisor",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "supervisord", targets: ["supervisord"]),
        .executable(name: "supervisorctl", targets: ["supervisorctl"]),
        .executable(name: "echo_supervisord_conf", targets: ["echo_supervisord_conf"]),
        // The fuzz targets' entry points, for the libFuzzer package in fuzz/ (which builds them with sanitizers).
        .library(name: "SupervisorFuzzTargets", targets: ["SupervisorFuzzTargets"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // MARK: - Libraries, bottom of the stack first
        .target(name: "SupervisorConfig", swiftSettings: swiftSettings),
        .target(name: "SupervisorLogs", swiftSettings: swiftSettings),
        .target(name: "XMLRPC", swiftSettings: swiftSettings),
        .target(name: "SupervisorEngine", dependencies: ["SupervisorConfig", "SupervisorLogs"], swiftSettings: swiftSettings),
        .target(name: "CSupervisorSpawn"),
        .target(
            name: "SupervisorRuntime",
            dependencies: ["CSupervisorSpawn", "SupervisorEngine", "SupervisorLogs", "SupervisorConfig"],
            swiftSettings: swiftSettings
        ),
        // The live probes of readiness and health checks: TCP connect and HTTP GET on plain non-blocking sockets
        // (one epoll thread), `exec:` handed to the runtime.
        .target(
            name: "SupervisorProbes", dependencies: ["CSupervisorSpawn", "SupervisorConfig", "SupervisorEngine"],
            swiftSettings: swiftSettings
        ),
        .target(name: "SupervisorWebUI", dependencies: ["SupervisorAPI", "XMLRPC"], swiftSettings: swiftSettings),
        .target(
            name: "SupervisorHTTP",
            dependencies: [
                "SupervisorConfig",
                "SupervisorAPI",
                "SupervisorWebUI",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .target(
            name: "SupervisorAPI", dependencies: ["SupervisorEngine", "SupervisorConfig", "SupervisorLogs", "XMLRPC"],
            swiftSettings: swiftSettings
        ),
        .target(name: "SupervisorClient", dependencies: ["XMLRPC"], swiftSettings: swiftSettings),
        .target(name: "LineEditor", swiftSettings: swiftSettings),
        .target(
            name: "SupervisorCtl", dependencies: ["SupervisorClient", "SupervisorConfig", "LineEditor", "XMLRPC"],
            swiftSettings: swiftSettings
        ),

        // MARK: - Executables (thin)
        .executableTarget(
            name: "supervisord",
            dependencies: [
                "SupervisorConfig",
                "SupervisorEngine",
                "SupervisorLogs",
                "SupervisorRuntime",
                "SupervisorProbes",
                "SupervisorAPI",
                "SupervisorHTTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: swiftSettings
        ),
        .executableTarget(name: "supervisorctl", dependencies: ["SupervisorCtl"], swiftSettings: swiftSettings),
        .executableTarget(
            name: "echo_supervisord_conf",
            dependencies: ["SupervisorConfig"],
            swiftSettings: swiftSettings
        ),
        // Test helper: a tiny prompt loop over LineEditor that LineEditorTests drive through tmux.
        .executableTarget(name: "line-editor-demo", dependencies: ["LineEditor"], swiftSettings: swiftSettings),

        // Test helpers shared by the test targets that start real programs; no library or executable imports it.
        .target(name: "SupervisorTestSupport", dependencies: ["XMLRPC"], swiftSettings: swiftSettings),

        // One entry function per parser that reads untrusted bytes: fuzz/ wraps each in a libFuzzer executable,
        // FuzzRegressionTests replays the committed crash inputs through the same functions.
        .target(
            name: "SupervisorFuzzTargets",
            dependencies: [
                "XMLRPC", "SupervisorConfig", "SupervisorEngine", "SupervisorHTTP", "SupervisorWebUI",
                "SupervisorClient",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),

        // MARK: - Tests
        .testTarget(
            name: "SupervisorConfigTests", dependencies: ["SupervisorConfig"], exclude: ["Fixtures"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SupervisorEngineTests", dependencies: ["SupervisorEngine"], swiftSettings: swiftSettings),
        .testTarget(name: "SupervisorLogsTests", dependencies: ["SupervisorLogs"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SupervisorAPITests", dependencies: ["SupervisorAPI", "SupervisorEngine", "SupervisorConfig", "XMLRPC"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "XMLRPCTests",
            dependencies: ["XMLRPC"],
            resources: [.copy("Fixtures")],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "IntegrationTests",
            dependencies: [
                "supervisord", "supervisorctl", "echo_supervisord_conf", "SupervisorClient", "XMLRPC",
                "SupervisorTestSupport",
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "CompatTests", dependencies: ["supervisord", "SupervisorClient", "XMLRPC", "SupervisorTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(name: "SupervisorRuntimeTests", dependencies: ["SupervisorRuntime"], swiftSettings: swiftSettings),
        .testTarget(
            name: "SupervisorProbesTests",
            dependencies: ["SupervisorProbes", "SupervisorConfig", "SupervisorEngine", "SupervisorTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SupervisorHTTPTests",
            dependencies: [
                "SupervisorHTTP",
                "SupervisorConfig",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
                .product(name: "NIOEmbedded", package: "swift-nio"),
            ],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SupervisorWebUITests", dependencies: ["SupervisorWebUI", "SupervisorAPI", "XMLRPC"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SupervisorClientTests", dependencies: ["SupervisorClient", "XMLRPC", "SupervisorTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SupervisorCtlTests", dependencies: ["SupervisorCtl", "SupervisorClient", "SupervisorConfig", "XMLRPC"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "SupervisorCtlCompatTests",
            dependencies: ["supervisorctl", "supervisord", "SupervisorClient", "XMLRPC", "SupervisorTestSupport"],
            swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "FuzzRegressionTests", dependencies: ["SupervisorFuzzTargets"], swiftSettings: swiftSettings
        ),
        .testTarget(
            name: "LineEditorTests", dependencies: ["LineEditor", "line-editor-demo", "SupervisorTestSupport"],
            swiftSettings: swiftSettings
        ),
    ]
)
