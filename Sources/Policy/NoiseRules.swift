/// Differentially private noise for a region policy's releases (`noise:`): the mechanism, the epsilon (and the
/// Gaussian's delta) one window spends, and the most one meter can add to one window. The neighbouring relation is
/// one meter's readings in one window, added, removed or changed; the runtime calibrates to `contributionBound`.
public struct NoiseRules: Sendable, Hashable {
    /// The noise distribution (`mechanism:`).
    public enum Mechanism: String, Sendable, Hashable, CaseIterable {
        /// Pure epsilon-DP, scale = sensitivity / epsilon.
        case discreteLaplace = "discrete_laplace"
        /// (epsilon, delta)-DP through zero-concentrated DP.
        case discreteGaussian = "discrete_gaussian"
    }

    /// The mechanism.
    public let mechanism: Mechanism
    /// Epsilon per window, for the sum and the counts together (`epsilon:`).
    public let epsilon: ExactDecimal
    /// Delta per window (`delta:`), the Gaussian only; nil for Laplace.
    public let delta: ExactDecimal?
    /// The most one meter can add to one window, in units of the policy's resolution (`contribution_bound:` in Wh).
    public let contributionBound: Int64
    /// The most epsilon a meter may spend per day on this policy (`max_epsilon_per_day:`); nil for no ceiling.
    public let maxEpsilonPerDay: ExactDecimal?
    /// Where `noise:` starts, for errors the runtime finds (the ceiling, combinations with other policies).
    public let location: SourceLocation

    /// Creates rules; `contributionBound` is in units, not Wh.
    public init(mechanism: Mechanism, epsilon: ExactDecimal, delta: ExactDecimal?, contributionBound: Int64,
                maxEpsilonPerDay: ExactDecimal? = nil, location: SourceLocation) {
        self.mechanism = mechanism
        self.epsilon = epsilon
        self.delta = delta
        self.contributionBound = contributionBound
        self.maxEpsilonPerDay = maxEpsilonPerDay
        self.location = location
    }

    /// The readings one meter can send into one window: one per grid slot of `readings.interval` (off-grid
    /// timestamps and a second reading for a slot are rejected); nil without an interval.
    public static func readingsPerMeter(window: PolicyDuration, readings: ReadingRules) -> Int64? {
        guard let interval = readings.interval, interval > 0 else { return nil }
        return max(1, window.seconds / interval)
    }

    /// The most one meter can change a window's sum, in units: readings.max × readings per window (readings.min ≥ 0,
    /// so removing a meter, adding one or changing its readings moves the sum by at most this); nil when it overflows
    /// or the policy declares no interval.
    public static func enforcedSensitivity(window: PolicyDuration, readings: ReadingRules) -> Int64? {
        guard let slots = readingsPerMeter(window: window, readings: readings) else { return nil }
        let (product, overflow) = max(readings.max, 0).multipliedReportingOverflow(by: slots)
        return overflow ? nil : product
    }
}
