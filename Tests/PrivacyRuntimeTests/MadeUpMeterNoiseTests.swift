import Foundation
import PrivacyRuntime
import PrivacyRuntimeTesting
import XCTest

/// The made-up-meters attack (issue 14, n − 1) against a noisy policy: the key holder publishes four meter ids
/// reporting 0 Wh beside one real meter, so each region hour reaches min_meters 5, and subtracts what it made up
/// (nothing). Without noise it recovers the real meter's exact hour; with noise its error is the noise's.
final class MadeUpMeterNoiseTests: XCTestCase {
    /// One real meter and four made-up ones per region, every 15m for `hours` hours; the real meter's true hours.
    private func attack(regions: Int, hours: Int) -> (readings: [TestReading], real: [WindowKey: Int64]) {
        var readings: [TestReading] = [], real: [WindowKey: Int64] = [:]
        for slot in 0..<(hours * 4) {
            let time = 1_767_225_600 + Int64(slot) * 900
            for region in 0..<regions {
                let value = Int64.random(in: 1...100)
                readings.append(TestReading(meterID: "real\(region)", region: "r\(region)", timestamp: time, energyWh: "\(value)"))
                real[WindowKey("r\(region)", time - time % 3600), default: 0] += value
                for fake in 1...4 {
                    readings.append(TestReading(meterID: "fake\(region)-\(fake)", region: "r\(region)", timestamp: time, energyWh: "0"))
                }
            }
        }
        return (readings, real)
    }

    func testWithoutNoiseTheAttackRecoversTheExactHour() async throws {
        let (readings, real) = attack(regions: 4, hours: 6)
        let run = try await PolicyHarness().run(policy: NoisyReleaseTests.policy(noise: nil, minMeters: 5), readings: readings)
        XCTAssertEqual(try run.decryptedTotals(), real, "the baseline: made-up meters reveal the lone real meter's hours")
    }

    func testWithNoiseTheAttacksErrorIsTheNoise() async throws {
        let (readings, real) = attack(regions: 20, hours: 30)
        let run = try await PolicyHarness().run(
            policy: NoisyReleaseTests.policy(noise: "{ mechanism: discrete_laplace, epsilon: 1, contribution_bound: 400 }", minMeters: 5),
            readings: readings)
        // The key holder's estimate of the real meter's hour is the released total minus the 0 Wh it made up.
        let errors = try run.decrypted().map { $0.total - real[$0.key]! }
        XCTAssertGreaterThan(errors.count, 150, "about half of the 600 hours draw a noisy meter count of at least 5")
        let fit = NoiseGoodnessOfFit.discreteLaplace(scale: 500).chiSquare(errors, bins: 8)
        XCTAssertLessThan(fit.statistic, fit.critical, "the attack's errors do not follow the noise: \(errors.prefix(20))")
        // P(error = 0) = (1 − q)/(1 + q) with q = e^(−1/500), about 0.001 per hour.
        XCTAssertLessThanOrEqual(errors.filter { $0 == 0 }.count, 3, "the attack recovered exact hours")
        let within = errors.filter { abs($0) <= 100 }.count
        XCTAssertLessThan(Double(within) / Double(errors.count), 0.4, "most estimates are off by more than a real meter's hour can hold")
    }
}
