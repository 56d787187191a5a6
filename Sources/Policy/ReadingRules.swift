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

    /// The defaults: resolution 0.001 Wh, readings from 0 to 1,000,000 Wh.
    public static let standard = ReadingRules(decimalPlaces: 3, min: 0, max: 1_000_000_000)

    /// Creates rules; `min` and `max` are in units, not Wh.
    public init(decimalPlaces: Int, min: Int64, max: Int64) {
        self.decimalPlaces = decimalPlaces
        self.min = min
        self.max = max
    }

    /// The resolution as written in a policy: "1", "0.1", "0.001".
    public var resolutionText: String {
        decimalPlaces == 0 ? "1" : "0." + String(repeating: "0", count: decimalPlaces - 1) + "1"
    }
}
