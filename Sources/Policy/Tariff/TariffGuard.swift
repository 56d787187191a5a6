/// Checks a time-of-use tariff against its own limits (`max_distinct_prices`, `min_share`) in every billing period
/// from its first effective date to a year after its last effective date or holiday, so that a version change
/// or a holiday inside a period is counted as it falls. What a loaded policy's tariff satisfies.
public struct TariffGuard: Sendable {
    /// The tariff.
    public let tariff: Tariff
    /// The billing period.
    public let period: BillingPeriod
    /// The readings' interval in seconds.
    public let interval: Int64
    /// The policy's clock.
    public let clock: LocalClock

    /// A guard for `tariff` billed per `period` on an `interval`-second grid in `clock`'s zone.
    public init(tariff: Tariff, period: BillingPeriod, interval: Int64, clock: LocalClock) {
        self.tariff = tariff
        self.period = period
        self.interval = interval
        self.clock = clock
    }

    /// The first periods that break a limit, each as "period from DATE: problem" (at most `limit`); empty when every
    /// period keeps the limits.
    public func violations(limit: Int = 3) -> [String] {
        guard let first = tariff.versions.first?.effective else { return [] }
        let lastDate = ([tariff.versions.last!.effective] + tariff.holidays).max()!.adding(days: 400)
        var found: [String] = []
        var date = period.dates(containing: first).first
        while date <= lastDate, found.count < limit {
            let next = period.dates(containing: date).next
            let exposure = TariffExposure(tariff: tariff, start: clock.midnight(of: date), end: clock.midnight(of: next),
                                          interval: interval, clock: clock)
            if let problem = exposure.violations(of: tariff).first { found.append("period from \(date): \(problem)") }
            date = next
        }
        return found
    }
}
