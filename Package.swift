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
        .library(name: "MeterRegistry", targets: ["MeterRegistry"]),
        .library(name: "PrivacyRuntime", targets: ["PrivacyRuntime"]),
        .library(name: "PrivacyRuntimeCLI", targets: ["PrivacyRuntimeCLI"]),
        .library(name: "SQLiteSink", targets: ["SQLiteSink"]),
        .library(name: "PostgresSink", targets: ["PostgresSink"]),
        .library(name: "MQTTSource", targets: ["MQTTSource"]),
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

        // Core modules: crypto knows nothing of policies; policies know nothing of stage implementations.
        .target(name: "Paillier", dependencies: ["CGMP", .product(name: "Crypto", package: "swift-crypto")]),
        .target(name: "Policy", dependencies: ["CYAML"]),
        // The runtime operator's own key (HMAC, sealing, signing); independent of Paillier and policies.
        .target(name: "RuntimeKeys", dependencies: [.product(name: "Crypto", package: "swift-crypto")]),
        // The meter registry signed by a registry authority (not the key holder), and meters' reading signatures.
        .target(name: "MeterRegistry", dependencies: ["Policy", "RuntimeKeys", .product(name: "Crypto", package: "swift-crypto")]),
        .target(
            name: "PrivacyRuntime",
            dependencies: [
                "Paillier", "Policy", "RuntimeKeys", "MeterRegistry",
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "AsyncAlgorithms", package: "swift-async-algorithms"),
            ]),
        .target(
            name: "PrivacyRuntimeCLI",
            dependencies: [
                "PrivacyRuntime", "Paillier", "Policy", "RuntimeKeys", "MeterRegistry",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
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

        // Executables.
        .executableTarget(
            name: "privacy-runtime",
            dependencies: [
                "PrivacyRuntime", "PrivacyRuntimeCLI", "SQLiteSink", "PostgresSink", "MQTTSource",
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
        .testTarget(name: "PolicyTests", dependencies: ["Policy"]),
        .testTarget(name: "PrivacyRuntimeTests", dependencies: [
            "PrivacyRuntime", "PrivacyRuntimeTesting", "SQLiteSink", "Paillier", "Policy", "RuntimeKeys", "MeterRegistry",
            .product(name: "Logging", package: "swift-log"),
        ]),
        .testTarget(name: "MeterRegistryTests", dependencies: ["MeterRegistry", "Policy", "RuntimeKeys", .product(name: "Crypto", package: "swift-crypto")]),
        .testTarget(name: "EndToEndTests", dependencies: ["Paillier", "RuntimeKeys"]),
        .testTarget(
            name: "PluginTests",
            dependencies: [
                "PostgresSink", "MQTTSource", "PrivacyRuntime", "PrivacyRuntimeTesting", "Paillier",
                .product(name: "PostgresNIO", package: "postgres-nio"),
            ]),
        .testTarget(name: "PrivacyRuntimeTestingTests", dependencies: ["PrivacyRuntimeTesting", "PrivacyRuntime", "Paillier", "Policy"]),
    ]
)
