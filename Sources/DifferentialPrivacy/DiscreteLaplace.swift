import Paillier

/// The discrete Laplace distribution on the integers: P(x) ∝ exp(-|x| / scale). Sampled exactly, in
/// integer arithmetic, with Canonne, Kamath and Steinke's Algorithm 2 ("The Discrete Gaussian for
/// Differential Privacy", NeurIPS 2020); no floating point, so no floating-point attack applies.
public struct DiscreteLaplace: Sendable {
    /// The scale (sensitivity / epsilon for epsilon-DP), a positive rational.
    public let scale: ExactRatio

    /// The distribution with the given positive scale; nil for a zero scale.
    public init?(scale: ExactRatio) {
        guard scale.numerator.signum > 0 else { return nil }
        self.scale = scale
    }

    /// One draw. With scale t/s: U uniform below t, kept with probability exp(-U/t); V geometric with
    /// ratio exp(-1); |x| = ⌊(U + tV)/s⌋ with a fair sign, rejecting "-0" so that 0 is not counted twice.
    public func sample(using source: inout some UniformIntegerSource) -> BigInteger {
        let t = scale.numerator, s = scale.denominator
        let one = ExactRatio(unchecked: BigInteger(1), BigInteger(1))
        let half = ExactRatio(unchecked: BigInteger(1), BigInteger(2))
        while true {
            let u = source.uniform(below: t)
            guard source.bernoulliExpMinus(ExactRatio(unchecked: u, t)) else { continue }
            var v = BigInteger(0)
            while source.bernoulliExpMinus(one) { v += BigInteger(1) }
            let magnitude = (u + t * v).floorDivided(by: s)
            let negative = source.bernoulli(half)
            if negative && magnitude.signum == 0 { continue }
            return negative ? -magnitude : magnitude
        }
    }
}
