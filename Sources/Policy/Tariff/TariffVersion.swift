/// A tariff as it holds from a local date on: a standing charge per day and bands, tried in order (the
/// first that applies prices the interval; the last is the catch-all).
public struct TariffVersion: Sendable, Hashable {
    /// The first local date it applies to (from local midnight).
    public let effective: LocalDate
    /// Charge per day, in the currency, independent of consumption.
    public let standingCharge: ExactDecimal
    /// The bands, in order of precedence.
    public let bands: [TariffBand]

    /// A version; `bands` ends with a catch-all band (the decoder checks it).
    public init(effective: LocalDate, standingCharge: ExactDecimal, bands: [TariffBand]) {
        self.effective = effective
        self.standingCharge = standingCharge
        self.bands = bands
    }

    /// The band pricing a minute of a day.
    public func band(dayType: DayType, month: Int, minute: Int) -> TariffBand {
        bands.first { $0.applies(dayType: dayType, month: month, minute: minute) } ?? bands[bands.count - 1]
    }
}
