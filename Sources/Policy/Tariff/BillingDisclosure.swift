/// What `check` says a billing policy releases and what its prices can reveal, in plain words.
public enum BillingDisclosure {
    /// The lines of what the key holder learns from `billing` in `zone`.
    public static func learns(_ billing: BillingRules, zone: String) -> [String] {
        let period = switch billing.period {
        case .day: "local day"
        case .week: "ISO week (Monday to Sunday)"
        case .month: "calendar month"
        }
        var values: [String] = []
        if billing.release.includesRegisters { values.append("one encrypted register (consumption) per band: \(billing.registers.joined(separator: ", "))") }
        if billing.release.includesBill { values.append("one encrypted bill amount in \(billing.currency)") }
        let count = (billing.release.includesRegisters ? billing.registers.count : 0) + (billing.release.includesBill ? 1 : 0)
        let perDay = billing.period == .day ? "\(count) a day" : "\(count) a \(billing.period == .week ? "week" : "month")"
        var lines = ["per household and \(period) (from local midnight, \(zone)), nothing finer: " + values.joined(separator: " and ")
            + " — \(count) value\(count == 1 ? "" : "s") per household per period (\(perDay)), against twelve a day for household totals every 2h"]
        switch billing.pricing {
        case .timeOfUse(let tariff):
            lines.append("what the tariff can reveal: the bill is Σ price × register + standing charges, exact before rounding; with at most \(tariff.maxDistinctPrices) distinct prices per period and each price and band covering at least \(tariff.minShare) of the period's intervals (checked for every period, holidays and effective dates included), no price choice singles out less than a band register; the same tariff applies to every household of the policy")
        case .dynamic(let prices):
            lines.append("what the prices can reveal: the bill is Σ reading × its interval's price from \(prices.file.lastPathComponent) (SHA-256 \(prices.sha256), fixed in the policy). Whoever controls the price file can learn per-interval residues: with one interval's price one unit above all others, the exact amount modulo the common price is that interval's reading. The file must come from a party the households trust (the power exchange's day-ahead prices), never the key holder; only the bill is released, never registers")
        }
        return lines
    }
}
