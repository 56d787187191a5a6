/// A household's billing period in the policy's time zone: a local day, an ISO week (from Monday) or a
/// calendar month, each from local midnight, so DST days and months of any length are whole periods.
public enum BillingPeriod: String, Sendable, Hashable, CaseIterable {
    /// One local day.
    case day = "1d"
    /// One ISO week, Monday to Sunday.
    case week = "1w"
    /// One calendar month.
    case month = "1 month"

    /// Parses `1d`, `1w`, `1 month` (also `1month`); nil otherwise.
    public init?(text: String) {
        switch text.replacingOccurrences(of: " ", with: "") {
        case "1d": self = .day
        case "1w": self = .week
        case "1month": self = .month
        default: return nil
        }
    }

    /// The local dates `[first, next)` of the period holding `date`.
    public func dates(containing date: LocalDate) -> (first: LocalDate, next: LocalDate) {
        switch self {
        case .day: return (date, date.adding(days: 1))
        case .week:
            let monday = date.adding(days: -Int64(date.isoWeekday - 1))
            return (monday, monday.adding(days: 7))
        case .month: return (date.firstOfMonth(), date.firstOfMonth(addingMonths: 1))
        }
    }

    /// The period `[start, end)` (epoch seconds) holding `instant`.
    public func period(containing instant: Int64, clock: LocalClock) -> (start: Int64, end: Int64) {
        let (first, next) = dates(containing: clock.date(at: instant))
        return (clock.midnight(of: first), clock.midnight(of: next))
    }
}
