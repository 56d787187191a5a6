import Foundation
import Policy

/// A billing policy's prices as the pipeline uses them: for a reading's timestamp, the register it is folded into
/// and its price in millionths of the currency per kWh; and per period, the standing charge.
public struct BillingSchedule: Sendable {
    /// The policy's billing rules.
    public let rules: BillingRules
    /// The policy's clock (local dates, minutes, day types).
    public let clock: LocalClock
    /// Whether timestamps are interval starts or ends.
    public let stamp: ReadingTimestamp
    /// The readings' interval in seconds.
    public let interval: Int64
    /// Decimal places of a reading unit in Wh (the policy's resolution).
    public let readingPlaces: Int

    /// Prices are exact in millionths of the currency per kWh (six decimal places at most).
    public static let pricePlaces = 6

    /// The schedule of `policy`; nil unless it is a billing policy (which always has `readings.interval`).
    public init?(policy: Policy) {
        guard let rules = policy.billing, let interval = policy.readings.interval else { return nil }
        self.rules = rules
        self.clock = LocalClock(timeZone: policy.timeZone)
        self.stamp = policy.readings.timestamp
        self.interval = interval
        self.readingPlaces = policy.readings.decimalPlaces
    }

    /// Decimal places of the bill's plaintext in the currency: a reading unit (10^-d Wh) times a price in
    /// millionths per kWh is 10^-(d+9) of the currency.
    public var billPlaces: Int { readingPlaces + 3 + Self.pricePlaces }

    /// The register (band name; "bill" for dynamic prices) and price of the interval a reading stamped `timestamp`
    /// measured; nil when no price applies (before the tariff's first version, outside the price file).
    public func price(forReadingAt timestamp: Int64) -> (register: String, microPrice: Int64)? {
        let start = stamp.intervalStart(of: timestamp, interval: interval)
        switch rules.pricing {
        case .timeOfUse(let tariff):
            guard let band = tariff.band(atIntervalStart: start, clock: clock),
                  let micro = band.price.units(decimalPlaces: Self.pricePlaces) else { return nil }
            return (band.name, micro)
        case .dynamic(let prices):
            guard let price = prices.price(at: start), let micro = price.units(decimalPlaces: Self.pricePlaces) else { return nil }
            return ("bill", micro)
        }
    }

    /// The standing charges of the local days in `[start, end)`, summed, in units of 10^-billPlaces of the currency.
    public func standingCharge(start: Int64, end: Int64) -> Int64 {
        var total: Int64 = 0
        var date = clock.date(at: start)
        while clock.midnight(of: date) < end {
            let charge: ExactDecimal?
            switch rules.pricing {
            case .timeOfUse(let tariff): charge = tariff.version(on: date)?.standingCharge
            case .dynamic(let prices): charge = prices.standingCharge
            }
            total += charge?.units(decimalPlaces: billPlaces) ?? 0
            date = date.adding(days: 1)
        }
        return total
    }
}
