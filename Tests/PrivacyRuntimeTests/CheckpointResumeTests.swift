import Foundation
import Paillier
import Policy
import PrivacyRuntimeTesting
import RuntimeKeys
import XCTest
@testable import PrivacyRuntime

/// A run over a replayable log that crashes after its last checkpoint, and resumes from it: the windows are the
/// ones the input gives, none missing; a window released between the checkpoint and the crash is released again
/// from the same readings (not suppressed as partial or rejected as already released), so an insert-once sink
/// keeps a complete first row.
final class CheckpointResumeTests: XCTestCase {
    private let start: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z

    /// 8 meters in 2 regions, one reading each per 15 minutes for 6 hours, in time order (192 readings).
    private func fleet() -> [SourceRecord] {
        var records: [SourceRecord] = []
        for slot in 0..<24 {
            for meter in 0..<8 {
                let tenths = (meter * 37 + slot * 113) % 4000 + 1
                records.append(SourceRecord(
                    meterID: "m-\(meter)", region: meter % 2 == 0 ? "north" : "south", timestamp: start + Int64(slot) * 900,
                    value: ExactDecimal("\(tenths / 10).\(tenths % 10)")!,
                    position: SourcePosition(source: "log", line: records.count + 1), rawText: ""))
            }
        }
        return records
    }

    /// Sums in mWh by region and hour start, computed from the input.
    private func expected(_ records: [SourceRecord]) -> [String: Int64] {
        var sums: [String: Int64] = [:]
        for record in records {
            let hour = record.timestamp - (record.timestamp - start) % 3600
            sums["\(record.region)@\(hour)", default: 0] += record.value!.units(decimalPlaces: 3)!
        }
        return sums
    }

    private func policy(_ directory: TemporaryDirectory, _ registry: StageRegistry, keyPath: String,
                        name: String = "regional", scope: String = "region", window: String = "1h") throws -> Policy {
        try PolicyLoader.load(yaml: """
            policy: \(name)
            scope: \(scope)
            window: \(window)
            lateness: 0s
            runtime_key: \(keyPath)
            source:
              type: memlog
            encrypt:
              type: paillier
              public_key: \(TestKeys.publicKeyURL.path)
            aggregate:
              type: sum
              min_meters: 1\(scope == "region" ? "\n  allow_small_groups: \"test fleet\"" : "")
            sinks:
              - type: capture
            rejects: rejects.jsonl
            release:
              incomplete: suppress
            """, fileName: "\(name).yaml", baseDirectory: directory.url, environment: [:], catalog: registry)
    }

    /// Runs the policy over `source` into `sink`; returns the summary, or nil when the run failed (the crash).
    private func run(_ source: MemoryLogSource, into sink: CapturingSink, _ directory: TemporaryDirectory,
                     keyPath: String, runner box: RunnerBox? = nil) async throws -> RunSummary? {
        var registry = StageRegistry.builtIn
        registry.register(source: "memlog") { _ in { _ in source } }
        registry.register(sink: "capture") { _ in { _ in sink } }
        var options = RunOptions()
        options.batchSize = 8
        let runner = PipelineRunner(policies: [try policy(directory, registry, keyPath: keyPath)], registry: registry, options: options)
        box?.runner = runner
        do {
            return try await runner.run()
        } catch is SimulatedCrash {
            return nil
        }
    }

    private func totals(_ aggregates: [WindowAggregate]) throws -> [String: Int64] {
        var totals: [String: Int64] = [:]
        for aggregate in aggregates where totals["\(aggregate.scopeKey)@\(aggregate.windowStart)"] == nil {
            totals["\(aggregate.scopeKey)@\(aggregate.windowStart)"] = try TestKeys.decrypt(aggregate.ciphertext)
        }
        return totals
    }

