import Foundation
import XCTest

/// Runs the built CLI on the shipped example data and policies, decrypts what it wrote, and compares
/// every window with sums computed here from the CSV.
final class ExampleRunTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testBothPoliciesMatchSumsOfTheExampleDataAndARerunDoesNotDoubleCount() throws {
        let billing = try workspace.policy("billing.yaml")
        let regional = try workspace.policy("regional-statistics.yaml")
        let run = try CLIProcess.run(["--policy", billing.path, "--policy", regional.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)

        let readings = try ExpectedAggregates.readings(csv: Workspace.shipped("examples/data/readings.csv"))
        let expectedBilling = ExpectedAggregates.windows(readings, windowSeconds: 7200) { $0.meterID }
        let expectedRegional = ExpectedAggregates.windows(readings, windowSeconds: 3600) { $0.region }
        XCTAssertEqual(expectedBilling.count, 50 * 12)
        XCTAssertEqual(expectedRegional.count, 5 * 24)

        let billingRows = try decrypt("billing.sqlite")
        XCTAssertEqual(DecryptedOutput.windows(billingRows, policy: "household-billing"), expectedBilling)
        XCTAssertTrue(billingRows.allSatisfy { $0.scope == "household" && $0.windowEnd - $0.key.windowStart == 7200 })

        let regionalRows = try decrypt("regional.sqlite")
        XCTAssertEqual(DecryptedOutput.windows(regionalRows, policy: "regional-statistics"), expectedRegional)
        XCTAssertTrue(regionalRows.allSatisfy { $0.scope == "region" && $0.windowEnd - $0.key.windowStart == 3600 })

        // Each window is released once: replaying the input changes nothing, every reading is rejected as already released.
        let rerun = try CLIProcess.run(["--policy", billing.path])
        XCTAssertEqual(rerun.exitCode, 0, rerun.stderr)
        XCTAssertTrue(rerun.stderr.contains("household-billing: 0 accepted, \(readings.count) rejected (already_released \(readings.count)); 0 windows released"), rerun.stderr)
        XCTAssertEqual(DecryptedOutput.windows(try decrypt("billing.sqlite"), policy: "household-billing"), expectedBilling)
    }

    func testRegionWindowsBelowMinMetersAreSuppressed() throws {
        // The first two hours of the example; every region has 10 meters, so asking for 11 suppresses all.
        let input = try workspace.twoHoursOfExampleData()
        let regional = try workspace.policy("regional-statistics.yaml", edits: [
            ("min_meters: 5", "min_meters: 11"),
            (Workspace.shipped("examples/data/readings.csv").path, input.path),
        ])
        let run = try CLIProcess.run(["--policy", regional.path])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        XCTAssertEqual(try decrypt("regional.sqlite").count, 0)
        XCTAssertTrue(run.stderr.contains("0 windows released, 10 suppressed"), run.stderr)
    }

    /// Decrypts a sink database in the workspace with the demo private key.
    private func decrypt(_ database: String) throws -> [DecryptedOutput.Row] {
        let key = try workspace.demoPrivateKey()
        let input = "sqlite:" + workspace.folder.appendingPathComponent(database).path
        let run = try CLIProcess.run(["decrypt", "--key", key.path, "--input", input, "--format", "csv"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        return try DecryptedOutput.rows(run.stdout)
    }
}
