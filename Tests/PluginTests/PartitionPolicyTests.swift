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
        for sink in ["jsonl\n    path: out.jsonl", "stdout", "sqlite\n    path: out.db"] {
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
}
