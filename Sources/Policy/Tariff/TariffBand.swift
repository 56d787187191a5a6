/// One band of a time-of-use tariff: a name (its register), a price per kWh and when it applies: days,
/// months (a season) and a local time range. A band without conditions applies always (the catch-all).
public struct TariffBand: Sendable, Hashable {
    /// Local minutes of the day `[from, to)`, wrapping past midnight when `to` < `from`.
    public struct Minutes: Sendable, Hashable {
        /// First minute (0 ..< 1440).
        public let from: Int
        /// Minute after the last (1 ... 1440), or before `from` to wrap past midnight.
        public let to: Int

        /// A range; the bounds differ.
        public init(from: Int, to: Int) {
            self.from = from
            self.to = to
        }

        /// Whether `minute` lies in the range.
        public func contains(_ minute: Int) -> Bool {
            from < to ? (from <= minute && minute < to) : (minute >= from || minute < to)
        }
    }

    /// The band's name, e.g. "peak"; registers are released per name.
    public let name: String
    /// Price per kWh in the tariff's currency; negative for a credit.
    public let price: ExactDecimal
    /// Day types it applies to; empty means every day.
    public let days: Set<DayType>
    /// Months (1-12) it applies to; empty means every month.
    public let months: Set<Int>
    /// The local time range; nil means the whole day.
    public let minutes: Minutes?

    /// A band; `minutes` bounds are in 0...1440 and differ.
    public init(name: String, price: ExactDecimal, days: Set<DayType> = [], months: Set<Int> = [], minutes: Minutes? = nil) {
        self.name = name
        self.price = price
        self.days = days
        self.months = months
        self.minutes = minutes
    }

    /// True when the band has no condition.
    public var isCatchAll: Bool { days.isEmpty && months.isEmpty && minutes == nil }

    /// Whether the band applies at `minute` of a day of `dayType` in `month`.
    public func applies(dayType: DayType, month: Int, minute: Int) -> Bool {
        guard days.isEmpty || days.contains(dayType), months.isEmpty || months.contains(month) else { return false }
        return minutes?.contains(minute) ?? true
    }
}
