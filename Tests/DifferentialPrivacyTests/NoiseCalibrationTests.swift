import DifferentialPrivacy
import Foundation
import Paillier
import XCTest

/// Calibration to (epsilon, sensitivity) and the budget arithmetic, against values worked out here.
final class NoiseCalibrationTests: XCTestCase {
    func testLaplaceScaleIsSensitivityOverEpsilonExactly() throws {
        let calibration = try XCTUnwrap(NoiseCalibration(
            mechanism: .discreteLaplace, epsilon: XCTUnwrap(ExactRatio(1, 2)), sensitivity: BigInteger(1_000)))
        let laplace = try XCTUnwrap(calibration.noise as? DiscreteLaplace)
        XCTAssertEqual(laplace.scale.numerator * BigInteger(1), BigInteger(2_000) * laplace.scale.denominator)
        XCTAssertNil(calibration.rho)
    }

    /// σ² is at least Δ²/(2ρ) and ρ spends no more than epsilon at delta: ρ + 2√(ρ ln(1/δ)) ≤ ε.
    func testGaussianVarianceSpendsAtMostEpsilonAtDelta() throws {
        for (epsilon, sensitivity) in [((1, 1), 1), ((1, 2), 5_000), ((2, 1), 123_456_789)] as [((Int64, Int64), Int64)] {
            let delta = try XCTUnwrap(ExactRatio(1, 1_000_000))
            let calibration = try XCTUnwrap(NoiseCalibration(
                mechanism: .discreteGaussian(delta: delta), epsilon: XCTUnwrap(ExactRatio(epsilon.0, epsilon.1)),
                sensitivity: BigInteger(sensitivity)))
            let rho = try XCTUnwrap(calibration.rho)
            let spent = rho + 2 * (rho * log(1e6)).squareRoot()
            XCTAssertEqual(spent, Double(epsilon.0) / Double(epsilon.1), accuracy: 1e-9)
            let gaussian = try XCTUnwrap(calibration.noise as? DiscreteGaussian)
            let variance = gaussian.variance.doubleValue
            let needed = Double(sensitivity) * Double(sensitivity) / (2 * rho)
            XCTAssertGreaterThanOrEqual(variance, needed)
            XCTAssertLessThan(variance, needed * (1 + 1e-6) + 1e-5)
        }
    }

    func testInvalidParametersAreRefused() throws {
        let epsilon = try XCTUnwrap(ExactRatio(1, 1))
        XCTAssertNil(NoiseCalibration(mechanism: .discreteLaplace, epsilon: epsilon, sensitivity: BigInteger(0)))
        XCTAssertNil(NoiseCalibration(mechanism: .discreteLaplace, epsilon: ExactRatio(0, 1)!, sensitivity: BigInteger(1)))
        XCTAssertNil(NoiseCalibration(mechanism: .discreteGaussian(delta: ExactRatio(1, 1)!), epsilon: epsilon, sensitivity: BigInteger(1)))
        XCTAssertNil(NoiseCalibration(mechanism: .discreteGaussian(delta: ExactRatio(0, 1)!), epsilon: epsilon, sensitivity: BigInteger(1)))
    }

    /// Laplace: epsilons add up. Hourly windows spending 0.4 on the sum and 0.1 on the counts lose 0.5 an
    /// hour, 12 a day and 4,380 a year.
    func testBasicCompositionPerDayAndYear() throws {
        let sum = try XCTUnwrap(NoiseCalibration(mechanism: .discreteLaplace, epsilon: ExactRatio(2, 5)!, sensitivity: BigInteger(60_000)))
        let counts = try XCTUnwrap(NoiseCalibration(mechanism: .discreteLaplace, epsilon: ExactRatio(1, 10)!, sensitivity: BigInteger(12)))
        let loss = PrivacyLoss(calibrations: [sum, counts], windowSeconds: 3_600)
        XCTAssertEqual(loss.windowsPerDay, 24)
        XCTAssertEqual(loss.epsilonPerWindow, 0.5, accuracy: 1e-12)
        XCTAssertEqual(loss.epsilonPerDay, 12, accuracy: 1e-9)
        XCTAssertEqual(loss.epsilonPerYear, 4_380, accuracy: 1e-6)
        XCTAssertNil(loss.rhoPerWindow)
    }

    /// Gaussian: rho adds up; a day of 24 windows of rho is 24·rho, stated as ε = 24ρ + 2√(24ρ ln(1/δ)),
    /// far below 24 times the per-window epsilon.
    func testZeroConcentratedCompositionPerDay() throws {
        let delta = try XCTUnwrap(ExactRatio(1, 1_000_000))
        let calibration = try XCTUnwrap(NoiseCalibration(
            mechanism: .discreteGaussian(delta: delta), epsilon: ExactRatio(1, 1)!, sensitivity: BigInteger(100)))
        let loss = PrivacyLoss(calibrations: [calibration], windowSeconds: 3_600)
        let rho = try XCTUnwrap(calibration.rho)
        XCTAssertEqual(try XCTUnwrap(loss.rhoPerWindow), rho, accuracy: 1e-15)
        XCTAssertEqual(loss.epsilonPerDay, 24 * rho + 2 * (24 * rho * log(1e6)).squareRoot(), accuracy: 1e-9)
        XCTAssertLessThan(loss.epsilonPerDay, 24)
    }
}
