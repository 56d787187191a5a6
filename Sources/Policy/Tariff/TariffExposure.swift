/// What a tariff lets the key holder single out in one billing period. A bill is the sum of interval
/// readings times their prices, and the key holder chooses the prices: with every price zero but one
/// interval's, the bill is that interval's reading; with 0.3000 everywhere but one 0.3001, the exact
/// amount modulo 3000 units is. So a period may hold at most `maxDistinctPrices` distinct prices, and each
/// distinct price, and each band (a register), must cover at least `minShare` of the period's intervals,
/// counted over the whole period with its holidays and version changes.
public struct TariffExposure: Sendable {
    /// Intervals per distinct price (0.30 and 0.3 are one price: ExactDecimal drops trailing zeros).
    public let intervalsPerPrice: [ExactDecimal: Int]
    /// Intervals per band name.
    public let intervalsPerBand: [String: Int]
    /// Intervals in the period.
    public let intervals: Int

    /// Counts the period `[start, end)` interval by interval (`interval` seconds, starts on the grid).
    public init(tariff: Tariff, start: Int64, end: Int64, interval: Int64, clock: LocalClock) {
        var perPrice: [ExactDecimal: Int] = [:], perBand: [String: Int] = [:], count = 0
        var instant = start
        while instant < end {
            if let band = tariff.band(atIntervalStart: instant, clock: clock) {
                perPrice[band.price, default: 0] += 1
                perBand[band.name, default: 0] += 1
            }
            count += 1
            instant += interval
        }
        intervalsPerPrice = perPrice
        intervalsPerBand = perBand
        intervals = count
    }

    /// The ways this period breaks the tariff's limits, in words; empty when it keeps them.
    public func violations(of tariff: Tariff) -> [String] {
        var problems: [String] = []
        if intervalsPerPrice.count > tariff.maxDistinctPrices {
            problems.append("\(intervalsPerPrice.count) distinct prices in one period, more than max_distinct_prices \(tariff.maxDistinctPrices)")
        }
        for (price, covered) in intervalsPerPrice.sorted(by: { $0.value < $1.value }) where isBelowShare(covered, tariff) {
            problems.append("price \(price) covers \(covered) of \(intervals) intervals, less than min_share \(tariff.minShare)")
        }
        for (band, covered) in intervalsPerBand.sorted(by: { $0.key < $1.key }) where isBelowShare(covered, tariff) {
            problems.append("band '\(band)' covers \(covered) of \(intervals) intervals, less than min_share \(tariff.minShare)")
        }
        return problems
    }

    /// covered / intervals < minShare, in integers: covered · 10^scale < significand · intervals.
    private func isBelowShare(_ covered: Int, _ tariff: Tariff) -> Bool {
        var power: Int64 = 1
        for _ in 0..<tariff.minShare.scale { power *= 10 }
        return Int64(covered) * power < tariff.minShare.significand * Int64(intervals)
    }
}
