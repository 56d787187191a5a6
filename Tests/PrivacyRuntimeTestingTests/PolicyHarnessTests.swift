import Foundation
import Policy
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// Runs a custom sink through the harness and checks decrypted totals against sums computed here.
final class PolicyHarnessTests: XCTestCase {
    private let start: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z

    private func policy(scope: String, sink: String = "{ type: ledger, path: out/windows.ledger }") -> String {
        """
        policy: ledger-test
        scope: \(scope)
        window: 1h
        source: { type: memory }
        encrypt: { type: paillier, public_key: "${TEST_PUBLIC_KEY}" }
        aggregate: \(scope == "region" ? "{ type: sum, min_meters: 1, allow_small_groups: \"test fleet\" }" : "{ type: sum }")
        sinks:
          - \(sink)
          - { type: capture }
        """
    }

    /// Four meters in two regions, one reading every 10 minutes for three hours; values in mWh.
    private func readings() -> [(reading: TestReading, milliWh: Int64)] {
        let meters = [("m1", "north"), ("m2", "north"), ("m3", "north"), ("m4", "south")]
        var result: [(TestReading, Int64)] = []
        for step in 0..<18 {
            for (index, (meter, region)) in meters.enumerated() {
                let milliWh = Int64(1000 * (step + 1) + 137 * index + (step * 53) % 1000)
                let text = "\(milliWh / 1000).\(String(milliWh % 1000).leftPadded(to: 3))"
                result.append((TestReading(meterID: meter, region: region, timestamp: start + Int64(step) * 600,
                                           energyWh: text), milliWh))
            }
        }
        return result
    }

    func testCustomSinkRowsAndCapturedAggregatesDecryptToTheRegionSums() async throws {
        var registry = StageRegistry.builtIn
        LedgerSink.register(in: &registry)
        let harness = try PolicyHarness(registry: registry)
        let input = readings()
        let run = try await harness.run(policy: policy(scope: "region"), readings: input.map(\.reading))

        var expected: [WindowKey: Int64] = [:]
        for (reading, milliWh) in input {
            expected[WindowKey(reading.region, reading.timestamp - reading.timestamp % 3600), default: 0] += milliWh
        }
        XCTAssertEqual(try run.decryptedTotals(), expected)
        XCTAssertEqual(run.policySummary.accepted, input.count)
        XCTAssertTrue(run.sink.isClosed)
        XCTAssertEqual(run.sink.writesAfterCloseCount, 0)

        // The custom sink's own file holds the same windows, and its ciphertexts decrypt to the same sums.
        let ledger = try String(contentsOf: harness.directory.appendingPathComponent("out/windows.ledger"), encoding: .utf8)
        var fromLedger: [WindowKey: Int64] = [:]
        for line in ledger.split(separator: "\n") {
            let fields = line.split(separator: ",").map(String.init)
            XCTAssertEqual(fields.count, 4, "ledger line \(line)")
            fromLedger[WindowKey(fields[0], Int64(fields[1])!)] = try TestKeys.decrypt(decimal: fields[3])
        }
        XCTAssertEqual(fromLedger, expected)
    }

    func testHouseholdScopeFromCSVTextCountsMalformedLines() async throws {
        var registry = StageRegistry.builtIn
        LedgerSink.register(in: &registry)
        let harness = try PolicyHarness(registry: registry)
        let input = readings()
        var csv = "meter_id,region,timestamp,energy_wh\n"
        for (index, (reading, _)) in input.enumerated() {
            csv += "\(reading.meterID),\(reading.region),\(reading.timestamp.rfc3339),\(reading.energyWh)\n"
            if index == 10 { csv += "m9,north,not-a-time,1.0\n" }
        }
        let run = try await harness.run(policy: policy(scope: "household"), csv: csv)

        var expected: [WindowKey: Int64] = [:]
        for (reading, milliWh) in input {
            expected[WindowKey(reading.meterID, reading.timestamp - reading.timestamp % 3600), default: 0] += milliWh
        }
        XCTAssertEqual(try run.decryptedTotals(), expected)
        XCTAssertEqual(run.summary.recordsRead, input.count + 1)
        XCTAssertEqual(run.policySummary.rejectedTotal, 1)
        let sourceClosed = await run.source.isClosed
        XCTAssertTrue(sourceClosed)
    }

