import Paillier

/// The discrete Gaussian distribution on the integers: P(x) ∝ exp(-x² / (2σ²)). Sampled exactly with
/// Canonne, Kamath and Steinke's Algorithm 3: a discrete Laplace proposal with scale ⌊σ⌋ + 1, accepted with
/// probability exp(-(|y| - σ²/t)² / (2σ²)), every quantity an exact rational.
public struct DiscreteGaussian: Sendable {
    /// σ², a positive rational.
    public let variance: ExactRatio

    /// The distribution with the given positive σ²; nil for zero.
    public init?(variance: ExactRatio) {
        guard variance.numerator.signum > 0 else { return nil }
        self.variance = variance
    }

    /// One draw.
    public func sample(using source: inout some UniformIntegerSource) -> BigInteger {
        // σ² = a/b; t = ⌊σ⌋ + 1 = ⌊√⌊a/b⌋⌋ + 1.
        let a = variance.numerator, b = variance.denominator
        let t = variance.floor.squareRootRoundingDown() + BigInteger(1)
        let proposal = DiscreteLaplace(scale: ExactRatio(unchecked: t, BigInteger(1)))!
        while true {
            let y = proposal.sample(using: &source)
            let magnitude = y.signum < 0 ? -y : y
            // (|y| - a/(b t))² / (2 a / b) = (|y| b t - a)² / (2 a b t²).
            let difference = magnitude * b * t - a
            let gamma = ExactRatio(unchecked: difference * difference, BigInteger(2) * a * b * t * t)
            if source.bernoulliExpMinus(gamma) { return y }
        }
    }
}
