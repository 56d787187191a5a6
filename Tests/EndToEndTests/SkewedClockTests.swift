import Foundation
import XCTest

/// One bad meter cannot take the day down: the example data with one meter a day ahead, one an hour behind
/// and one that stops at noon. No other meter's reading is lost, every window the policies' rules release (min_meters,
/// min_coverage) is released with the sums computed here from the input (except region hours of the behind meter's
/// region that the joint release withholds, see below), and the same input gives the same result twice.
final class SkewedClockTests: XCTestCase {
    private let ahead = "M0050"     // central: every reading stamped a day ahead
    private let behind = "M0025"    // east: every reading stamped an hour early
    private let silent = "M0037"    // west: nothing after 12:00

    /// The example data with the three meters' lines changed; the line numbers stay those of the output file.
    private func skewedInput(in workspace: Workspace) throws -> (url: URL, readings: [ExampleReading]) {
        let original = try ExpectedAggregates.readings(csv: Workspace.shipped("examples/data/readings.csv"))
        let noon = try XCTUnwrap(ISO8601DateFormatter().date(from: "2026-11-02T12:00:00Z")).timeIntervalSince1970
        var readings: [ExampleReading] = []
        for var reading in original {
            if reading.meterID == silent && reading.epochSeconds > Int64(noon) { continue }
            if reading.meterID == ahead { reading.epochSeconds += 86_400 }
            if reading.meterID == behind { reading.epochSeconds -= 3600 }
            reading.line = readings.count + 2
            readings.append(reading)
        }
        let formatter = ISO8601DateFormatter()
        let lines = readings.map { reading in
            let time = formatter.string(from: Date(timeIntervalSince1970: TimeInterval(reading.epochSeconds)))
            return "\(reading.meterID),\(reading.region),\(time),\(reading.milliWh / 1000).\(String(format: "%03d", reading.milliWh % 1000))"
        }
        let url = try workspace.file("skewed.csv", (["meter_id,region,timestamp,energy_wh"] + lines).joined(separator: "\n") + "\n")
        return (url, readings)
    }

    /// Runs both shipped policies over the skewed input; returns the decrypted windows per policy and the
    /// rejects (line → reason) per policy.
    private func runSkewed() throws -> (windows: [String: [WindowKey: WindowTotal]], rejects: [String: [Int: String]],
                                        readings: [ExampleReading], suppressions: [String]) {
        let workspace = try Workspace()
        defer { workspace.remove() }
        let (input, readings) = try skewedInput(in: workspace)
        let csvPath = Workspace.shipped("examples/data/readings.csv").path
        let billing = try workspace.policy("billing.yaml", edits: [(csvPath, input.path)])
        let regional = try workspace.policy("regional-statistics.yaml", edits: [(csvPath, input.path)])
        let run = try CLIProcess.run(["--policy", billing.path, "--policy", regional.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)

        let key = try workspace.demoPrivateKey()
        var windows: [String: [WindowKey: WindowTotal]] = [:]
        for (policy, database) in [("household-billing", "billing.sqlite"), ("regional-statistics", "regional.sqlite")] {
            let decrypted = try CLIProcess.run(["decrypt", "--key", key.path, "--format", "csv",
                                                "--input", "sqlite:" + workspace.folder.appendingPathComponent(database).path])
            XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
            windows[policy] = DecryptedOutput.windows(try DecryptedOutput.rows(decrypted.stdout), policy: policy)
        }
        var rejects: [String: [Int: String]] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path) where name.contains(".rejects.") {
            let policy = String(name.prefix { $0 != "." })
            let text = try String(contentsOf: workspace.folder.appendingPathComponent(name), encoding: .utf8)
            for line in text.split(separator: "\n") {
                let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
                rejects[policy, default: [:]][try XCTUnwrap(object["line"] as? Int)] = try XCTUnwrap(object["reason"] as? String)
            }
        }
        let purge = try String(contentsOf: workspace.folder.appendingPathComponent("regional-statistics.purge.jsonl"), encoding: .utf8)
        let suppressions = try purge.split(separator: "\n").compactMap { line in
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            return object["action"] as? String == "window_suppressed" ? object["detail"] as? String : nil
        }
        return (windows, rejects, readings, suppressions)
    }

