import Foundation
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// `noise:` through the whole runtime: decrypted noisy totals minus the true totals (computed here from the input)
/// follow the configured distribution; a meter cannot push its contribution past the bound; counts are noisy.
final class NoisyReleaseTests: XCTestCase {
    /// 2026-01-01T00:00:00Z.
    private static let start: Int64 = 1_767_225_600

    /// A 1h region policy on a 15m grid of readings up to 100 Wh (bound 400 Wh), per_window mode, with `noise` lines.
    static func policy(noise: String?, minMeters: Int = 1) -> String {
        """
        policy: noisy
        scope: region
        window: 1h
        readings: { resolution: 1, interval: 15m, max: 100 }
        source: { type: memory }
        encrypt: { type: paillier, public_key: "${TEST_PUBLIC_KEY}", mode: per_window }
        aggregate: { type: sum, min_meters: \(minMeters)\(minMeters < 5 ? ", allow_small_groups: \"test fleet\"" : "") }
        sinks: [ { type: capture } ]
        """ + (noise.map { "\nnoise: \($0)\n" } ?? "\n")
    }

    /// `regions` regions of `meters` meters each, every meter reporting a random 0...100 Wh every 15m for `hours`
    /// hours; returns the readings in time order and the true total per window.
    static func fleet(regions: Int, meters: Int, hours: Int) -> (readings: [TestReading], totals: [WindowKey: Int64]) {
        var readings: [TestReading] = [], totals: [WindowKey: Int64] = [:]
        for slot in 0..<(hours * 4) {
            let time = start + Int64(slot) * 900
            for region in 0..<regions {
                for meter in 0..<meters {
                    let value = Int64.random(in: 0...100)
                    readings.append(TestReading(meterID: "r\(region)m\(meter)", region: "r\(region)", timestamp: time, energyWh: "\(value)"))
                    totals[WindowKey("r\(region)", time - time % 3600), default: 0] += value
                }
            }
        }
        return (readings, totals)
    }

    /// Decrypted total minus true total of every released window.
    private func errors(_ run: HarnessRun, _ totals: [WindowKey: Int64]) throws -> [Int64] {
        try run.decrypted().map { $0.total - totals[$0.key]! }
    }

    func testNoisyTotalsMinusTrueTotalsFollowTheDiscreteLaplace() async throws {
        let (readings, totals) = Self.fleet(regions: 25, meters: 10, hours: 24)
        let run = try await PolicyHarness().run(
            policy: Self.policy(noise: "{ mechanism: discrete_laplace, epsilon: 1, contribution_bound: 400 }"), readings: readings)
        let errors = try errors(run, totals)
        XCTAssertGreaterThan(errors.count, 400, "most of the 600 windows are released (noisy meters count ≥ 1)")
        // The sum gets 8/10 of epsilon 1: scale = 400 / 0.8 = 500 Wh.
        let fit = NoiseGoodnessOfFit.discreteLaplace(scale: 500).chiSquare(errors, bins: 10)
        XCTAssertLessThan(fit.statistic, fit.critical, "errors do not follow discrete Laplace(500): \(errors.prefix(20))")
        let wrongScale = NoiseGoodnessOfFit.discreteLaplace(scale: 250).chiSquare(errors, bins: 10)
        XCTAssertGreaterThan(wrongScale.statistic, wrongScale.critical, "the test cannot tell scale 500 from 250")
        XCTAssertEqual(run.policySummary.windowsReleased + run.policySummary.windowsSuppressed, totals.count)
    }

