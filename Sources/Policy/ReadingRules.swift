/// How reading values are written and which are plausible (`readings:`).
///
/// Values are kept as integers in units of `resolution` Wh; `resolution: 0.001` (the default)
/// makes one unit a milliwatt-hour, so `decimalPlaces` is 3.
public struct ReadingRules: Sendable, Hashable {
    /// Decimal places of one unit in Wh: resolution 1 is 0, 0.1 is 1, 0.001 is 3.
    public let decimalPlaces: Int
    /// The smallest accepted reading, in units (Wh × 10^decimalPlaces).
    public let min: Int64
    /// The largest accepted reading, in units (Wh × 10^decimalPlaces).
    public let max: Int64
    /// How far, in seconds, a reading's timestamp may lie ahead of the host's clock (`max_clock_skew`);
    /// a reading further ahead is rejected, so a meter with a wrong clock cannot close everyone's windows.
    public let maxClockSkew: Int64
    /// The meters' reporting interval in seconds (`interval`), dividing an hour; nil when the policy declares none.
    /// With it, a reading must lie on the interval grid, and a household window must cover `minCoveragePerMille`.
    public let interval: Int64?
    /// The share of a household window's intervals, in thousandths, that must hold a reading for the window to be
    /// released (`min_coverage`); only meaningful with `interval`.
    public let minCoveragePerMille: Int
    /// Whether a timestamp is its interval's start or end (`timestamp`; default `interval_start`).
    public let timestamp: ReadingTimestamp
    /// Which readings are accepted (`encoding`): plain values, values encrypted at the meter, or either.
    public let encoding: ReadingEncoding

    /// The default `max_clock_skew`: 15 minutes.
    public static let standardMaxClockSkew: Int64 = 900
    /// The default `min_coverage` once `interval` is set: 0.9. A released window then sums at least 90% of its
    /// intervals (at least 1h48m of a 2h window), so dropping readings cannot make it a much shorter total, and a
    /// meter may still lose one reading in ten (two of a 2h window's 24 at 5m) without losing its bill window.
    public static let standardMinCoveragePerMille = 900

    /// The defaults: resolution 0.001 Wh, readings from 0 to 1,000,000 Wh, up to 15 minutes ahead.
    public static let standard = ReadingRules(decimalPlaces: 3, min: 0, max: 1_000_000_000)

    /// Creates rules; `min` and `max` are in units, not Wh (they bind plain readings only); `maxClockSkew` in seconds.
    public init(decimalPlaces: Int, min: Int64, max: Int64, maxClockSkew: Int64 = ReadingRules.standardMaxClockSkew,
                interval: Int64? = nil, minCoveragePerMille: Int = ReadingRules.standardMinCoveragePerMille,
                timestamp: ReadingTimestamp = .intervalStart, encoding: ReadingEncoding = .plain) {
        self.timestamp = timestamp
        self.decimalPlaces = decimalPlaces
        self.min = min
        self.max = max
        self.maxClockSkew = maxClockSkew
        self.interval = interval
        self.minCoveragePerMille = Swift.min(Swift.max(minCoveragePerMille, 0), 1000)
        self.encoding = encoding
    }

    /// `min_coverage` as written in a policy: "0.9".
    public var minCoverageText: String { Self.fractionText(perMille: minCoveragePerMille) }

    /// A fraction in thousandths as the shortest decimal: 900 is "0.9", 1000 is "1".
    static func fractionText(perMille: Int) -> String {
        var text = ExactDecimal(significand: Int64(perMille), scale: 3).description
        while text.hasSuffix("0") && text.contains(".") { text.removeLast() }
        return text.hasSuffix(".") ? String(text.dropLast()) : text
    }

    /// The resolution as written in a policy: "1", "0.1", "0.001".
    public var resolutionText: String {
        decimalPlaces == 0 ? "1" : "0." + String(repeating: "0", count: decimalPlaces - 1) + "1"
    }
}