    func testOneBadMeterCostsThatMeterOnlyAndTheSameInputGivesTheSameWindows() throws {
        let first = try runSkewed()
        let readings = first.readings
        for (policy, windowSeconds, lateness, minMeters) in [("household-billing", Int64(7200), Int64(600), 1),
                                                             ("regional-statistics", Int64(3600), Int64(600), 5)] {
            let rejects = first.rejects[policy] ?? [:]
            for reading in readings {
                let reason = rejects[reading.line]
                switch reading.meterID {
                case ahead:
                    // By its first reading 49 meters have reported: each of its readings is 24h ahead of them.
                    XCTAssertEqual(reason, "future", "\(policy) line \(reading.line)")
                case behind:
                    // Stamped an hour early, it arrives with the fleet's readings of an hour later. The fleet's time
                    // is then at most that hour (its window still open if it ends after that minus the lateness)
                    // and, as the fleet completed its previous round, at least 10 minutes before it (its window
                    // closed if it ends by then minus the lateness); in between it depends on the exact reading.
                    let arrival = reading.epochSeconds + 3600
                    let end = reading.epochSeconds - reading.epochSeconds % windowSeconds + windowSeconds
                    if end > arrival - lateness { XCTAssertNil(reason, "\(policy) line \(reading.line)") }
                    if end <= arrival - 600 - lateness { XCTAssertEqual(reason, "late", "\(policy) line \(reading.line)") }
                    if let reason { XCTAssertEqual(reason, "late", "\(policy) line \(reading.line)") }
                default:
                    XCTAssertNil(reason, "\(policy): \(reading.meterID) line \(reading.line) lost")
                }
            }
            // Everything not rejected is in exactly the windows computed here; region windows need 5 meters, and
            // household windows (readings.interval 5m, min_coverage 0.9) at least 22 of their 24 readings.
            let accepted = readings.filter { rejects[$0.line] == nil }
            let expected = ExpectedAggregates.windows(accepted, windowSeconds: windowSeconds) {
                policy == "household-billing" ? $0.meterID : $0.region
            }.filter { $0.value.meters >= minMeters && (policy != "household-billing" || $0.value.readings * 10 >= 24 * 9) }
            guard policy == "regional-statistics" else {
                XCTAssertEqual(first.windows[policy], expected, policy)
                continue
            }
            // The behind meter's readings in the first 70 minutes of each 2h billing window are on time for its bill
            // but late for the hour they belong to (its end is passed an hour earlier): its bill then differs from
            // region hours by readings only it holds, so the joint release withholds one east hour per billing window
            // (bill minus released hours would be its value over part of its window). The silent meter's 12:00 bill
            // holds one reading (below min_coverage, withheld): the other west bills minus the released 12:00 and
            // 13:00 hours would give that reading, so one of those west hours is withheld too. Nothing else is.
            let released = try XCTUnwrap(first.windows[policy])
            XCTAssertEqual(released, expected.filter { released[$0.key] != nil }, policy)
            let withheld = expected.keys.filter { released[$0] == nil }
            let east = withheld.filter { $0.scopeKey == "east" }, west = withheld.filter { $0.scopeKey == "west" }
            XCTAssertEqual(east.count, 12, "\(withheld)")
            XCTAssertEqual(Set(east.map { $0.windowStart - $0.windowStart % 7200 }).count, 12, "one hour per billing window")
            let noon = Int64(ISO8601DateFormatter().date(from: "2026-11-02T12:00:00Z")!.timeIntervalSince1970)
            XCTAssertEqual(west.map(\.windowStart).filter { [noon, noon + 3600].contains($0) }.count, 1, "\(west)")
            XCTAssertEqual(withheld.count, east.count + west.count, "\(withheld)")
            for window in withheld {
                let start = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(window.windowStart)))
                let meter = window.scopeKey == "east" ? behind : silent
                XCTAssertTrue(first.suppressions.contains {
                    $0.hasPrefix("region '\(window.scopeKey)' \(start)") && $0.contains("determine meter '\(meter)''s value over part of its 2h window")
                }, "\(window): \(first.suppressions)")
            }
        }
        // Every region's 24 hours but those are released; the behind meter's hour before midnight has one meter only.
        let regional = try XCTUnwrap(first.windows["regional-statistics"])
        XCTAssertEqual(regional.count, 5 * 24 - 13)
        XCTAssertEqual(Set(regional.keys.map(\.scopeKey)), ["north", "south", "east", "west", "central"])
        // Billing windows: 47 meters × 12, plus the silent meter's 6 full windows before noon (its 12:00 window holds one
        // reading of 24, below min_coverage); none of the behind meter's: each loses its readings stamped after the
        // window's first 1h10m as late (they arrive an hour after their stamp), and its window before midnight holds 12.
        XCTAssertEqual(first.windows["household-billing"]?.count, 47 * 12 + 6)

        let second = try runSkewed()
        XCTAssertEqual(second.windows, first.windows)
        XCTAssertEqual(second.rejects, first.rejects)
    }
}