    func testNoisyTotalsMinusTrueTotalsFollowTheDiscreteGaussian() async throws {
        let (readings, totals) = Self.fleet(regions: 25, meters: 10, hours: 24)
        let run = try await PolicyHarness().run(
            policy: Self.policy(noise: "{ mechanism: discrete_gaussian, epsilon: 1, delta: 0.000001, contribution_bound: 400 }"),
            readings: readings)
        let errors = try errors(run, totals)
        // zCDP: rho = (sqrt(ln(1/delta) + 0.8) - sqrt(ln(1/delta)))², sigma² = 400² / (2 rho).
        let logInverseDelta = log(1e6)
        let rho = pow((logInverseDelta + 0.8).squareRoot() - logInverseDelta.squareRoot(), 2)
        let fit = NoiseGoodnessOfFit.discreteGaussian(variance: 400 * 400 / (2 * rho)).chiSquare(errors, bins: 10)
        XCTAssertLessThan(fit.statistic, fit.critical, "errors do not follow the discrete Gaussian: \(errors.prefix(20))")
        let wide = NoiseGoodnessOfFit.discreteGaussian(variance: 4 * 400 * 400 / (2 * rho)).chiSquare(errors, bins: 10)
        XCTAssertGreaterThan(wide.statistic, wide.critical, "the test cannot tell sigma from 2 sigma")
    }

    func testAMeterSendingOffGridOrExtraReadingsCannotExceedTheBound() async throws {
        // Four honest meters at 10 Wh per slot; meter "greedy" sends its 4 on-grid readings at readings.max, then
        // off-grid ones (:00:01 …), a second reading for each slot and values above readings.max.
        var readings: [TestReading] = []
        for slot in 0..<4 {
            let time = Self.start + Int64(slot) * 900
            for meter in 0..<4 { readings.append(TestReading(meterID: "h\(meter)", region: "north", timestamp: time, energyWh: "10")) }
            readings.append(TestReading(meterID: "greedy", region: "north", timestamp: time, energyWh: "100"))
            for second in 1...5 { readings.append(TestReading(meterID: "greedy", region: "north", timestamp: time + Int64(second), energyWh: "100")) }
            readings.append(TestReading(meterID: "greedy", region: "north", timestamp: time, energyWh: "90"))
            readings.append(TestReading(meterID: "greedy", region: "north", timestamp: time + 300, energyWh: "100"))
            readings.append(TestReading(meterID: "greedy", region: "north", timestamp: time, energyWh: "5000"))
        }
        let noise = "{ mechanism: discrete_laplace, epsilon: 1, contribution_bound: 400 }"
        let noisy = try await PolicyHarness().run(policy: Self.policy(noise: noise), readings: readings)
        let summary = noisy.policySummary
        XCTAssertEqual(summary.accepted, 20, "four honest meters and greedy's four on-grid readings, one per slot")
        XCTAssertEqual(summary.rejected[.offGrid], 4 * 6)
        XCTAssertEqual(summary.rejected[.duplicate], 4)
        XCTAssertEqual(summary.rejected[.outOfRange], 4)
        // The same admission without noise shows greedy's contribution exactly: total minus the honest 4 × 4 × 10 Wh.
        let exact = try await PolicyHarness().run(policy: Self.policy(noise: nil), readings: readings)
        let total = try XCTUnwrap(exact.decryptedTotals()[WindowKey("north", Self.start)])
        XCTAssertEqual(total - 160, 400)
        XCTAssertLessThanOrEqual(total - 160, 400, "greedy added more than contribution_bound")
    }

    func testReleasedCountsAreNoisyAndMinMetersDecidesOnTheNoisyCount() async throws {
        let (readings, totals) = Self.fleet(regions: 20, meters: 5, hours: 6)
        let run = try await PolicyHarness().run(
            policy: Self.policy(noise: "{ mechanism: discrete_laplace, epsilon: 1, contribution_bound: 400 }", minMeters: 5),
            readings: readings)
        let released = try run.decrypted()
        // Every window has exactly 5 meters and 20 readings; with a meters-count scale of 10, about half the windows
        // draw a noisy count below 5 and are suppressed, and the released counts differ from the true ones.
        XCTAssertGreaterThan(run.policySummary.windowsSuppressed, 10)
        XCTAssertGreaterThan(released.count, 10)
        XCTAssertEqual(run.policySummary.windowsSuppressed + released.count, totals.count)
        XCTAssertTrue(released.allSatisfy { $0.meters >= 5 }, "a window with a noisy meter count below min_meters was released")
        XCTAssertGreaterThan(released.filter { $0.meters != 5 }.count, released.count / 2)
        XCTAssertGreaterThan(released.filter { $0.readings != 20 }.count, released.count / 2)
    }
}
