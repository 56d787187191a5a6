/// How a policy's watermark follows the fleet (`watermark:`): a low quantile of the meters' latest event
/// times, so one meter's clock, fast or slow, cannot close or hold everyone's windows.
///
/// The fleet time is the `quantile` of the latest event times of the active meters (meters not more than
/// `idleAfter` behind the fleet's front, its latest meter not more than `maxAhead` ahead of the upper quantile,
/// 1 − `quantile`); the watermark is the fleet time minus the lateness, and
/// moves only forward, only once `minMeters` meters are active. A reading more than `maxAhead` ahead of the
/// fleet time is rejected as `future`.
public struct WatermarkRule: Sendable, Hashable {
    /// The quantile in thousandths (250 is 0.25): an integer, so every host computes the same watermark.
    public let quantilePerMille: Int
    /// Active meters needed before the watermark moves at all; a smaller input closes its windows at its end.
    public let minMeters: Int
    /// Seconds (event time) a meter may lag the fleet before it is left out of the quantile.
    public let idleAfter: Int64
    /// Seconds (event time) a reading may lie ahead of the fleet time.
    public let maxAhead: Int64

    /// The default quantile, 0.25: a quarter of the active meters may lag (or fall silent) and three quarters
    /// run ahead before the watermark is held back or pushed on.
    public static let standardQuantilePerMille = 250
    /// The default `min_meters`: 3.
    public static let standardMinMeters = 3
    /// The default `idle_after`: 1 hour; below `max_ahead`, so meters still reporting are not rejected as future
    /// while silent ones hold the fleet back.
    public static let standardIdleAfter: Int64 = 3600
    /// The default `max_ahead`: 2 hours.
    public static let standardMaxAhead: Int64 = 7200

    /// The defaults: quantile 0.25, 3 meters, idle after 1h, at most 2h ahead.
    public static let standard = WatermarkRule()

    /// Creates a rule; `quantilePerMille` is clamped to 0...1000 and `minMeters` to at least 1.
    public init(quantilePerMille: Int = WatermarkRule.standardQuantilePerMille, minMeters: Int = WatermarkRule.standardMinMeters,
                idleAfter: Int64 = WatermarkRule.standardIdleAfter, maxAhead: Int64 = WatermarkRule.standardMaxAhead) {
        self.quantilePerMille = Swift.min(Swift.max(quantilePerMille, 0), 1000)
        self.minMeters = Swift.max(minMeters, 1)
        self.idleAfter = idleAfter
        self.maxAhead = maxAhead
    }

    /// The quantile as written in a policy: "0.25".
    public var quantileText: String { ReadingRules.fractionText(perMille: quantilePerMille) }

    /// The index of the quantile in `count` sorted values (the lower nearest rank); `count` > 0.
    public func index(of perMille: Int, count: Int) -> Int {
        perMille * (count - 1) / 1000
    }
}
