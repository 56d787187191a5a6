import DailyCSVSink
import Foundation
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// Runs the `daily-csv` sink through PrivacyRuntimeTesting's harness and reads its files back.
final class DailyCSVSinkTests: XCTestCase {
    private let start: Int64 = 1_793_577_600  // 2026-11-02T00:00:00Z

    private func policy(sink: String = "{ type: daily-csv, directory: out/daily }") -> String {
        """
        policy: daily-test
        scope: region
        window: 6h
        source: { type: memory }
        encrypt: { type: paillier, public_key: "${TEST_PUBLIC_KEY}" }
        aggregate: { type: sum, min_meters: 1, allow_small_groups: "test fleet of three meters" }
        sinks:
          - \(sink)
        """
    }

    private func harness() throws -> PolicyHarness {
        var registry = StageRegistry.builtIn
        DailyCSVSinkPlugin.register(in: &registry)
        return try PolicyHarness(registry: registry)
    }

    /// Three meters in two regions, a reading every 45 minutes for two and a half days (whole Wh).
    private let readings: [TestReading] = (0..<80).flatMap { step in
        [("m1", "north"), ("m2", "north"), ("m3", "south")].enumerated().map { index, meter in
            TestReading(meterID: meter.0, region: meter.1, timestamp: 1_793_577_600 + Int64(step) * 2_700,
                        energyWh: "\(10 + step * 3 + index * 7)")
        }
    }

    /// The rows of every day file, keyed by file name (header line dropped).
    private func dayFiles(in directory: URL) throws -> [String: [[String]]] {
        var files: [String: [[String]]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: directory.path) {
            let lines = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8).split(separator: "\n")
            XCTAssertEqual(lines.first.map(String.init), DailyCSVSink.columns.joined(separator: ","), name)
            files[name] = lines.dropFirst().map { $0.split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        }
        return files
    }

    func testOneFilePerUTCDayWhoseRowsDecryptToTheWindowSums() async throws {
        let harness = try harness()
        _ = try await harness.run(policy: policy(), readings: readings)

        var expected: [String: [WindowKey: Int64]] = [:]  // file name → window → mWh
        for reading in readings {
            let windowStart = reading.timestamp - reading.timestamp % 21_600
            let day = ["2026-11-02", "2026-11-03", "2026-11-04"][Int((windowStart - start) / 86_400)]
            expected["\(day).csv", default: [:]][WindowKey(reading.region, windowStart), default: 0] += Int64(reading.energyWh)! * 1000
        }
        var found: [String: [WindowKey: Int64]] = [:]
        for (name, rows) in try dayFiles(in: harness.directory.appendingPathComponent("out/daily")) {
            for row in rows {
                XCTAssertEqual(row.count, DailyCSVSink.columns.count)
                XCTAssertEqual(row[0], "daily-test")
                XCTAssertEqual(row[7], TestKeys.publicKey.keyID)
                let windowStart = RFC3339.parse(row[3])!
                XCTAssertEqual(RFC3339.parse(row[4]), windowStart + 21_600)
                found[name, default: [:]][WindowKey(row[2], windowStart)] = try TestKeys.decrypt(decimal: row[8])
            }
        }
        XCTAssertEqual(found, expected)
    }

    func testReplayingTheInputAddsNoRowsEvenForQuotedKeys() async throws {
        let harness = try harness()
        // A region name that needs CSV quoting must still be recognised when the file is read back.
        let input = readings.map { reading in
            var reading = reading
            if reading.region == "south" { reading.region = "south \"bank\", old town" }
            return reading
        }
        let directory = harness.directory.appendingPathComponent("out/daily")
        _ = try await harness.run(policy: policy(), readings: input)
        let first = try dayFiles(in: directory)
        _ = try await harness.run(policy: policy(), readings: input)
        let second = try dayFiles(in: directory)
        XCTAssertEqual(second.mapValues(\.count), first.mapValues(\.count))
        XCTAssertEqual(first.values.map(\.count).reduce(0, +), 20)  // 2 regions × 10 six-hour windows
        let text = try String(contentsOf: directory.appendingPathComponent("2026-11-02.csv"), encoding: .utf8)
        XCTAssertTrue(text.contains(",\"south \"\"bank\"\", old town\","), text)
    }

    func testRetentionDeletesThePolicysWindowsEndedByTheCutoff() async throws {
        let harness = try harness()
        _ = try await harness.run(policy: policy(), readings: readings)
        let directory = harness.directory.appendingPathComponent("out/daily")
        let before = try dayFiles(in: directory)

        // Windows end every 6 h; those ending by 2026-11-03T06:00Z are the first day's 4 and the next day's first.
        let cutoff = start + 86_400 + 21_600
        let other = try DailyCSVSink(directory: directory, policy: "another-policy")
        let untouched = try await other.deleteAggregates(olderThan: cutoff)
        let sink = try DailyCSVSink(directory: directory, policy: "daily-test")
        let deleted = try await sink.deleteAggregates(olderThan: cutoff)
        let after = try dayFiles(in: directory)

        let expectedKept = before.mapValues { rows in rows.filter { RFC3339.parse($0[4])! > cutoff } }.filter { !$0.value.isEmpty }
        XCTAssertEqual(untouched, 0)
        XCTAssertEqual(deleted, 2 * 5)
        XCTAssertEqual(after.keys.sorted(), ["2026-11-03.csv", "2026-11-04.csv"])
        XCTAssertEqual(after, expectedKept)
    }

    func testOptionErrorsAreReportedAtTheirPolicyLines() throws {
        let harness = try harness()
        let file = harness.directory.appendingPathComponent("not-a-directory")
        try Data().write(to: file)
        let cases: [(sink: String, message: String)] = [
            ("{ type: daily-csv }", "missing required key 'directory'"),
            ("{ type: daily-csv, directory: not-a-directory }", "'directory' names an existing file"),
            ("{ type: daily-csv, directory: out, headr: false }", "unknown key 'headr' in sink 'daily-csv' (did you mean 'header'?)"),
            ("{ type: daily-csv, directory: out, header: maybe }", "header"),
        ]
        for (sink, message) in cases {
            let text = policy(sink: sink)
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).firstIndex { $0.contains("daily-csv") }! + 1
            let diagnostics = harness.check(policy: text)
            XCTAssertEqual(diagnostics.count, 1, "\(sink): \(diagnostics)")
            XCTAssertEqual(diagnostics.first?.location.line, line, "\(sink): \(diagnostics)")
            XCTAssertTrue(diagnostics.first?.description.contains(message) == true, "\(sink): \(diagnostics)")
        }
    }
}
