/// What a billing policy computes per household and period (`billing_period:` and `tariff:`).
public struct BillingRules: Sendable, Hashable {
    /// How a period's readings are priced.
    public enum Pricing: Sendable, Hashable {
        /// A time-of-use tariff: bands by local time, day type, season and effective date.
        case timeOfUse(Tariff)
        /// A price per interval from a price file.
        case dynamic(DynamicPrices)
    }

    /// The billing period, in the policy's time zone.
    public let period: BillingPeriod
    /// The prices.
    public let pricing: Pricing

    /// Rules for `period` and `pricing`.
    public init(period: BillingPeriod, pricing: Pricing) {
        self.period = period
        self.pricing = pricing
    }

    /// The currency of the bill.
    public var currency: String {
        switch pricing {
        case .timeOfUse(let tariff): tariff.currency
        case .dynamic(let prices): prices.currency
        }
    }

    /// What is released per household and period; always `bill` for dynamic prices.
    public var release: TariffRelease {
        switch pricing {
        case .timeOfUse(let tariff): tariff.release
        case .dynamic: .bill
        }
    }

    /// The registers a period has: the tariff's band names (none for dynamic prices, which release no register).
    public var registers: [String] {
        if case .timeOfUse(let tariff) = pricing { return tariff.bandNames }
        return []
    }
}
