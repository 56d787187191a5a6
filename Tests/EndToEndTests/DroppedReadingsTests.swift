import Foundation
import XCTest

/// The attack of issue 14 item 4: whoever runs the broker drops one meter's readings in the second hour of its
/// 2h billing window, and the released 2h total is then that meter's first-hour value. With `readings.interval`
/// the window covers too few of its intervals and is suppressed, and readings off the interval grid are rejected.
final class DroppedReadingsTests: XCTestCase {
    private var workspace: Workspace!
    private let victim = "M0007"

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// The example's first two hours without the victim's readings from 01:00 on: what the key holder lets through.
    private func inputWithoutSecondHour() throws -> (url: URL, firstHourTotal: Int64, readings: [ExampleReading]) {
        let full = try ExpectedAggregates.readings(csv: try workspace.twoHoursOfExampleData())
        let secondHour = Int64(ISO8601DateFormatter().date(from: "2026-11-02T01:00:00Z")!.timeIntervalSince1970)
        let lines = try String(contentsOf: workspace.folder.appendingPathComponent("two-hours.csv"), encoding: .utf8)
            .split(separator: "\n").map(String.init)
        let dropped = Set(full.filter { $0.meterID == victim && $0.epochSeconds >= secondHour }.map(\.line))
        XCTAssertEqual(dropped.count, 12, "the example has a reading every 5 minutes")
        let kept = lines.enumerated().filter { !dropped.contains($0.offset + 1) }.map(\.element)
        let url = try workspace.file("dropped.csv", kept.joined(separator: "\n") + "\n")
        let firstHour = full.filter { $0.meterID == victim && $0.epochSeconds < secondHour }
        return (url, firstHour.reduce(0) { $0 + $1.milliWh }, try ExpectedAggregates.readings(csv: url))
    }

    /// billing.yaml reading `input`, with the `readings:` section replaced by `readings` (its other keys kept).
    private func billing(input: URL, interval: String?) throws -> URL {
        let policy = try workspace.policy("billing.yaml", edits: [(Workspace.shipped("examples/data/readings.csv").path, input.path)])
        var lines = try String(contentsOf: policy, encoding: .utf8).split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        lines.removeAll { $0.hasPrefix("  interval:") || $0.hasPrefix("  min_coverage:") }
        if let interval, let index = lines.firstIndex(of: "readings:") {
            lines.insert("  interval: \(interval)", at: index + 1)
        }
        try lines.joined(separator: "\n").write(to: policy, atomically: true, encoding: .utf8)
        return policy
    }

    private func decrypt() throws -> [WindowKey: WindowTotal] {
        let key = try workspace.demoPrivateKey()
        let run = try CLIProcess.run([
            "decrypt", "--key", key.path, "--input", "sqlite:" + workspace.folder.appendingPathComponent("billing.sqlite").path,
        ])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        return DecryptedOutput.windows(try DecryptedOutput.rows(run.stdout), policy: "household-billing")
    }

    /// Without `readings.interval` the attack works: the key holder decrypts the victim's first-hour total. This is
    /// what `check` warns about for a policy without an interval.
    func testWithoutAnIntervalTheDroppedSecondHourReleasesTheFirstHourValue() throws {
        let input = try inputWithoutSecondHour()
        let run = try CLIProcess.run(["--policy", try billing(input: input.url, interval: nil).path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        let windows = try decrypt()
        let start = try XCTUnwrap(input.readings.first { $0.meterID == victim }).epochSeconds
        XCTAssertEqual(windows[WindowKey(scopeKey: victim, windowStart: start)]?.milliWh, input.firstHourTotal)
        XCTAssertEqual(windows.count, 50)
    }

    /// With `interval: 5m` (min_coverage 0.9 by default) the victim's window covers 12 of its 24 intervals and is
    /// suppressed; every other window equals its input sum; a reading off the 5-minute grid is rejected as off_grid.
    func testWithAnIntervalTheUndercoveredWindowIsSuppressedAndOffGridReadingsAreRejected() throws {
        let input = try inputWithoutSecondHour()
        var lines = try String(contentsOf: input.url, encoding: .utf8).split(separator: "\n").map(String.init)
        lines.append("M0003,north,2026-11-02T00:07:30Z,4.5")
        let offGridLine = lines.count
        let url = try workspace.file("dropped-off-grid.csv", lines.joined(separator: "\n") + "\n")
        let run = try CLIProcess.run(["--policy", try billing(input: url, interval: "5m").path])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        XCTAssertTrue(run.stderr.contains("49 windows released, 1 suppressed (1 below min_coverage)"), run.stderr)
        XCTAssertTrue(run.stderr.contains("off_grid 1"), run.stderr)

        var expected = ExpectedAggregates.windows(input.readings, windowSeconds: 7200) { $0.meterID }
        let start = try XCTUnwrap(input.readings.first { $0.meterID == victim }).epochSeconds
        XCTAssertNotNil(expected.removeValue(forKey: WindowKey(scopeKey: victim, windowStart: start)))
        XCTAssertEqual(try decrypt(), expected)

        let purgeLog = try String(contentsOf: workspace.folder.appendingPathComponent("household-billing.purge.jsonl"), encoding: .utf8)
        let suppressed = purgeLog.split(separator: "\n").filter { $0.contains("\"window_suppressed\"") }
        XCTAssertEqual(suppressed.count, 1, purgeLog)
        XCTAssertTrue(suppressed.first?.contains("'\(victim)'") == true && suppressed.first?.contains("12 of its 24 5m intervals") == true, purgeLog)

        let rejects = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path)
            .filter { $0.hasPrefix("household-billing.rejects.") }
            .map { try String(contentsOf: workspace.folder.appendingPathComponent($0), encoding: .utf8) }.joined()
        let entries = try rejects.split(separator: "\n").map { try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]) }
        XCTAssertEqual(entries.count, 1, rejects)
        XCTAssertEqual(entries.first?["reason"] as? String, "off_grid")
        XCTAssertEqual(entries.first?["line"] as? Int, offGridLine)
    }
}