    func testACrashAfterTheLastCheckpointLosesNothingAndReleasesTheSameWindowsAgain() async throws {
        let directory = try TemporaryDirectory()
        let keyPath = directory.path("runtime.key.json")
        try RuntimeKey.generate().write(to: URL(fileURLWithPath: keyPath))
        let records = fleet()
        // Checkpoints after every batch, but the store keeps none after sequence 64 (hour 2): the crash at sequence
        // 150 finds the release state hours ahead of the checkpoint.
        let store = MemoryCheckpointStore(keepThrough: 64)
        let first = CapturingSink()
        let crashed = try await run(try await MemoryLogSource(records: records, store: store, interval: .zero, crashAt: 150),
                                    into: first, directory, keyPath: keyPath)
        XCTAssertNil(crashed, "the first run crashes")
        let checkpoint = try XCTUnwrap(store.kept)
        XCTAssertLessThanOrEqual(checkpoint.sequence, 64)
        XCTAssertGreaterThan(store.saves, 10)
        let releasedBeforeCrash = try totals(first.aggregates)
        XCTAssertGreaterThanOrEqual(releasedBeforeCrash.count, 4, "hours released after the checkpoint, before the crash")

        let second = CapturingSink()
        let resumed = try await run(try await MemoryLogSource(records: records, store: store, interval: .seconds(3600), crashAt: nil),
                                    into: second, directory, keyPath: keyPath)
        let summary = try XCTUnwrap(resumed)
        XCTAssertEqual(summary.policies[0].rejectedTotal, 0, "no replayed reading is rejected (already released, duplicate, late)")
        XCTAssertEqual(summary.policies[0].windowsSuppressed, 0, "no window is suppressed as partial")
        XCTAssertFalse(second.aggregates.contains { $0.incomplete }, "none is marked incomplete")
        XCTAssertEqual(summary.policies[0].accepted, records.count - Int(checkpoint.sequence), "the replay reads after the checkpoint only")

        // An insert-once sink keeps the first row of each window.
        let stored = try totals(first.aggregates + second.aggregates)
        XCTAssertEqual(stored, expected(records), "every window, none missing, each the input's sum")
        let again = try totals(second.aggregates)
        for (window, total) in releasedBeforeCrash where window.hasSuffix("@\(start + 3 * 3600)") {
            XCTAssertEqual(again[window], total, "\(window): released after the checkpoint, released again with the same sum")
        }
    }

    func testReplayingTheSameLogGivesTheSameWindowsAsOneUninterruptedRun() async throws {
        let directory = try TemporaryDirectory()
        let keyPath = directory.path("runtime.key.json")
        try RuntimeKey.generate().write(to: URL(fileURLWithPath: keyPath))
        let records = fleet()
        let whole = CapturingSink()
        _ = try await run(try await MemoryLogSource(records: records, store: MemoryCheckpointStore(), interval: .seconds(3600), crashAt: nil),
                          into: whole, directory, keyPath: keyPath)
        XCTAssertEqual(try totals(whole.aggregates), expected(records))
        XCTAssertEqual(whole.aggregates.count, expected(records).count)
    }

    func testAStopKeepsTheOpenWindowsInAFinalCheckpointAndTheNextStartCompletesThem() async throws {
        let directory = try TemporaryDirectory()
        let keyPath = directory.path("runtime.key.json")
        try RuntimeKey.generate().write(to: URL(fileURLWithPath: keyPath))
        let records = fleet()
        let store = MemoryCheckpointStore()
        let box = RunnerBox()
        let first = CapturingSink()
        let stopped = try await run(
            try await MemoryLogSource(records: records, store: store, interval: .seconds(3600), crashAt: nil, stopAt: 100,
                                      stop: { box.runner?.stop() }),
            into: first, directory, keyPath: keyPath, runner: box)
        XCTAssertEqual(stopped?.stopped, true)
        XCTAssertEqual(stopped?.policies[0].windowsDiscarded, 0, "nothing dropped")
        let checkpoint = try XCTUnwrap(store.kept, "the stop wrote a checkpoint although the interval had not passed")
        XCTAssertGreaterThanOrEqual(checkpoint.sequence, 100)
        let expected = expected(records)
        for (window, total) in try totals(first.aggregates) {
            XCTAssertEqual(total, expected[window], "\(window): only complete windows released before the stop")
        }

        let second = CapturingSink()
        _ = try await run(try await MemoryLogSource(records: records, store: store, interval: .seconds(3600), crashAt: nil),
                          into: second, directory, keyPath: keyPath)
        XCTAssertEqual(try totals(first.aggregates + second.aggregates), expected)
        XCTAssertEqual(first.aggregates.count + second.aggregates.count, expected.count, "each window released once")
    }

    func testRegionAndHouseholdPoliciesReleasedJointlyRefuseCheckpoints() async throws {
        let directory = try TemporaryDirectory()
        let keyPath = directory.path("runtime.key.json")
        try RuntimeKey.generate().write(to: URL(fileURLWithPath: keyPath))
        let source = try await MemoryLogSource(records: fleet(), store: MemoryCheckpointStore(), interval: .seconds(1), crashAt: nil)
        var registry = StageRegistry.builtIn
        registry.register(source: "memlog") { _ in { _ in source } }
        registry.register(sink: "capture") { _ in { _ in CapturingSink() } }
        let policies = [try policy(directory, registry, keyPath: keyPath),
                        try policy(directory, registry, keyPath: keyPath, name: "billing", scope: "household", window: "2h")]
        do {
            _ = try await PipelineRunner(policies: policies, registry: registry).run()
            XCTFail("a joint run must refuse checkpoints it cannot make whole")
        } catch let error as CheckpointError {
            XCTAssertEqual(error.code, .unsupported)
        }
    }
}
