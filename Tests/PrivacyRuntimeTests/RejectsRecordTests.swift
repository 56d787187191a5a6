import Foundation
import Policy
import PrivacyRuntimeTesting
import RuntimeKeys
import XCTest
@testable import PrivacyRuntime

/// A reject keeps where, who, when and why, never the value: a parsed line's HMAC-SHA-256 under the
/// runtime key (checked against Python's hashlib/hmac), an unparsed line's text with its digits masked.
final class RejectsRecordTests: XCTestCase {
    private let lines = [
        "m1,r,2024-01-01T00:00:00Z,1.5",
        "m1,r,2024-01-01T00:00:00Z,918273.645",
        "m2,r,2024-01-01T00:00:00Z,7.0009",
        "m3,r,2024-01-01T00:05:00Z,91827x3645",
        "m4,r,2024-01-01T00:00:00Z,483920175.125",
    ]

    private func run(runtimeKey: URL?, in directory: TemporaryDirectory) async throws -> [[String: Any]] {
        try directory.write("in.csv", (["meter_id,region,timestamp,energy_wh"] + lines).joined(separator: "\n") + "\n")
        let policy = try PolicyLoader.load(yaml: """
            policy: p
            scope: household
            window: 1d
            aggregate:
              type: sum
            readings:
              resolution: 0.001
              min: 0
              max: 1000000
            encrypt:
              type: paillier
              public_key: \(TestKeys.publicKeyURL.path)
            source:
              type: csv
              path: in.csv
            \(runtimeKey.map { "runtime_key: \($0.path)" } ?? "")
            rejects: rejects.jsonl
            sinks:
              - type: jsonl
                path: out.jsonl
            """, fileName: "p.yaml", baseDirectory: directory.url, environment: [:], catalog: StageRegistry.builtIn)
        var options = RunOptions()
        options.now = { RFC3339.parse("2024-01-02T00:00:00Z")! }
        _ = try await PipelineRunner(policies: [policy], registry: .builtIn, options: options).run()
        return try directory.jsonLines(prefix: "rejects.").sorted { ($0["line"] as! Int) < ($1["line"] as! Int) }
    }

    func testRejectsCarryTheHMACOfTheLineAsPythonComputesItAndNoValue() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let keyFile = directory.url.appendingPathComponent("site.runtime-key.json")
        try RuntimeKey.generate(label: "test key").write(to: keyFile)
        let rejects = try await run(runtimeKey: keyFile, in: directory)

        // File lines 3 to 6 are `lines[1...4]`: a duplicate, too precise, malformed, out of range.
        XCTAssertEqual(rejects.map { $0["line"] as? Int }, [3, 4, 5, 6])
        XCTAssertEqual(rejects.map { $0["reason"] as? String }, ["duplicate", "too_precise", "bad_number", "out_of_range"])
        let parsed = [rejects[0], rejects[1], rejects[3]]
        XCTAssertEqual(parsed.map { $0["meter"] as? String }, ["m1", "m2", "m4"])
        XCTAssertEqual(parsed.map { $0["timestamp"] as? String }, Array(repeating: "2024-01-01T00:00:00Z", count: 3))
        let expected = try RuntimeKeyPython.run("mac", keyFile: keyFile.path, input: [lines[1], lines[2], lines[4]].map { Data($0.utf8) })
        XCTAssertEqual(parsed.map { $0["hmac"] as? String }, expected)
        XCTAssertTrue(parsed.allSatisfy { $0["masked"] == nil && $0["raw"] == nil }, "\(parsed)")

        let malformed = rejects[2]
        XCTAssertEqual(malformed["masked"] as? String, "m#,r,####-##-##T##:##:##Z,#####x####")
        XCTAssertNil(malformed["meter"])
        XCTAssertNil(malformed["raw"])
        for var reject in rejects {
            reject["hmac"] = nil  // hex digits: a short number can occur in it by chance
            let text = String(decoding: try JSONSerialization.data(withJSONObject: reject), as: UTF8.self)
            for value in ["918273", ".645", "483920175", ".125", "7.0009", "0009", "91827", "3645"] {
                XCTAssertFalse(text.contains(value), "\(value) in \(text)")
            }
        }
    }

    func testWithoutARuntimeKeyRejectsKeepNoHMACAndStillNoValue() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let rejects = try await run(runtimeKey: nil, in: directory)
        XCTAssertEqual(rejects.map { $0["reason"] as? String }, ["duplicate", "too_precise", "bad_number", "out_of_range"])
        XCTAssertTrue(rejects.allSatisfy { $0["hmac"] == nil && $0["raw"] == nil }, "\(rejects)")
        XCTAssertEqual(rejects.first?["meter"] as? String, "m1")
    }
}
