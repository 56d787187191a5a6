// swift-tools-version: 6.0
import PackageDescription

let package = Package(
    name: "privacy-runtime",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "privacy-runtime", targets: ["privacy-runtime"]),
        .library(name: "Paillier", targets: ["Paillier"]),
        .library(name: "Policy", targets: ["Policy"]),
        .library(name: "RuntimeKeys", targets: ["RuntimeKeys"]),
        .library(name: "DifferentialPrivacy", targets: ["DifferentialPrivacy"]),
        .library(name: "MeterRegistry", targets: ["MeterRegistry"]),
        .library(name: "PrivacyRuntime", targets: ["PrivacyRuntime"]),
        .library(name: "PrivacyRuntimeCLI", targets: ["PrivacyRuntimeCLI"]),
        .library(name: "SQLiteSink", targets: ["SQLiteSink"]),
        .library(name: "PostgresSink", targets: ["PostgresSink"]),
        .library(name: "MQTTSource", targets: ["MQTTSource"]),
        .library(name: "NATSSource", targets: ["NATSSource"]),
        .library(name: "PrivacyRuntimeTesting", targets: ["PrivacyRuntimeTesting"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-async-algorithms", from: "1.1.4"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/vapor/postgres-nio", from: "1.33.2"),
        .package(url: "https://github.com/apple/swift-crypto", "3.12.3"..<"5.0.0"),
        .package(url: "https://github.com/apple/swift-metrics", from: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus", from: "2.4.1"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
    ],
    targets: [
        // C libraries, each behind one thin module.
        .systemLibrary(
            name: "CGMP", pkgConfig: "gmp",
            providers: [.apt(["libgmp-dev"])]),
        .systemLibrary(
            name: "CYAML", pkgConfig: "yaml-0.1",
            providers: [.apt(["libyaml-dev"])]),
        .systemLibrary(
            name: "CMosquitto", pkgConfig: "libmosquitto",
            providers: [.apt(["libmosquitto-dev"])]),
        .systemLibrary(
            name: "CNATS", pkgConfig: "libnats",
            providers: [.apt(["libnats-dev"])]),
        // prctl, which is variadic in C and so not callable from Swift.
        .systemLibrary(name: "CProcessControl"),

        // Core modules: crypto knows nothing of policies; policies know nothing of stage implementations.
        .target(name: "Paillier", dependencies: ["CGMP", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Policy", dependencies: ["CYAML", .product(name: "Crypto", package: "swift-crypto")]),
        // Exact noise samplers (integer arithmetic over GMP, OS randomness) for differentially private releases.
        .target(name: "DifferentialPrivacy", dependencies: ["Paillier"]),
        // The runtime operator's own key (HMAC, sealing, signing); independent of Paillier and policies.
        .target(name: "RuntimeKeys", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The meter registry signed by a registry authority (not the key holder), and meters' reading signatures.
        .target(name: "MeterRegistry", dependencies: ["Policy", "RuntimeKeys", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "PrivacyRuntime",
            dependencies: [
                "Paillier", "Policy", "RuntimeKeys", "CProcessControl", "MeterRegistry", "DifferentialPrivacy",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
            ]),
        .target(
            name: "PrivacyRuntimeCLI",
            dependencies: [
                "PrivacyRuntime", "Paillier", "Policy", "RuntimeKeys", "MeterRegistry", "DifferentialPrivacy",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "CoreMetrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOHTTP1", package: "swift-nio"),
            ],
            plugins: ["BuildInfoPlugin"]),
        // Records the git commit for `--version` before each build.
        .plugin(name: "BuildInfoPlugin", capability: .buildTool(), path: "BuildSupport/BuildInfoPlugin"),

        // The harness plugin authors test their stages with (in-memory source, capturing sink, test key).
        .target(
            name: "PrivacyRuntimeTesting",
            dependencies: [
                "PrivacyRuntime", "Paillier", "Policy",
                .product(name: "Logging", package: "swift-log"),
            ]),

        // First-party plugins: depend on the core, never the reverse.
        .target(
            name: "SQLiteSink",
            dependencies: ["PrivacyRuntime", .product(name: "GRDB", package: "GRDB.swift")],
            path: "Plugins/SQLiteSink"),
        .target(
            name: "PostgresSink",
            dependencies: ["PrivacyRuntime", .product(name: "PostgresNIO", package: "postgres-nio")],
            path: "Plugins/PostgresSink"),
        .target(
            name: "MQTTSource",
            dependencies: ["PrivacyRuntime", "CMosquitto", .product(name: "AsyncAlgorithms", package: "swift-async-algorithms")],
            path: "Plugins/MQTTSource"),
        .target(
            name: "NATSSource",
            dependencies: [
                "PrivacyRuntime", "CNATS", .product(name: "Logging", package: "swift-log"),
                .product(name: "Crypto", package: "swift-crypto"),
            ],
            path: "Plugins/NATSSource"),

        // Executables.
        .executableTarget(
            name: "privacy-runtime",
            dependencies: [
                "PrivacyRuntime", "PrivacyRuntimeCLI", "SQLiteSink", "PostgresSink", "MQTTSource", "NATSSource",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(
            name: "privacy-runtime-bench",
            dependencies: ["PrivacyRuntime", "PrivacyRuntimeCLI", "SQLiteSink"]),
        .executableTarget(
            name: "paillier-bench",
            dependencies: ["Paillier", .product(name: "ArgumentParser", package: "swift-argument-parser")]),

        // Tests.
        .testTarget(name: "PaillierTests", dependencies: ["Paillier"]),
        .testTarget(name: "PolicyTests", dependencies: ["Policy", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "DifferentialPrivacyTests", dependencies: ["DifferentialPrivacy", "Paillier"]),
        .testTarget(name: "PrivacyRuntimeTests", dependencies: [
            "PrivacyRuntime", "PrivacyRuntimeTesting", "SQLiteSink", "Paillier", "Policy", "RuntimeKeys", "MeterRegistry",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "GRDB", package: "GRDB.swift"),
            .product(name: "MetricsTestKit", package: "swift-metrics"),
        ]),
        .testTarget(name: "MeterRegistryTests", dependencies: ["MeterRegistry", "Policy", "RuntimeKeys", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "EndToEndTests", dependencies: ["Paillier", "RuntimeKeys"]),
        .testTarget(
            name: "PluginTests",
            dependencies: [
                "PostgresSink", "MQTTSource", "NATSSource", "CNATS", "PrivacyRuntime", "PrivacyRuntimeTesting", "Paillier",
                "RuntimeKeys", .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        .testTarget(name: "PrivacyRuntimeTestingTests", dependencies: ["PrivacyRuntimeTesting", "PrivacyRuntime", "Paillier", "Policy"]),
    ]
)
