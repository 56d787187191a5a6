import XCTest
@testable import Policy

/// `noise:`: its keys, and the rules that make its contribution bound hold by construction.
final class NoisePolicyTests: XCTestCase {
    /// The valid policy made a 2h region policy, with `extra` lines appended from line 17.
    private func regionPolicy(_ extra: String...) -> String {
        var lines = validPolicyLines
        lines[1] = "scope: region"
        lines[15] = "  - { type: sqlite, path: out.db }"
        return (lines + extra).joined(separator: "\n") + "\n"
    }

    /// 15m readings of at most 50 Wh: one meter adds at most 8 × 50 = 400 Wh to a 2h window.
    private let gridReadings = ["readings:", "  interval: 15m", "  max: 50"]

    func testNoiseSectionIsReadInPolicyUnits() throws {
        let policy = try loadPolicy(regionPolicy(gridReadings[0], gridReadings[1], gridReadings[2],
            "noise:", "  mechanism: discrete_gaussian", "  epsilon: 0.5", "  delta: 0.000001", "  contribution_bound: 400.5",
            "  max_epsilon_per_day: 20"))
        let noise = try XCTUnwrap(policy.noise)
        XCTAssertEqual(noise.mechanism, .discreteGaussian)
        XCTAssertEqual(noise.epsilon, ExactDecimal("0.5"))
        XCTAssertEqual(noise.delta, ExactDecimal("0.000001"))
        XCTAssertEqual(noise.contributionBound, 400_500)
        XCTAssertEqual(noise.maxEpsilonPerDay, ExactDecimal("20"))
        XCTAssertEqual(NoiseRules.enforcedSensitivity(window: policy.window, readings: policy.readings), 400_000)
        XCTAssertEqual(NoiseRules.readingsPerMeter(window: policy.window, readings: policy.readings), 8)
        XCTAssertNil(try loadPolicy(regionPolicy()).noise)
    }

    func testCheckRefusesABoundTheReadingsRulesCannotEnforce() {
        XCTAssertEqual(diagnostics(regionPolicy(gridReadings[0], gridReadings[1], gridReadings[2],
            "noise:", "  mechanism: discrete_laplace", "  epsilon: 1", "  contribution_bound: 399")), [
            "test.yaml:23:23: error: noise.contribution_bound 399 Wh cannot be enforced: one meter can add readings.max 50 Wh × 8 readings (window 2h / readings.interval 15m) = 400 Wh to a window; raise contribution_bound to at least 400 or lower readings.max to 49.875",
        ])
    }

    func testNoiseNeedsAReadingGridNonNegativeReadingsAndRegionScope() {
        XCTAssertEqual(diagnostics(regionPolicy("noise:", "  mechanism: discrete_laplace", "  epsilon: 1", "  contribution_bound: 400")), [
            "test.yaml:18:3: error: noise needs readings.interval (the meters' reporting grid, e.g. 15m): without it a meter can send any number of readings into a window (at :00:01, :00:02, …) and contribution_bound cannot hold",
        ])
        XCTAssertEqual(diagnostics(regionPolicy(gridReadings[0], gridReadings[1], gridReadings[2], "  min: -1",
            "noise:", "  mechanism: discrete_laplace", "  epsilon: 1", "  contribution_bound: 400")), [
            "test.yaml:20:8: error: noise needs readings.min of at least 0, found -1 Wh: with negative readings a meter can also lower a window's sum, so its contribution is not bounded by readings.max alone",
        ])
        XCTAssertEqual(diagnostics(policy(appending: gridReadings[0], gridReadings[1], gridReadings[2],
            "noise:", "  mechanism: discrete_laplace", "  epsilon: 1", "  contribution_bound: 400")), [
            "test.yaml:21:3: error: noise applies to region scope only: a household window holds one meter, so its noisy total would only be a wrong bill",
        ])
    }

    /// Values encrypted at the meter cannot be range-checked, so no contribution bound holds for them.
    func testNoiseRefusesReadingsEncryptedAtTheMeter() {
        for encoding in ["encrypted", "either"] {
            XCTAssertEqual(diagnostics(regionPolicy(gridReadings[0], gridReadings[1], gridReadings[2], "  encoding: \(encoding)",
                "noise:", "  mechanism: discrete_laplace", "  epsilon: 1", "  contribution_bound: 400")), [
                "test.yaml:20:13: error: noise needs plain readings (readings.encoding: plain), found \(encoding): the runtime cannot check the range of a value encrypted at the meter (a range proof would), so no reading's contribution, and no contribution_bound, can be enforced",
            ])
        }
    }

    /// A sink that appends would keep a second, fresh noise draw of a window released again after a crash.
    func testNoiseRefusesSinksThatAppend() {
        var lines = validPolicyLines
        lines[1] = "scope: region"
        let text = (lines + gridReadings + ["noise:", "  mechanism: discrete_laplace", "  epsilon: 1", "  contribution_bound: 400"])
            .joined(separator: "\n") + "\n"
        XCTAssertEqual(diagnostics(text), [
            "test.yaml:16:11: error: sink 'stdout' appends, and the policy has noise: a window released again after a crash would be stored with a second, fresh noise draw, and two draws of one window average the noise down; use a sink that stores each window once (sqlite, postgres)",
        ])
    }

    func testBadNoiseKeys() {
        XCTAssertEqual(diagnostics(regionPolicy(gridReadings[0], gridReadings[1], gridReadings[2],
            "noise:", "  mechanism: discrete_gauss", "  epsilon: 0", "  contribution_bound: 400", "  delta: 2", "  budget: 3")), [
            "test.yaml:21:14: error: invalid value 'discrete_gauss' for 'noise.mechanism' (expected discrete_laplace or discrete_gaussian)",
            "test.yaml:22:12: error: invalid value '0' for 'noise.epsilon' (expected a decimal number above 0 with at most 9 decimal places, e.g. 0.5)",
            "test.yaml:24:10: error: invalid value '2' for 'noise.delta' (expected a decimal number between 0 and 1 (exclusive) with at most 9 decimal places, e.g. 0.000001)",
            "test.yaml:25:3: error: unknown key 'budget' in noise",
        ])
        XCTAssertEqual(diagnostics(regionPolicy(gridReadings[0], gridReadings[1], gridReadings[2],
            "noise:", "  mechanism: discrete_gaussian", "  epsilon: 1", "  contribution_bound: 400")), [
            "test.yaml:21:3: error: noise.mechanism discrete_gaussian needs 'delta' (e.g. 0.000001, well below 1 / the number of meters)",
        ])
        XCTAssertEqual(diagnostics(regionPolicy(gridReadings[0], gridReadings[1], gridReadings[2],
            "noise:", "  mechanism: discrete_laplace", "  epsilon: 1", "  delta: 0.001", "  contribution_bound: 400")), [
            "test.yaml:23:10: error: noise.delta applies to discrete_gaussian only; discrete_laplace is pure epsilon-DP",
        ])
    }
}
