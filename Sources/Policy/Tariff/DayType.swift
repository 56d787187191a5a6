/// The kind of day a tariff band applies to. A date on the tariff's holiday list is a holiday, whatever
/// its weekday; otherwise Saturday and Sunday are the weekend.
public enum DayType: String, Sendable, Hashable, CaseIterable {
    /// Monday to Friday, not a holiday.
    case weekday
    /// Saturday or Sunday, not a holiday.
    case weekend
    /// A date on the holiday list.
    case holiday

    /// The day type of `date` given the holiday list.
    public init(of date: LocalDate, holidays: Set<LocalDate>) {
        if holidays.contains(date) {
            self = .holiday
        } else {
            self = date.isoWeekday >= 6 ? .weekend : .weekday
        }
    }
}
