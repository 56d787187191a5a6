import DifferentialPrivacy
import Policy
import PrivacyRuntime

/// What `check` prints for a policy with `noise:`: the neighbouring relation, how the contribution bound is enforced,
/// the epsilon split between the sum and the counts, and what a meter spends per window, day and year.
struct NoiseDisclosureText {
    let policy: Policy
    let plan: NoisePlan

    /// The text, one item per line.
    var text: String {
        let rules = plan.rules, readings = policy.readings, loss = plan.loss
        let interval = PolicyDuration(seconds: readings.interval ?? 0)
        let n = NoiseText.number
        let lines = [
            "Noise (differential privacy): \(rules.mechanism.rawValue), epsilon \(rules.epsilon) per window"
                + (rules.delta.map { ", delta \($0)" } ?? "") + ":",
            "  - Neighbouring relation: one meter's readings in one window, added, removed or changed; every figure below is per meter under it.",
            "  - Bound enforced by construction: timestamps on the \(interval) grid of readings.interval (an off-grid reading or a second one for a slot is rejected), values within [\(wh(readings.min)), \(wh(readings.max))] Wh (others rejected and counted, never clipped), so one meter adds at most \(wh(readings.max)) Wh × \(plan.readingsPerMeter) readings = \(wh(plan.enforcedSensitivity)) Wh to a window, within contribution_bound \(wh(rules.contributionBound)) Wh, to which the noise is calibrated. Readings are encrypted by this runtime, which sees each value (encryption at the meter would leave the bound unenforceable and is not offered with noise).",
            "  - Split of each window's epsilon: sum \(n(plan.sum.epsilon.doubleValue)) (sensitivity \(wh(rules.contributionBound)) Wh), meters count \(n(plan.meters.epsilon.doubleValue)) (sensitivity 1), readings count \(n(plan.readings.epsilon.doubleValue)) (sensitivity \(plan.readingsPerMeter)); the released counts are the noisy ones, and min_meters \(policy.minMeters) decides on the noisy meter count, so membership is covered too.",
            "  - \(scaleLine)",
            "  - Budget per meter (\(loss.compositionRule)): epsilon \(n(loss.epsilonPerWindow)) per window, \(n(loss.epsilonPerDay)) per day (\(loss.windowsPerDay) windows), \(n(loss.epsilonPerYear)) per year" + (loss.delta.map { ", at delta \($0) per window" } ?? "") + (rules.maxEpsilonPerDay.map { "; ceiling \($0) per day (noise.max_epsilon_per_day) holds" } ?? "") + ". The purge log records the budget each release spends.",
            "  - Drawn exactly (integer sampler of Canonne, Kamath and Steinke, no floating point) from the OS CSPRNG, encrypted under the policy's key and folded into the window's ciphertext before it is signed, then wiped; the key holder decrypts only noisy totals, which can be negative. A window is noised once: the release point keeps a restart from drawing again.",
            "  - Not covered: a meter id that reports into several regions (possible without a registry) spends this budget in each; exact policies on the same stream with windows that tile these windows are refused, longer exact windows (a bill) still reveal what they release. Beside household policies these windows take no part in the joint release (neither held nor withheld).",
        ]
        return lines.joined(separator: "\n")
    }

    /// The noise's spread in Wh: the Laplace scale, or the Gaussian's sigma with its rho and the zCDP conversion.
    private var scaleLine: String {
        let n = NoiseText.number, unit = Double(ExactDecimalPower.of(policy.readings.decimalPlaces))
        switch plan.sum.noise {
        case let laplace as DiscreteLaplace:
            return "Sum noise: discrete Laplace, scale \(n(laplace.scale.doubleValue / unit)) Wh (contribution_bound / sum epsilon); standard deviation about \(n(2.0.squareRoot() * laplace.scale.doubleValue / unit)) Wh (√2 × scale)."
        case let gaussian as DiscreteGaussian:
            let rho = plan.sum.rho ?? 0
            return "Sum noise: discrete Gaussian, sigma \(n(gaussian.variance.doubleValue.squareRoot() / unit)) Wh, rho \(n(rho)) (zCDP conversion: rho = (sqrt(ln(1/delta) + epsilon) - sqrt(ln(1/delta)))² for each quantity's epsilon share, sigma² = sensitivity² / (2 rho); the rhos add up and are stated back as epsilon = rho + 2 sqrt(rho ln(1/delta)))."
        default:
            return "Sum noise: \(policy.noise!.mechanism.rawValue)."
        }
    }

    private func wh(_ units: Int64) -> String {
        ExactDecimal(significand: units, scale: policy.readings.decimalPlaces).description
    }
}

/// 10^places as an integer.
enum ExactDecimalPower {
    /// 10^places.
    static func of(_ places: Int) -> Int64 { (0..<places).reduce(1) { result, _ in result * 10 } }
}
