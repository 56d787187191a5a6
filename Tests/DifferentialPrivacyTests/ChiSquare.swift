import Foundation

/// Pearson's chi-square goodness-of-fit test of integer draws against a probability mass function, with
/// the values whose expected count is below 5 pooled into one bin per tail.
struct ChiSquare {
    /// The statistic.
    let statistic: Double
    /// Degrees of freedom (bins - 1).
    let degreesOfFreedom: Int

    init(draws: [Int], pmf: (Int) -> Double) {
        let total = Double(draws.count)
        var counts: [Int: Int] = [:]
        for draw in draws { counts[draw, default: 0] += 1 }
        // The central range where every value expects at least 5 draws.
        var high = 0
        while pmf(high + 1) * total >= 5 && pmf(-(high + 1)) * total >= 5 { high += 1 }
        var observed: [Double] = [], expected: [Double] = []
        for value in -high...high {
            observed.append(Double(counts[value] ?? 0))
            expected.append(pmf(value) * total)
        }
        let centralMass = (-high...high).reduce(0) { $0 + pmf($1) }
        // Tails: everything below -high and above high, each side half of the rest (both PMFs are symmetric).
        let tail = (1 - centralMass) / 2 * total
        observed.append(Double(counts.filter { $0.key < -high }.values.reduce(0, +)))
        observed.append(Double(counts.filter { $0.key > high }.values.reduce(0, +)))
        expected.append(tail)
        expected.append(tail)
        statistic = zip(observed, expected).reduce(0) { $0 + ($1.0 - $1.1) * ($1.0 - $1.1) / $1.1 }
        degreesOfFreedom = observed.count - 1
    }

    /// The value the statistic exceeds with probability 10⁻⁴ under the null hypothesis (Wilson-Hilferty).
    var criticalValue: Double {
        let k = Double(degreesOfFreedom), z = 3.719
        let term = 1 - 2 / (9 * k) + z * (2 / (9 * k)).squareRoot()
        return k * term * term * term
    }

    /// True when the draws are consistent with the PMF at the 10⁻⁴ level.
    var fits: Bool { statistic < criticalValue }
}
