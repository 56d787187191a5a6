/// A time-of-use tariff: versions with effective dates, a holiday list, what is released, and the limits
/// that keep a price choice from isolating less than a band register (see `TariffExposure`).
public struct Tariff: Sendable, Hashable {
    /// ISO 4217 currency code, e.g. "EUR".
    public let currency: String
    /// Versions by effective date, earliest first.
    public let versions: [TariffVersion]
    /// Dates priced as holidays.
    public let holidays: Set<LocalDate>
    /// What is released per household and period.
    public let release: TariffRelease
    /// At most this many distinct prices in one billing period.
    public let maxDistinctPrices: Int
    /// Each distinct price, and each band, must cover at least this share of a period's intervals.
    public let minShare: ExactDecimal

    /// The default limit on distinct prices per period: 4.
    public static let standardMaxDistinctPrices = 4
    /// The default least share of a period per price and band: 0.05 (5%).
    public static let standardMinShare = ExactDecimal(significand: 5, scale: 2)

    /// A tariff; `versions` are sorted by effective date here.
    public init(currency: String, versions: [TariffVersion], holidays: Set<LocalDate> = [], release: TariffRelease = .bill,
                maxDistinctPrices: Int = Tariff.standardMaxDistinctPrices, minShare: ExactDecimal = Tariff.standardMinShare) {
        self.currency = currency
        self.versions = versions.sorted { $0.effective < $1.effective }
        self.holidays = holidays
        self.release = release
        self.maxDistinctPrices = maxDistinctPrices
        self.minShare = minShare
    }

    /// The version in force on `date`; nil before the first effective date.
    public func version(on date: LocalDate) -> TariffVersion? {
        versions.last { $0.effective <= date }
    }

    /// The band pricing the interval starting at `instant`; nil before the first effective date.
    public func band(atIntervalStart instant: Int64, clock: LocalClock) -> TariffBand? {
        let date = clock.date(at: instant)
        guard let version = version(on: date) else { return nil }
        return version.band(dayType: DayType(of: date, holidays: holidays), month: date.components.month,
                            minute: clock.minuteOfDay(at: instant))
    }

    /// Every band name, in order of first appearance: the registers a period has.
    public var bandNames: [String] {
        var names: [String] = []
        for band in versions.flatMap(\.bands) where !names.contains(band.name) { names.append(band.name) }
        return names
    }
}
