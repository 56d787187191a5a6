import Paillier

extension UniformIntegerSource {
    /// A Bernoulli trial with success probability `p` (≤ 1): one uniform integer below the denominator.
    public mutating func bernoulli(_ p: ExactRatio) -> Bool {
        uniform(below: p.denominator) < p.numerator
    }

    /// A Bernoulli trial with success probability exp(-γ), exactly (Canonne, Kamath and Steinke 2020,
    /// Algorithm 1): for γ ≤ 1 the parity of the first failure in trials with probabilities γ/1, γ/2, …;
    /// above 1, ⌊γ⌋ trials of exp(-1) and one of exp(-(γ - ⌊γ⌋)), stopping at the first failure.
    public mutating func bernoulliExpMinus(_ gamma: ExactRatio) -> Bool {
        guard gamma.isAtMostOne else {
            let one = ExactRatio(unchecked: BigInteger(1), BigInteger(1))
            var remaining = gamma.floor
            while remaining.signum > 0 {
                guard bernoulliExpMinus(one) else { return false }
                remaining = remaining - BigInteger(1)
            }
            return bernoulliExpMinus(gamma.fractionalPart)
        }
        var k = BigInteger(1)
        while bernoulli(gamma.divided(by: k)) { k += BigInteger(1) }
        return k.isOdd
    }
}
