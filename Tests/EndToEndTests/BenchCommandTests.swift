import Foundation
import XCTest

/// `privacy-runtime bench` on a tiny fleet: it runs both shipped policies over the simulated readings and
/// reports every figure the benchmark table needs (the speed figures themselves are BENCHMARKS.md's business).
final class BenchCommandTests: XCTestCase {
    func testTinyFleetRunsBothShippedPoliciesAndReportsEveryFigure() throws {
        let meters = 20, regions = 4, readingsPerMeter = 24  // one reading an hour for one day
        let run = try CLIProcess.run([
            "bench", "--meters", "\(meters)", "--regions", "\(regions)", "--interval", "1h", "--days", "1",
            "--encryption-sample", "64", "--additions", "2000",
        ])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        let readings = meters * readingsPerMeter
        // Region i mod 4 holds 5 meters: every hourly region window reaches the regional policy's min_meters of 5.
        let regionWindows = regions * 24, householdWindows = meters * 12
        for expected in [
            "fleet: \(meters) meters, \(regions) regions, one reading per meter every 1h, 1 day(s)",
            "readings: \(readings) in ",
            "ratio end-to-end / encryption: ",
            "time outside encryption: ",
            "additions (CiphertextAccumulator.add, one thread): ",
            "peak RSS during the run: ",
            "regional-statistics: \(readings) accepted, 0 rejected; \(regionWindows) windows released, 0 suppressed",
            "household-billing: \(readings) accepted, 0 rejected; \(householdWindows) windows released, 0 suppressed",
        ] {
            XCTAssertTrue(run.stdout.contains(expected), "missing '\(expected)' in:\n\(run.stdout)")
        }
    }
}
