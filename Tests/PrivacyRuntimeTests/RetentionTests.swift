import Foundation
import Policy
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime
import SQLiteSink

final class RetentionTests: XCTestCase {
    func testExpiredAggregatesAndRejectsFilesAreDeletedAndLogged() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("in.csv", """
            meter_id,region,timestamp,energy_wh
            m1,r,2024-01-01T00:00:00Z,1
            m1,r,2024-01-01T00:00:00Z,2
            m1,r,2024-01-03T00:00:00Z,3
            """)
        var registry = StageRegistry.builtIn
        SQLiteSinkPlugin.register(in: &registry)
        let policy = try PolicyLoader.load(yaml: """
            policy: p
            scope: household
            window: 1d
            source:
              type: csv
              path: in.csv
            encrypt:
              type: paillier
              public_key: \(TestKeys.publicKeyURL.path)
            aggregate:
              type: sum
            retention:
              aggregates: 10d
              rejected: 7d
            sinks:
              - type: sqlite
                path: out.sqlite
            """, fileName: "p.yaml", baseDirectory: directory.url, environment: [:], catalog: registry)
        func run(at now: Int64) async throws -> RunSummary {
            var options = RunOptions()
            options.now = { now }
            return try await PipelineRunner(policies: [policy], registry: registry, options: options).run()
        }
        func rows() throws -> [Int64] {
            var starts: [Int64] = []
            try SQLiteAggregateReader(path: directory.path("out.sqlite")).forEach { starts.append($0.windowStart) }
            return starts
        }
        let day: Int64 = 86_400
        let jan1 = RFC3339.parse("2024-01-01T00:00:00Z")!
        // First run on Jan 4: two windows written, one duplicate rejected into the Jan 4 rejects file.
        let first = try await run(at: jan1 + 3 * day)
        XCTAssertEqual(first.policies[0].rejected, [.duplicate: 1])
        XCTAssertEqual(try rows(), [jan1, jan1 + 2 * day])
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.path("p.rejects.2024-01-04.jsonl")),
                      "\((try? FileManager.default.contentsOfDirectory(atPath: directory.url.path)) ?? [])")
        // Second run on Jan 12 (window ends: Jan 2 and Jan 4; cutoff Jan 2): only the Jan 1 window expires. The
        // input replays it, but a window is released once: every reading of the replay is rejected as already
        // released, so the expired window stays deleted. The rejects file of Jan 4 ends Jan 5, past the 7-day
        // cutoff of Jan 5: deleted.
        let second = try await run(at: jan1 + 11 * day)
        XCTAssertEqual(second.policies[0].rejected, [.alreadyReleased: 3])
        let log = try directory.jsonLines(prefix: "p.purge")
        let deletions = log.filter { $0["action"] as? String == "aggregates_deleted" }
        XCTAssertEqual(deletions.count, 1)
        XCTAssertEqual(deletions.first?["count"] as? Int, 1)
        XCTAssertEqual(log.filter { $0["action"] as? String == "rejects_deleted" }.count, 1)
        XCTAssertFalse(FileManager.default.fileExists(atPath: directory.path("p.rejects.2024-01-04.jsonl")))
        XCTAssertTrue(FileManager.default.fileExists(atPath: directory.path("p.rejects.2024-01-12.jsonl")))
        XCTAssertEqual(try rows(), [jan1 + 2 * day])
    }
}
