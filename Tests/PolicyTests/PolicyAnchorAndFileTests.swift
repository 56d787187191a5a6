import Foundation
import XCTest
@testable import Policy

/// Anchors under `x-` keys, reused by aliases; file errors.
final class PolicyAnchorAndFileTests: XCTestCase {
    func testExtensionKeysHoldAnchorsThatAliasesReuse() throws {
        var lines = validPolicyLines
        lines[15] = "  - *db\n  - {type: jsonl, path: b.jsonl}"
        lines.insert("x-database: &db\n  type: sqlite\n  path: a.sqlite", at: 0)
        let loaded = try loadPolicy(lines.joined(separator: "\n"))
        XCTAssertEqual(loaded.sinks.map(\.type), ["sqlite", "jsonl"])
        XCTAssertEqual(loaded.sinks[0].location, SourceLocation(file: "test.yaml", line: 19, column: 5))
        XCTAssertEqual(loaded.sinks[0].options.first?.value.location, SourceLocation(file: "test.yaml", line: 3, column: 9))
    }

    func testMissingFileIsOneReadableLine() {
        let url = URL(fileURLWithPath: "/tmp/policies-test-\(UUID().uuidString)/missing.yaml")
        XCTAssertThrowsError(try PolicyLoader.load(contentsOf: url, environment: [:])) { error in
            XCTAssertEqual("\(error)", "\(url.path):1:1: error: cannot read policy file: No such file or directory")
        }
    }
}
