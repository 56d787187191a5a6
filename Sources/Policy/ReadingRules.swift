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

    /// The default `max_clock_skew`: 15 minutes.
    public static let standardMaxClockSkew: Int64 = 900

    /// The defaults: resolution 0.001 Wh, readings from 0 to 1,000,000 Wh, up to 15 minutes ahead.
    public static let standard = ReadingRules(decimalPlaces: 3, min: 0, max: 1_000_000_000)

    /// Creates rules; `min` and `max` are in units, not Wh; `maxClockSkew` in seconds.
    public init(decimalPlaces: Int, min: Int64, max: Int64, maxClockSkew: Int64 = ReadingRules.standardMaxClockSkew) {
        self.decimalPlaces = decimalPlaces
        self.min = min
        self.max = max
        self.maxClockSkew = maxClockSkew
    }

    /// The resolution as written in a policy: "1", "0.1", "0.001".
    public var resolutionText: String {
        decimalPlaces == 0 ? "1" : "0." + String(repeating: "0", count: decimalPlaces - 1) + "1"
    }
}
