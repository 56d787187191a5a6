import Foundation
import Paillier
import Policy
import PrivacyRuntimeTesting
import XCTest
@testable import PrivacyRuntime
import SQLiteSink

/// Runs two policies over a small CSV, decrypts what the sinks got and compares it with sums computed here.
final class PipelineRunnerTests: XCTestCase {
    private struct Line {
        let meter: String
        let region: String
        let time: Int64
        let value: String
        var text: String { "\(meter),\(region),\(RFC3339.format(time)),\(value)" }
    }

    private let start: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z

    private func policyYAML(name: String, scope: String, window: String, lateness: String, minMeters: Int,
                            sink: String, source: String = "type: csv\n  path: readings.csv",
                            encryptor: String = "paillier", mode: EncryptionMode = .perReading,
                            onShutdown: String = "discard") -> String {
        """
        policy: \(name)
        scope: \(scope)
        window: \(window)
        lateness: \(lateness)
        source:
          \(source)
        encrypt:
          type: \(encryptor)
          public_key: \(TestKeys.publicKeyURL.path)
          mode: \(mode.rawValue)
        aggregate:
          type: sum
          min_meters: \(minMeters)\(scope == "region" && minMeters < 5 ? "\n  allow_small_groups: \"test fleet\"" : "")
        sinks:
          - \(sink)
        rejects: rejects.jsonl
        on_shutdown:
          open_windows: \(onShutdown)
        """
    }

    private func load(_ yaml: String, _ directory: TemporaryDirectory, _ registry: StageRegistry) throws -> Policy {
        try PolicyLoader.load(yaml: yaml, fileName: "p.yaml", baseDirectory: directory.url, environment: [:], catalog: registry)
    }

    /// The built-in stages, SQLite, and a `counting` encryptor that hands out the one of `counting` for its `mode:`.
    private func registry(counting: [EncryptionMode: CountingEncryptor]) -> StageRegistry {
        var registry = StageRegistry.builtIn
        SQLiteSinkPlugin.register(in: &registry)
        registry.register(encryptor: "counting") { options in
            _ = options.requiredPath("public_key")
            let encryptor = counting[options.choice("mode", default: EncryptionMode.perReading)]!
            return { _ in encryptor }
        }
        return registry
    }

    func testTwoPoliciesOverOneStreamMatchSumsComputedFromTheInput() async throws {
        try await runTwoPoliciesOverOneStream(billing: .perReading, regional: .perReading)
    }

    func testPerWindowModeGivesTheSameSumsWithOneEncryptionPerWindow() async throws {
        try await runTwoPoliciesOverOneStream(billing: .perWindow, regional: .perWindow)
    }

    func testPoliciesOfDifferentModesFoldInSeparateGroups() async throws {
        try await runTwoPoliciesOverOneStream(billing: .perWindow, regional: .perReading)
    }

    /// A billing and a regional policy over one CSV with bad, duplicate and late lines, each in `mode`; the decrypted
    /// aggregates must equal sums computed from the good lines, and the encryptions must be one per reading (shared by
    /// the per-reading policies) plus one per window of each per-window policy.
    private func runTwoPoliciesOverOneStream(billing billingMode: EncryptionMode, regional regionalMode: EncryptionMode) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        // m1–m3 in north, m4 alone in south; a reading every 15 minutes for 6 hours.
        let meters = [("m1", "north"), ("m2", "north"), ("m3", "north"), ("m4", "south")]
        var lines: [Line] = []
        for step in 0..<24 {
            for (index, (meter, region)) in meters.enumerated() {
                lines.append(Line(meter: meter, region: region, time: start + Int64(step) * 900,
                                  value: "\(100 * (index + 1) + step).\(String(format: "%03d", (step * 37 + index * 11) % 1000))"))
            }
        }
        // Bad lines, inserted at fixed places (after the given number of good lines), with their expected reason.
        let t = { (minutes: Int64) in RFC3339.format(self.start + minutes * 60) }
        let bad: [(after: Int, text: String, reason: String)] = [
            (5, "m1,north,not-a-time,1.0", "bad_timestamp"),
            (6, "garbage", "malformed"),
            // A meter whose clock is decades ahead: accepted, it would close every open window.
            (10, "m2,north,2099-01-01T00:00:00Z,3", "future"),
            (17, "m2,north,\(t(61)),1.2345", "too_precise"),
            (18, "m3,north,\(t(62)),2000000", "out_of_range"),
            (20, "m1,north,\(t(60)),5", "duplicate"),        // m1 at 01:00 is good line 16
            (84, "m1,north,\(t(90)),7", "late"),             // all meters have reached 05:15 by now
        ]
        var csv = ["meter_id,region,timestamp,energy_wh"]
        var expectedRejects: [Int: String] = [:]
        var nextBad = 0
        for (index, line) in lines.enumerated() {
            while nextBad < bad.count, bad[nextBad].after == index {
                csv.append(bad[nextBad].text)
                expectedRejects[csv.count] = bad[nextBad].reason
                nextBad += 1
            }
            csv.append(line.text)
        }
        try directory.write("readings.csv", csv.joined(separator: "\n") + "\n")

