// swift-tools-version: 6.0
// A privacy-runtime build with a stage of its own: the `daily-csv` sink. It depends on the runtime by path;
// a real plugin would use `.package(url: "https://…/privacy-runtime", from: "…")` instead.
import PackageDescription

let package = Package(
    name: "custom-sink",
    platforms: [.macOS(.v14)],
    dependencies: [
        .package(name: "privacy-runtime", path: "../.."),
    ],
    targets: [
        // The plugin: the sink and its registration.
        .target(
            name: "DailyCSVSink",
            dependencies: [
                .product(name: "PrivacyRuntime", package: "privacy-runtime"),
                .product(name: "Policy", package: "privacy-runtime"),
            ]),
        // The distribution: the runtime's CLI with the built-in stages, the SQLite plugin and this sink.
        .executableTarget(
            name: "privacy-runtime-custom",
            dependencies: [
                "DailyCSVSink",
                .product(name: "PrivacyRuntime", package: "privacy-runtime"),
                .product(name: "PrivacyRuntimeCLI", package: "privacy-runtime"),
                .product(name: "SQLiteSink", package: "privacy-runtime"),
            ]),
        .testTarget(
            name: "DailyCSVSinkTests",
            dependencies: [
                "DailyCSVSink",
                .product(name: "PrivacyRuntime", package: "privacy-runtime"),
                .product(name: "PrivacyRuntimeTesting", package: "privacy-runtime"),
                .product(name: "Policy", package: "privacy-runtime"),
            ]),
    ]
)
