import Foundation
import Paillier
import Policy
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime

/// The batch step's handling of input lines: once every policy has admitted or rejected a record, its line's text
/// is gone from the batch (a rejected one's rejects entry was written first).
final class BatchProcessorTests: XCTestCase {
    func testNoInputLineIsKeptAfterAdmission() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try directory.write("none.csv", "meter_id,region,timestamp,energy_wh\n")
        let registry = StageRegistry.builtIn
        let policy = try PolicyLoader.load(yaml: """
            policy: p
            scope: household
            window: 1h
            source: { type: csv, path: none.csv }
            encrypt: { type: paillier, public_key: "\(TestKeys.publicKeyURL.path)" }
            aggregate: { type: sum }
            sinks: [ { type: jsonl, path: out.jsonl } ]
            rejects: rejects.jsonl
            """, fileName: "p.yaml", baseDirectory: directory.url, environment: [:], catalog: registry)
        let setup = try await PipelineSetup.build(policies: [policy], registry: registry, options: RunOptions())
        let start: Int64 = 1_704_067_200
        func record(_ meter: String, _ value: String, line: Int) -> SourceItem {
            .record(SourceRecord(meterID: meter, region: "north", timestamp: start, value: ExactDecimal(value)!,
                                 position: SourcePosition(source: "test", line: line), rawText: "\(meter),north,2024-01-01T00:00:00Z,\(value)"))
        }
        var items: [SourceItem] = [
            record("m1", "1.5", line: 2),
            record("m2", "1.2345", line: 3),  // too precise: rejected
            .malformed(RejectedReading(position: SourcePosition(source: "test", line: 4), rawText: "garbage 7", reason: .malformed, detail: "x")),
        ]
        let processor = BatchProcessor(runs: setup.runs, groups: setup.groups, joint: setup.joint)
        try await processor.process(&items, now: start + 60)
        XCTAssertEqual(setup.runs[0].accepted, 1)
        XCTAssertEqual(setup.runs[0].rejections.counts, [.tooPrecise: 1, .malformed: 1])
        for item in items {
            switch item {
            case .record(let record): XCTAssertEqual(record.rawText, "", "line \(record.position.line)")
            case .malformed(let rejected): XCTAssertEqual(rejected.rawText, "", "line \(rejected.position.line)")
            }
        }
        try await processor.finish(stopped: false, now: start + 7200)
        try await setup.closeSinks()
        await setup.closeSourceAndLogs()
    }
}