        var counting: [EncryptionMode: CountingEncryptor] = [:]
        for mode in EncryptionMode.allCases { counting[mode] = try CountingEncryptor(publicKey: TestKeys.publicKey, mode: mode) }
        let registry = registry(counting: counting)
        let billing = try load(policyYAML(name: "billing", scope: "household", window: "2h", lateness: "10m", minMeters: 1,
                                          sink: "type: sqlite\n    path: billing.sqlite", encryptor: "counting", mode: billingMode),
                               directory, registry)
        let regional = try load(policyYAML(name: "regional", scope: "region", window: "1h", lateness: "10m", minMeters: 2,
                                           sink: "type: jsonl\n    path: regional.jsonl", encryptor: "counting", mode: regionalMode),
                                directory, registry)
        let summary = try await PipelineRunner(policies: [billing, regional], registry: registry).run()

        // Expected sums, from the good lines only.
        func units(_ text: String) -> Int64 { Int64(text.replacingOccurrences(of: ".", with: ""))! }
        var householdSums: [String: Int64] = [:]
        var regionSums: [String: Int64] = [:]
        var regionMeters: [String: Set<String>] = [:]
        for line in lines {
            householdSums["\(line.meter)@\(line.time / 7200 * 7200)", default: 0] += units(line.value)
            let regionKey = "\(line.region)@\(line.time / 3600 * 3600)"
            regionSums[regionKey, default: 0] += units(line.value)
            regionMeters[regionKey, default: []].insert(line.meter)
        }
        let releasedRegions = regionSums.filter { regionMeters[$0.key]!.count >= 2 }
        let suppressedRegions = regionSums.count - releasedRegions.count

        var billingDecrypted: [String: Int64] = [:]
        try SQLiteAggregateReader(path: directory.path("billing.sqlite")).forEach {
            XCTAssertEqual($0.policy, "billing")
            billingDecrypted["\($0.scopeKey)@\($0.windowStart)"] = try TestKeys.decrypt(decimal: $0.ciphertext)
        }
        var regionalDecrypted: [String: Int64] = [:]
        try JSONLAggregateReader(path: directory.path("regional.jsonl")).forEach {
            regionalDecrypted["\($0.scopeKey)@\($0.windowStart)"] = try TestKeys.decrypt(decimal: $0.ciphertext)
            XCTAssertEqual($0.meters, regionMeters["\($0.scopeKey)@\($0.windowStart)"]?.count)
        }
        XCTAssertEqual(billingDecrypted, householdSums)
        XCTAssertEqual(regionalDecrypted, releasedRegions)

        // Each good reading was encrypted once for both per-reading policies (same key, obfuscation and mode); each
        // window of a per-window policy (released or suppressed) got one encryption of 0.
        let windows = (billingMode == .perWindow ? householdSums.count : 0) + (regionalMode == .perWindow ? regionSums.count : 0)
        XCTAssertEqual(counting[.perWindow]!.count, windows)
        XCTAssertEqual(counting[.perReading]!.count, billingMode == .perReading || regionalMode == .perReading ? lines.count : 0)
        XCTAssertEqual(summary.recordsRead, lines.count + bad.count)
        XCTAssertEqual(summary.policies.map(\.accepted), [lines.count, lines.count])
        XCTAssertEqual(summary.policies[0].windowsReleased, householdSums.count)
        XCTAssertEqual(summary.policies[1].windowsReleased, releasedRegions.count)
        XCTAssertEqual(summary.policies[1].windowsSuppressed, suppressedRegions)
        XCTAssertEqual(suppressedRegions, 6)

        // Every bad line is in the rejects file, for each policy, with its source line and reason.
        let rejects = try directory.jsonLines(prefix: "rejects.")
        for policy in ["billing", "regional"] {
            let mine = rejects.filter { $0["policy"] as? String == policy }
            let got = Dictionary(uniqueKeysWithValues: mine.map { ($0["line"] as! Int, $0["reason"] as! String) })
            XCTAssertEqual(got, expectedRejects, policy)
            XCTAssertTrue(mine.allSatisfy { $0["source"] as? String == directory.path("readings.csv") })
        }
        XCTAssertEqual(summary.policies[0].rejectedTotal, bad.count)

