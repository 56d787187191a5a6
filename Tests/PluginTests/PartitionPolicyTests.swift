import Foundation
import Policy
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// What a partitioned `nats` source asks of a policy: sinks that check fencing tokens, and valid partition options.
final class PartitionPolicyTests: XCTestCase {
    private func yaml(source extra: String, sink: String) -> String {
        """
        policy: partitioned
        scope: region
        window: 1h
        source:
          type: nats
          url: nats://127.0.0.1:4222
        \(extra)
        encrypt:
          type: paillier
          public_key: \(TestKeys.publicKeyURL.path)
        aggregate:
          type: sum
          min_meters: 5
        sinks:
        \(sink)
        """
    }

    private let postgres = """
          - type: postgres
            database: utility
            user: runtime
        """

    private func load(_ text: String) throws(PolicyError) -> Policy {
        try PolicyLoader.load(yaml: text, fileName: "p.yaml", baseDirectory: FileManager.default.temporaryDirectory,
                              environment: [:], catalog: StageRegistry.withServerPlugins)
    }

    func testSinksThatCannotCheckATokenAreRefusedAtTheirLine() {
        for sink in ["jsonl\n    path: out.jsonl", "stdout"] {
            let text = yaml(source: "  partitions: 4", sink: postgres + "\n  - type: \(sink)")
            XCTAssertThrowsError(try load(text), sink) { error in
                let diagnostics = (error as! PolicyError).diagnostics
                XCTAssertEqual(diagnostics.count, 1, "\(diagnostics)")
                let type = String(sink.prefix { $0 != "\n" })
                XCTAssertEqual(diagnostics.first?.location.line, 18, "\(diagnostics)")
                XCTAssertEqual(diagnostics.first?.location.column, 11, "\(diagnostics)")
                XCTAssertTrue(diagnostics.first?.message.contains("sink '\(type)' cannot check fencing tokens") ?? false, "\(diagnostics)")
            }
        }
    }

    func testPostgresSinkIsAllowedAndUnpartitionedSourcesTakeAnySink() throws {
        XCTAssertNoThrow(try load(yaml(source: "  partitions: 4\n  lease_ttl: 6s\n  max_partitions: 2", sink: postgres)))
        XCTAssertNoThrow(try load(yaml(source: "  subject: meters.>", sink: "  - type: stdout")))
        let registry = StageRegistry.withServerPlugins
        let policy = try load(yaml(source: "  partitions: 4", sink: postgres))
        XCTAssertEqual(registry.outline(policy.source).partitions, 4)
    }

    func testPartitionOptionsAreChecked() {
        let cases: [(String, String)] = [
            ("  max_partitions: 2", "max_partitions needs partitions"),
            ("  partitions: 2\n  max_partitions: 3", "max_partitions (3) is more than partitions (2)"),
            ("  partitions: 2\n  lease_ttl: 1s", "lease_ttl must be between 3s and 5m"),
            ("  partitions: 2\n  lease_bucket: a.b", "is not a bucket name"),
            ("  partitions: 0", "partitions"),
        ]
        for (options, expected) in cases {
            XCTAssertThrowsError(try load(yaml(source: options, sink: postgres)), options) { error in
                XCTAssertTrue("\(error)".contains(expected), "\(options): \(error)")
            }
        }
    }

    func testCheckCommandRefusesTheSQLiteSinkWithFileLineAndColumn() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("partition-check-\(UUID())")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try yaml(source: "  partitions: 4", sink: postgres + "\n  - type: sqlite\n    path: out.db")
            .write(to: directory.appendingPathComponent("p.yaml"), atomically: true, encoding: .utf8)
        let process = Process()
        process.executableURL = try RuntimeInstance.executable
        process.arguments = ["check", "p.yaml"]
        process.currentDirectoryURL = directory
        let errors = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = try FileHandle(forWritingTo: errors)
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: errors, encoding: .utf8)
        XCTAssertEqual(process.terminationStatus, 1, text)
        XCTAssertTrue(text.contains("p.yaml:18:11: error: sink 'sqlite' cannot check fencing tokens"), text)
    }
}
