import DifferentialPrivacy
import Paillier
import Policy

/// A noisy region policy's calibration: the window's epsilon split between the sum (8/10) and the meters and
/// readings counts (1/10 each), each calibrated to its sensitivity under the neighbouring relation "one meter's
/// readings in one window, added, removed or changed": `contribution_bound` for the sum, the readings one meter can
/// send into a window for the readings count, 1 for the meters count. What a meter loses per day and year follows.
public struct NoisePlan: Sendable {
    /// The share of the window's epsilon spent on the sum, as numerator and denominator; the counts get the rest.
    public static let sumShare: (Int64, Int64) = (8, 10)
    /// The share spent on each count (meters, readings).
    public static let countShare: (Int64, Int64) = (1, 10)

    /// The policy's `noise:` section.
    public let rules: NoiseRules
    /// The sum's noise, calibrated to `contribution_bound` (in policy units).
    public let sum: NoiseCalibration
    /// The meters count's noise (sensitivity 1).
    public let meters: NoiseCalibration
    /// The readings count's noise (sensitivity: readings one meter can send into one window).
    public let readings: NoiseCalibration
    /// readings.max × readings per window: what the admission rules let one meter add (≤ `contribution_bound`).
    public let enforcedSensitivity: Int64
    /// Readings one meter can send into one window (window / readings.interval).
    public let readingsPerMeter: Int64
    /// Epsilon per window, day and year for one meter under the composition rule the mechanism uses.
    public let loss: PrivacyLoss

    /// The plan of `policy`; nil when it has no `noise:`. Throws when the plan breaks the policy's own ceiling.
    public init?(policy: Policy) throws {
        guard let rules = policy.noise,
              let perMeter = NoiseRules.readingsPerMeter(window: policy.window, readings: policy.readings),
              let enforced = NoiseRules.enforcedSensitivity(window: policy.window, readings: policy.readings) else { return nil }
        let mechanism: NoiseCalibration.Mechanism = switch rules.mechanism {
        case .discreteLaplace: .discreteLaplace
        case .discreteGaussian: .discreteGaussian(delta: Self.ratio(rules.delta!))
        }
        let epsilon = Self.ratio(rules.epsilon)
        func share(_ part: (Int64, Int64)) -> ExactRatio {
            ExactRatio(epsilon.numerator * BigInteger(part.0), epsilon.denominator * BigInteger(part.1))!
        }
        self.rules = rules
        sum = NoiseCalibration(mechanism: mechanism, epsilon: share(Self.sumShare), sensitivity: BigInteger(rules.contributionBound))!
        meters = NoiseCalibration(mechanism: mechanism, epsilon: share(Self.countShare), sensitivity: BigInteger(1))!
        readings = NoiseCalibration(mechanism: mechanism, epsilon: share(Self.countShare), sensitivity: BigInteger(perMeter))!
        enforcedSensitivity = enforced
        readingsPerMeter = perMeter
        loss = PrivacyLoss(calibrations: [sum, meters, readings], windowSeconds: policy.window.seconds)
        if let ceiling = rules.maxEpsilonPerDay, loss.epsilonPerDay > Self.ratio(ceiling).doubleValue {
            throw NoisePlanError.ceilingExceeded(policy: policy.name, perDay: loss.epsilonPerDay, ceiling: ceiling.description,
                                                 at: rules.location)
        }
    }

    /// An exact decimal as an exact ratio (significand / 10^scale).
    static func ratio(_ decimal: ExactDecimal) -> ExactRatio {
        var denominator: Int64 = 1
        for _ in 0..<decimal.scale { denominator *= 10 }
        return ExactRatio(decimal.significand, denominator)!
    }
}