    func testCheckReportsTheCustomSinksOptionErrorsAtTheirLines() throws {
        var registry = StageRegistry.builtIn
        LedgerSink.register(in: &registry)
        let harness = try PolicyHarness(registry: registry)
        let text = policy(scope: "region", sink: "{ type: ledger, path: out/windows.csv, pth: x }")
        let line = text.split(separator: "\n", omittingEmptySubsequences: false)
            .firstIndex { $0.contains("type: ledger") }! + 1

        let messages = harness.check(policy: text).map(\.description)
        XCTAssertEqual(messages.count, 2, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("policy.yaml:\(line):") && $0.hasSuffix("ledger path must end in '.ledger'") }, "\(messages)")
        XCTAssertTrue(messages.contains { $0.hasPrefix("policy.yaml:\(line):") && $0.contains("unknown key 'pth'") }, "\(messages)")
        XCTAssertEqual(harness.check(policy: policy(scope: "region")), [])
    }

    func testCustomSourceFeedsTheCapturingSink() async throws {
        var registry = StageRegistry.builtIn
        CountdownSource.register(in: &registry)
        let run = try await PolicyHarness(registry: registry).run(policy: """
            policy: countdown-test
            scope: household
            window: 30m
            source: { type: countdown, count: 90, start: \(start) }
            encrypt: { type: paillier, public_key: "${TEST_PUBLIC_KEY}" }
            aggregate: { type: sum }
            sinks: [ { type: capture } ]
            """)
        // Minute i (0-based) carries 90 - i Wh: three half hours of 30 readings each.
        var expected: [WindowKey: Int64] = [:]
        for minute in 0..<90 {
            expected[WindowKey("m1", start + Int64(minute / 30) * 1800), default: 0] += Int64(90 - minute) * 1000
        }
        XCTAssertEqual(try run.decryptedTotals(), expected)
        XCTAssertEqual(try run.decrypted().map(\.readings), [30, 30, 30])
        XCTAssertEqual(run.summary.recordsRead, 90)
    }

    func testInMemorySourceHandsOutItemsInBatchesThenEnds() async throws {
        let source = try InMemorySource(csv: "meter_id,region,timestamp,energy_wh\r\n\r\nm1,r,2024-01-01T00:00:00Z,1\r\nm2,r,2024-01-01T00:00:00Z,x\n")
        let first = try await source.nextBatch(maxCount: 1)
        let second = try await source.nextBatch(maxCount: 5)
        let end = try await source.nextBatch(maxCount: 5)
        guard case .record(let record)? = first?.first, case .malformed(let rejected)? = second?.first else {
            return XCTFail("unexpected items \(String(describing: first)) \(String(describing: second))")
        }
        XCTAssertEqual(record.meterID, "m1")
        XCTAssertEqual(record.position.description, "memory.csv:3")
        XCTAssertEqual(rejected.position.description, "memory.csv:4")
        XCTAssertEqual(first?.count, 1)
        XCTAssertEqual(second?.count, 1)
        XCTAssertNil(end)
        XCTAssertThrowsError(try InMemorySource(csv: "meter,region\n"))
    }
}

private extension String {
    func leftPadded(to width: Int) -> String {
        String(repeating: "0", count: max(0, width - count)) + self
    }
}

private extension Int64 {
    /// `2024-01-01T00:10:00Z`.
    var rfc3339: String {
        let formatter = ISO8601DateFormatter()
        formatter.timeZone = TimeZone(identifier: "UTC")
        return formatter.string(from: Date(timeIntervalSince1970: TimeInterval(self)))
    }
}