        // The purge log accounts for every destroyed reading and every suppressed window.
        let purge = try directory.jsonLines(prefix: "regional.purge")
        let destroyed = purge.filter { $0["action"] as? String == "readings_destroyed" }.reduce(0) { $0 + ($1["count"] as! Int) }
        XCTAssertEqual(destroyed, lines.count)
        XCTAssertEqual(purge.filter { $0["action"] as? String == "window_suppressed" }.count, suppressedRegions)
    }

    func testTheSameInputGivesTheSameWindowsHoweverTheSourceBatchesIt() async throws {
        // 12 meters over 3 hours, one of them (m5) stamped an hour early from 01:00 on, one (m7) a day ahead
        // once: which of m5's readings are late depends on the watermark at each reading, which must not
        // depend on where the batches end.
        var csv = ["meter_id,region,timestamp,energy_wh"]
        for step in 0..<36 {
            for meter in 0..<12 {
                let skew: Int64 = meter == 5 && step >= 12 ? -3600 : 0
                csv.append("m\(meter),r\(meter % 2),\(RFC3339.format(start + Int64(step) * 300 + skew)),\(step * 12 + meter + 1)")
            }
            if step == 20 { csv.append("m7,r1,\(RFC3339.format(start + 86_400)),5") }
        }
        var outcomes: [String] = []
        for batchSize in [1, 7, 1024] {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            try directory.write("readings.csv", csv.joined(separator: "\n") + "\n")
            let registry = registry(counting: [.perReading: try CountingEncryptor(publicKey: TestKeys.publicKey)])
            let policy = try load(policyYAML(name: "regional", scope: "region", window: "1h", lateness: "5m", minMeters: 2,
                                             sink: "type: jsonl\n    path: out.jsonl"), directory, registry)
            var options = RunOptions()
            options.batchSize = batchSize
            let summary = try await PipelineRunner(policies: [policy], registry: registry, options: options).run()
            var windows: [String] = []
            try JSONLAggregateReader(path: directory.path("out.jsonl")).forEach {
                windows.append("\($0.scopeKey)@\($0.windowStart)=\(try TestKeys.decrypt(decimal: $0.ciphertext))/\($0.readings)")
            }
            let rejects = try directory.jsonLines(prefix: "rejects.").map { "\($0["line"]!):\($0["reason"]!)" }
            outcomes.append((windows.sorted() + rejects.sorted() + ["accepted \(summary.policies[0].accepted)"]).joined(separator: "\n"))
            XCTAssertTrue(rejects.contains { $0.hasSuffix(":late") }, "m5 an hour behind has late readings")
            XCTAssertTrue(rejects.contains { $0.hasSuffix(":future") })
        }
        XCTAssertEqual(outcomes[0], outcomes[1])
        XCTAssertEqual(outcomes[0], outcomes[2])
    }

    func testStopDiscardsOrReleasesOpenWindowsAsThePolicySays() async throws {
        for action in ["discard", "release"] {
            let directory = try TemporaryDirectory()
            defer { directory.remove() }
            let runnerBox = RunnerBox()
            let values: [Int64] = [1_500, 2_250, 4_000]
            var registry = StageRegistry.builtIn
            let start = self.start
            registry.register(source: "stopping") { _ in
                { _ in StoppingSource(values: values, start: start, onDrained: { runnerBox.runner?.stop() }) }
            }
            let policy = try load(policyYAML(name: "p", scope: "household", window: "1h", lateness: "0m", minMeters: 1,
                                             sink: "type: jsonl\n    path: out.jsonl", source: "type: stopping", onShutdown: action),
                                  directory, registry)
            let runner = PipelineRunner(policies: [policy], registry: registry)
            runnerBox.runner = runner
            let summary = try await runner.run()
            XCTAssertTrue(summary.stopped)
            XCTAssertEqual(summary.policies[0].accepted, 3)
            if action == "discard" {
                XCTAssertEqual(summary.policies[0].windowsDiscarded, 1)
                var released = 0
                try JSONLAggregateReader(path: directory.path("out.jsonl")).forEach { _ in released += 1 }
                XCTAssertEqual(released, 0)
                XCTAssertEqual(try directory.jsonLines(prefix: "p.purge").filter { $0["action"] as? String == "windows_discarded" }.count, 1)
            } else {
                var totals: [Int64] = []
                try JSONLAggregateReader(path: directory.path("out.jsonl")).forEach { totals.append(try TestKeys.decrypt(decimal: $0.ciphertext)) }
                XCTAssertEqual(totals, [values.reduce(0, +)])
            }
        }
    }
}

/// Lets a source reach the runner that reads it.
final class RunnerBox: @unchecked Sendable {
    var runner: PipelineRunner?
}

/// Yields one batch of readings for meter `m`, then asks the runner to stop and waits to be cancelled.
actor StoppingSource: ReadingSource {
    private let values: [Int64]
    private let start: Int64
    private let onDrained: @Sendable () -> Void
    private var sent = false

    init(values: [Int64], start: Int64, onDrained: @escaping @Sendable () -> Void) {
        self.values = values
        self.start = start
        self.onDrained = onDrained
    }

    func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        if !sent {
            sent = true
            return values.enumerated().map { index, value in
                .record(SourceRecord(meterID: "m", region: "r", timestamp: start + Int64(index) * 60,
                                     value: ExactDecimal(significand: value, scale: 3),
                                     position: SourcePosition(source: "test", line: index + 1), rawText: ""))
            }
        }
        onDrained()
        try await Task.sleep(for: .seconds(60))
        return nil
    }

    func close() async {}
}
