import Foundation
import Paillier

/// Noise calibrated to one released quantity: a mechanism, the epsilon (and delta) spent on the quantity
/// per window, and its sensitivity in integer units (the most one meter's readings can change it: added,
/// removed or changed in one window). The calibration may use floating point, always rounding towards
/// more noise; the sampler it returns never does.
public struct NoiseCalibration: Sendable, Equatable {
    /// The mechanism and, for the Gaussian, its delta.
    public enum Mechanism: Sendable, Equatable {
        /// Pure epsilon-DP: scale = sensitivity / epsilon.
        case discreteLaplace
        /// (epsilon, delta)-DP through zero-concentrated DP: rho from (epsilon, delta), sigma² = Δ² / (2 rho).
        case discreteGaussian(delta: ExactRatio)
    }

    /// The mechanism.
    public let mechanism: Mechanism
    /// Epsilon spent on this quantity per window.
    public let epsilon: ExactRatio
    /// Sensitivity in integer units (> 0).
    public let sensitivity: BigInteger

    /// A calibration; nil when epsilon or the sensitivity is not positive, or delta is not in (0, 1).
    public init?(mechanism: Mechanism, epsilon: ExactRatio, sensitivity: BigInteger) {
        guard epsilon.numerator.signum > 0, sensitivity.signum > 0 else { return nil }
        if case .discreteGaussian(let delta) = mechanism {
            guard delta.numerator.signum > 0, delta.numerator < delta.denominator else { return nil }
        }
        self.mechanism = mechanism
        self.epsilon = epsilon
        self.sensitivity = sensitivity
    }

    /// The sampler: discrete Laplace with scale Δ/ε exactly, or discrete Gaussian with σ² = Δ²/(2ρ) rounded up.
    public var noise: any IntegerNoise {
        switch mechanism {
        case .discreteLaplace:
            return DiscreteLaplace(scale: ExactRatio(unchecked: sensitivity * epsilon.denominator, epsilon.numerator))!
        case .discreteGaussian:
            return DiscreteGaussian(variance: gaussianVariance)!
        }
    }

    /// ρ of zero-concentrated DP per window for the Gaussian: the largest ρ with ρ + 2√(ρ ln(1/δ)) ≤ ε
    /// (Bun and Steinke 2016, Proposition 1.3), i.e. ρ = (√(L + ε) - √L)² with L = ln(1/δ); nil for Laplace.
    public var rho: Double? {
        guard case .discreteGaussian(let delta) = mechanism else { return nil }
        let logInverseDelta = log(1 / delta.doubleValue)
        let root = (logInverseDelta + epsilon.doubleValue).squareRoot() - logInverseDelta.squareRoot()
        return root * root
    }

    /// σ² = Δ² / (2ρ), rounded up to a multiple of 2⁻²⁰ after a 10⁻⁹ relative margin for the floating-point ρ.
    var gaussianVariance: ExactRatio {
        let scale = Double(1 << 20)
        let sensitivity = self.sensitivity.doubleValue
        let variance = sensitivity * sensitivity / (2 * rho!) * (1 + 1e-9)
        let numerator = BigInteger(decimal: String(format: "%.0f", (variance * scale).rounded(.up)))!
        return ExactRatio(unchecked: numerator, BigInteger(Int64(scale)))
    }
}

extension ExactRatio {
    /// The nearest double, for reporting and for calibration steps that round towards more noise.
    public var doubleValue: Double { numerator.doubleValue / denominator.doubleValue }
}

extension BigInteger {
    /// The nearest double (through the decimal text; exact for integers below 2⁵³).
    var doubleValue: Double { Double(description) ?? .infinity }
}
