import Policy
import PrivacyRuntimeTesting
import Synchronization
import XCTest
@testable import PrivacyRuntime

/// The joint release's timing: a region hour waits for the household windows of its 2h block, and blocks are decided
/// as the watermarks pass them, during the run, not at its end.
final class JointReleaseTests: XCTestCase {
    /// What a `record` sink wrote, in order: `policy key@start`.
    private final class WriteLog: Sendable {
        let entries = Mutex<[(policy: String, key: String, start: Int64)]>([])
    }

    private struct RecordingSink: AggregateSink {
        let log: WriteLog
        func write(_ batch: [WindowAggregate]) async throws {
            log.entries.withLock { $0 += batch.map { ($0.policy, $0.scopeKey, $0.windowStart) } }
        }
        func close() async throws {}
    }

    private let start: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z

    private func policy(_ name: String, scope: String, window: String, minMeters: Int, in directory: TemporaryDirectory,
                        registry: StageRegistry) throws -> Policy {
        try PolicyLoader.load(yaml: """
            policy: \(name)
            scope: \(scope)
            window: \(window)
            lateness: 10m
            source:
              type: csv
              path: readings.csv
            encrypt:
              type: paillier
              public_key: \(TestKeys.publicKeyURL.path)
              mode: per_window
            aggregate:
              type: sum
              min_meters: \(minMeters)
            sinks:
              - type: record
            rejects: rejects.jsonl
            """, fileName: "\(name).yaml", baseDirectory: directory.url, environment: [:], catalog: registry)
    }

    func testARegionHourWaitsForItsBlocksHouseholdWindowsAndBlocksAreDecidedDuringTheRun() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // Six meters of one region, a reading every 5 minutes for 6 hours: three 2h blocks.
        var csv = ["meter_id,region,timestamp,energy_wh"]
        for step in 0..<72 {
            for meter in 0..<6 { csv.append("m\(meter),north,\(RFC3339.format(start + Int64(step) * 300)),\(1 + (step * 7 + meter) % 50).5") }
        }
        try directory.write("readings.csv", csv.joined(separator: "\n") + "\n")
        let log = WriteLog()
        var registry = StageRegistry.builtIn
        registry.register(sink: "record") { _ in { _ in RecordingSink(log: log) } }
        let billing = try policy("billing", scope: "household", window: "2h", minMeters: 1, in: directory, registry: registry)
        let regional = try policy("regional", scope: "region", window: "1h", minMeters: 5, in: directory, registry: registry)
        var options = RunOptions()
        options.batchSize = 30
        let summary = try await PipelineRunner(policies: [billing, regional], registry: registry, options: options).run()
        XCTAssertEqual(summary.policies.map(\.windowsReleased), [18, 6])

        let entries = log.entries.withLock { $0 }
        func position(_ policy: String, _ key: String, _ windowStart: Int64) throws -> Int {
            try XCTUnwrap(entries.firstIndex { $0.policy == policy && $0.key == key && $0.start == windowStart }, "\(policy) \(key)@\(windowStart)")
        }
        for block in 0..<3 {
            let blockStart = start + Int64(block) * 7200
            let lastBill = try (0..<6).map { try position("billing", "m\($0)", blockStart) }.max()!
            for hour in [blockStart, blockStart + 3600] {
                XCTAssertGreaterThan(try position("regional", "north", hour), lastBill, "hour \(hour) before its block's bills")
            }
        }
        // The first block's hours are out before the last block's bills: decided when the watermarks passed the block.
        let firstBlockHours = try position("regional", "north", start + 3600)
        let lastBlockBills = try (0..<6).map { try position("billing", "m\($0)", start + 4 * 3600) }.min()!
        XCTAssertLessThan(firstBlockHours, lastBlockBills)
    }
}
