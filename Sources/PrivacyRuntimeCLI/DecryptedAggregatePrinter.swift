import Foundation
import Paillier
import PrivacyRuntime

/// Prints decrypted aggregates as CSV or JSON lines, with totals in Wh and whether the window is incomplete
/// (released after a restart with `release: incomplete: mark`: its total is a lower bound).
struct DecryptedAggregatePrinter {
    /// The CSV header.
    static let csvHeader = "policy,scope,key,window_start,window_end,readings,meters,total,incomplete"

    /// One decrypted aggregate as printed in JSON.
    private struct Row: Encodable {
        var policy: String
        var scope: String
        var key: String
        var window_start: String
        var window_end: String
        var readings: Int
        var meters: Int
        var total: String
        var key_id: String
        var incomplete: Bool
    }

    let format: DecryptCommand.OutputFormat

    /// Prints what comes before the rows (the CSV header).
    func begin() {
        if format == .csv { Swift.print(Self.csvHeader) }
    }

    /// Prints one aggregate with its decrypted `total` (in the policy's units).
    func print(_ record: AggregateRecord, total: BigInteger) {
        let row = Row(
            policy: record.policy, scope: record.scope, key: record.scopeKey,
            window_start: RFC3339.format(record.windowStart), window_end: RFC3339.format(record.windowEnd),
            readings: record.readings, meters: record.meters,
            total: Self.decimal(total, places: record.decimalPlaces), key_id: record.keyID, incomplete: record.incomplete)
        switch format {
        case .csv:
            let text = [row.policy, row.scope, row.key].map(Self.textCell)
            let fields = text + [row.window_start, row.window_end, String(row.readings), String(row.meters), row.total,
                                 String(row.incomplete)]
            Swift.print(fields.map(Self.csvField).joined(separator: ","))
        case .json:
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            Swift.print(String(decoding: (try? encoder.encode(row)) ?? Data(), as: UTF8.self))
        }
    }

    /// `units` scaled down by 10^places, exactly: 12345 with 3 places is "12.345".
    static func decimal(_ units: BigInteger, places: Int) -> String {
        let text = units.description
        let negative = text.hasPrefix("-")
        var digits = negative ? String(text.dropFirst()) : text
        guard places > 0 else { return text }
        if digits.count <= places { digits = String(repeating: "0", count: places - digits.count + 1) + digits }
        let split = digits.index(digits.endIndex, offsetBy: -places)
        return (negative ? "-" : "") + digits[..<split] + "." + digits[split...]
    }

    /// A text cell a spreadsheet will not run as a formula: one starting with `=`, `+`, `-`, `@`, a tab or a carriage
    /// return gets a leading `'`, as OWASP's CSV injection advice says (numbers are not text cells and stay as they are).
    static func textCell(_ text: String) -> String {
        guard let first = text.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) else { return text }
        return "'" + text
    }

    /// A CSV field (RFC 4180), quoted when it holds a comma, quote or line break.
    static func csvField(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
