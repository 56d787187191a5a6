import Foundation

/// A chi-square goodness-of-fit test of integer draws against an exact probability mass function, computed by the
/// test from the distribution's formula (not from the runtime's sampler): bins of about equal probability, then
/// Σ (observed − expected)² / expected against the critical value at α = 0.001.
struct NoiseGoodnessOfFit {
    /// P(X = x), for x within `support`.
    let pmf: (Int64) -> Double
    /// The integers carrying all but a negligible part of the mass.
    let support: ClosedRange<Int64>

    /// Discrete Laplace with scale t: P(x) = (1 − q)/(1 + q) · q^|x|, q = e^(−1/t).
    static func discreteLaplace(scale: Double) -> NoiseGoodnessOfFit {
        let q = exp(-1 / scale), width = Int64((scale * 40).rounded(.up)) + 10
        return NoiseGoodnessOfFit(pmf: { (1 - q) / (1 + q) * pow(q, Double($0.magnitude)) }, support: -width...width)
    }

    /// Discrete Gaussian with variance σ²: P(x) ∝ e^(−x²/(2σ²)), normalised over ±14σ.
    static func discreteGaussian(variance: Double) -> NoiseGoodnessOfFit {
        let width = Int64((variance.squareRoot() * 14).rounded(.up)) + 10
        let norm = (-width...width).reduce(0.0) { $0 + exp(-Double($1) * Double($1) / (2 * variance)) }
        return NoiseGoodnessOfFit(pmf: { exp(-Double($0) * Double($0) / (2 * variance)) / norm }, support: -width...width)
    }

    /// The chi-square statistic of `draws` over `bins` bins of about equal probability, and the critical value at
    /// α = 0.001 for bins − 1 degrees of freedom (Wilson–Hilferty approximation).
    func chiSquare(_ draws: [Int64], bins: Int) -> (statistic: Double, critical: Double) {
        var upper: [Int64] = [], mass: [Double] = [], cumulative = 0.0, binMass = 0.0
        for x in support {
            let p = pmf(x)
            cumulative += p
            binMass += p
            if cumulative >= Double(upper.count + 1) / Double(bins), upper.count < bins - 1 {
                upper.append(x)
                mass.append(binMass)
                binMass = 0
            }
        }
        mass.append(binMass + max(0, 1 - cumulative))
        var observed = [Int](repeating: 0, count: mass.count)
        for draw in draws { observed[upper.firstIndex { draw <= $0 } ?? upper.count] += 1 }
        let n = Double(draws.count)
        let statistic = zip(observed, mass).reduce(0.0) { total, bin in
            let expected = n * bin.1
            return total + (Double(bin.0) - expected) * (Double(bin.0) - expected) / expected
        }
        let k = Double(mass.count - 1), z = 3.090232  // the 0.999 quantile of the standard normal
        let critical = k * pow(1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot(), 3)
        return (statistic, critical)
    }
}
