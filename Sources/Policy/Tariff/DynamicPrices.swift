import Foundation

/// Dynamic prices per interval from a price file (a day-ahead series), fixed by its SHA-256 in the policy. Whoever
/// controls the file controls every interval's price, so such a policy releases the bill only.
public struct DynamicPrices: Sendable, Hashable {
    /// ISO 4217 currency code.
    public let currency: String
    /// Charge per local day, independent of consumption.
    public let standingCharge: ExactDecimal
    /// The price file, resolved against the policy's directory.
    public let file: URL
    /// The file's SHA-256, lower-case hex, as the policy fixes it.
    public let sha256: String
    /// The length in seconds of each price's interval (15 minutes or an hour), dividing an hour.
    public let interval: Int64
    /// Price per kWh by interval start (epoch seconds, on the `interval` grid).
    public let prices: [Int64: ExactDecimal]

    /// A price series; `prices` keys lie on the `interval` grid.
    public init(currency: String, standingCharge: ExactDecimal, file: URL, sha256: String, interval: Int64, prices: [Int64: ExactDecimal]) {
        self.currency = currency
        self.standingCharge = standingCharge
        self.file = file
        self.sha256 = sha256
        self.interval = interval
        self.prices = prices
    }

    /// The price of the interval holding `instant`; nil when the file has none for it.
    public func price(at instant: Int64) -> ExactDecimal? {
        prices[LocalClock.floorDivide(instant, interval) * interval]
    }
}
