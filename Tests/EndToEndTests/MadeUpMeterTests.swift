import Foundation
import XCTest

/// The attack of issue 14 item 3 (n-1): the key holder, who runs the broker, publishes four made-up meter ids
/// reporting 0 Wh beside one real meter, so that a region hour reaches `min_meters` 5 and its released total is the
/// real meter's exact hourly value.
final class MadeUpMeterTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// One real meter (`M0001`, random values every 5 minutes for three hours) and four made-up ids reporting 0 Wh in
    /// the first hour, all in region `north`; returns the readings CSV and the real meter's exact sum per hour start.
    private func attackInput() throws -> (csv: URL, realHourSums: [Int64: Int64]) {
        var lines = ["meter_id,region,timestamp,energy_wh"]
        var sums: [Int64: Int64] = [:]
        let start: Int64 = 1_793_577_600 // 2026-11-02T00:00:00Z
        for minute in stride(from: 0, to: 180, by: 5) {
            let milliWh = Int64.random(in: 1_000...900_000)
            let time = start + Int64(minute) * 60
            lines.append(String(format: "M0001,north,2026-11-02T%02d:%02d:00Z,%lld.%03lld", minute / 60, minute % 60, milliWh / 1000, milliWh % 1000))
            sums[time - time % 3600, default: 0] += milliWh
            if minute < 60 {
                for fake in 1...4 {
                    lines.append(String(format: "FAKE%d,north,2026-11-02T%02d:%02d:00Z,0", fake, minute / 60, minute % 60))
                }
            }
        }
        return (try workspace.file("attack.csv", lines.joined(separator: "\n") + "\n"), sums)
    }

    /// The region windows the key holder decrypts from the run's SQLite sink.
    private func decryptedRegionWindows() throws -> [DecryptedOutput.Row] {
        let decrypted = try CLIProcess.run([
            "decrypt", "--key", try workspace.demoPrivateKey().path, "--input", "sqlite:\(workspace.folder.path)/regional.sqlite",
        ])
        XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
        return try DecryptedOutput.rows(decrypted.stdout)
    }

    func testFourMadeUpMetersDoNotRevealALoneRealMetersHour() throws {
        let (input, realHourSums) = try attackInput()
        let policy = try workspace.policy("regional-statistics.yaml", edits: [
            (Workspace.shipped("examples/data/readings.csv").path, input.path),
        ])
        let run = try CLIProcess.run(["--policy", policy.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)

        let rows = try decryptedRegionWindows()
        for (hour, sum) in realHourSums {
            let recovered = rows.first { $0.key == WindowKey(scopeKey: "north", windowStart: hour) && $0.total.milliWh == sum }
            XCTAssertNil(recovered, "the key holder recovered the lone real meter's exact hourly sum \(sum) mWh for the hour at \(hour) from \(recovered.map { "\($0.total)" } ?? "")")
        }
    }
}
