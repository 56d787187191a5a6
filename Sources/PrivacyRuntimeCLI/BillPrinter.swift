import Foundation
import PrivacyRuntime

/// Prints decrypted bills as CSV (per policy a header, then a line per household and period, a column per band) or
/// JSON lines: household, period, consumption per band in Wh, amount rounded half to even to the currency's minor
/// unit, currency, and the exact amount before rounding.
struct BillPrinter {
    /// The output format.
    let format: DecryptCommand.OutputFormat

    /// One bill as printed in JSON.
    private struct Row: Encodable {
        var policy: String
        var household: String
        var period_start: String
        var period_end: String
        var readings: Int
        var consumption_wh: [String: String]
        var amount: String?
        var amount_exact: String?
        var currency: String?
        var incomplete: Bool
    }

    /// Prints `bills` (sorted by policy, household, period).
    func print(_ bills: [DecryptedBill]) {
        var lastPolicy: String?
        let bandsByPolicy = Dictionary(grouping: bills, by: \.policy).mapValues(Self.bands)
        for (index, bill) in bills.enumerated() {
            let bands = bandsByPolicy[bill.policy] ?? []
            switch format {
            case .csv:
                if bill.policy != lastPolicy {
                    if index > 0 { Swift.print("") }
                    Swift.print((["policy", "household", "period_start", "period_end", "readings"] + bands.map { "\($0)_wh" }
                                 + ["amount", "currency", "amount_exact", "incomplete"]).map(DecryptedAggregatePrinter.csvField).joined(separator: ","))
                    lastPolicy = bill.policy
                }
                let text = [bill.policy, bill.household].map(DecryptedAggregatePrinter.textCell)
                let fields = text + [RFC3339.format(bill.start), RFC3339.format(bill.end), String(bill.readings)]
                    + bands.map { bill.consumption(of: $0) ?? "" }
                    + [bill.roundedAmount ?? "", bill.amount?.currency ?? "", bill.exactAmount ?? "", String(bill.incomplete)]
                Swift.print(fields.map(DecryptedAggregatePrinter.csvField).joined(separator: ","))
            case .json:
                let row = Row(policy: bill.policy, household: bill.household, period_start: RFC3339.format(bill.start),
                              period_end: RFC3339.format(bill.end), readings: bill.readings,
                              consumption_wh: Dictionary(uniqueKeysWithValues: bill.registers.map { ($0.band, DecryptedAggregatePrinter.decimal($0.units, places: $0.places)) }),
                              amount: bill.roundedAmount, amount_exact: bill.exactAmount, currency: bill.amount?.currency,
                              incomplete: bill.incomplete)
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
                Swift.print(String(decoding: (try? encoder.encode(row)) ?? Data(), as: UTF8.self))
            }
        }
    }

    /// Band names in order of first appearance.
    static func bands(of bills: [DecryptedBill]) -> [String] {
        var names: [String] = []
        for register in bills.flatMap(\.registers) where !names.contains(register.band) { names.append(register.band) }
        return names
    }
}
