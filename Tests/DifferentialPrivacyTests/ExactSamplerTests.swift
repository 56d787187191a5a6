import DifferentialPrivacy
import Foundation
import Paillier
import XCTest

/// The exact samplers against their probability mass functions, computed here in floating point from the
/// definitions: P(x) = tanh(1/(2τ)) e^{-|x|/τ} (discrete Laplace) and e^{-x²/2σ²} / Σ_k e^{-k²/2σ²}
/// (discrete Gaussian). 100,000 seeded draws per scale, integer and non-integer scales.
final class ExactSamplerTests: XCTestCase {
    static let draws = 100_000

    func testDiscreteLaplaceMatchesItsMassFunctionAtSeveralScales() {
        for (numerator, denominator) in [(1, 1), (5, 2), (7, 3), (40, 1), (1, 3)] as [(Int64, Int64)] {
            let scale = Double(numerator) / Double(denominator)
            let test = ChiSquare(draws: laplaceDraws(numerator, denominator, seed: UInt64(numerator * 31 + denominator))) {
                tanh(1 / (2 * scale)) * exp(-Double(abs($0)) / scale)
            }
            XCTAssertTrue(test.fits, "scale \(numerator)/\(denominator): χ² \(test.statistic) ≥ \(test.criticalValue) (df \(test.degreesOfFreedom))")
        }
    }

    func testDiscreteGaussianMatchesItsMassFunctionAtSeveralScales() {
        for (numerator, denominator) in [(1, 1), (9, 4), (7, 2), (50, 1), (1, 5)] as [(Int64, Int64)] {
            let variance = Double(numerator) / Double(denominator)
            let pmf = Self.gaussianMass(variance: variance)
            let test = ChiSquare(draws: gaussianDraws(numerator, denominator, seed: UInt64(numerator * 17 + denominator)), pmf: pmf)
            XCTAssertTrue(test.fits, "σ² \(numerator)/\(denominator): χ² \(test.statistic) ≥ \(test.criticalValue) (df \(test.degreesOfFreedom))")
        }
    }

    /// The test has power: the same draws do not fit a neighbouring scale.
    func testChiSquareRejectsAWrongScale() {
        let draws = laplaceDraws(5, 2, seed: 7)
        let wrong = ChiSquare(draws: draws) { tanh(1 / (2 * 2.3)) * exp(-Double(abs($0)) / 2.3) }
        XCTAssertFalse(wrong.fits, "χ² \(wrong.statistic) against scale 2.3 should exceed \(wrong.criticalValue)")
        let gaussian = gaussianDraws(9, 4, seed: 9)
        XCTAssertFalse(ChiSquare(draws: gaussian, pmf: Self.gaussianMass(variance: 2.0)).fits)
    }

    /// Scales far beyond 64 bits (as a large sensitivity in milli-Wh gives) stay exact and centred.
    func testHugeScalesDrawWithoutOverflow() throws {
        var source = SeededUniformSource(seed: 3)
        let huge = try XCTUnwrap(BigInteger(decimal: "1" + String(repeating: "0", count: 30)))
        let laplace = try XCTUnwrap(DiscreteLaplace(scale: XCTUnwrap(ExactRatio(huge, BigInteger(3)))))
        let gaussian = try XCTUnwrap(DiscreteGaussian(variance: XCTUnwrap(ExactRatio(huge * huge, BigInteger(7)))))
        var positive = 0, large = 0
        for _ in 0..<400 {
            let x = laplace.sample(using: &source), y = gaussian.sample(using: &source)
            if x.signum > 0 { positive += 1 }
            if y.bitWidth > 64 { large += 1 }
        }
        XCTAssertTrue((150...250).contains(positive), "\(positive) of 400 positive")
        XCTAssertGreaterThan(large, 300, "σ ≈ 3.8e29: most draws need more than 64 bits")
    }

    func testZeroScalesAndNegativeRatiosAreRefused() {
        XCTAssertNil(DiscreteLaplace(scale: ExactRatio(0, 1)!))
        XCTAssertNil(DiscreteGaussian(variance: ExactRatio(0, 5)!))
        XCTAssertNil(ExactRatio(-1, 2))
        XCTAssertNil(ExactRatio(1, 0))
    }

    /// The OS source: uniform below a bound, every value reached, none above.
    func testSystemSourceIsUniformBelowItsBound() {
        var source = SystemUniformSource()
        var counts = [Int](repeating: 0, count: 7)
        for _ in 0..<7_000 { counts[Int(source.uniform(below: BigInteger(7)).int64Value!)] += 1 }
        let test = ChiSquare(draws: counts.enumerated().flatMap { Array(repeating: $0.offset - 3, count: $0.element) }) {
            abs($0) <= 3 ? 1.0 / 7 : 0
        }
        XCTAssertTrue(test.fits, "χ² \(test.statistic)")
    }

    private func laplaceDraws(_ numerator: Int64, _ denominator: Int64, seed: UInt64) -> [Int] {
        var source = SeededUniformSource(seed: seed)
        let sampler = DiscreteLaplace(scale: ExactRatio(numerator, denominator)!)!
        return (0..<Self.draws).map { _ in Int(sampler.sample(using: &source).int64Value!) }
    }

    private func gaussianDraws(_ numerator: Int64, _ denominator: Int64, seed: UInt64) -> [Int] {
        var source = SeededUniformSource(seed: seed)
        let sampler = DiscreteGaussian(variance: ExactRatio(numerator, denominator)!)!
        return (0..<Self.draws).map { _ in Int(sampler.sample(using: &source).int64Value!) }
    }

    private static func gaussianMass(variance: Double) -> (Int) -> Double {
        let bound = Int(40 * variance.squareRoot()) + 10
        let normalizer = (-bound...bound).reduce(0) { $0 + exp(-Double($1 * $1) / (2 * variance)) }
        return { exp(-Double($0 * $0) / (2 * variance)) / normalizer }
    }
}
