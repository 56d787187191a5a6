import Foundation
import PrivacyRuntime

/// Writes one HTML bill per household (`decrypt --html DIR`): a table of its periods with the consumption per band
/// and the amount, and a small SVG bar chart of the consumption per period, stacked by band.
enum BillHTML {
    /// Colours of the bands, in order.
    private static let colours = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b"]

    /// Writes `bills` into `directory` as POLICY_HOUSEHOLD.html (characters other than letters, digits, '-', '_' and
    /// '.' replaced by '_'); returns the files written.
    static func write(_ bills: [DecryptedBill], to directory: URL) throws -> [URL] {
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var written: [URL] = []
        let groups = Dictionary(grouping: bills) { "\($0.policy)\u{0}\($0.household)" }
        for key in groups.keys.sorted() {
            let periods = groups[key]!.sorted { $0.start < $1.start }
            let name = safe(periods[0].policy) + "_" + safe(periods[0].household) + ".html"
            let url = directory.appendingPathComponent(name)
            try Data(page(periods).utf8).write(to: url, options: .atomic)
            written.append(url)
        }
        return written
    }

    private static func safe(_ text: String) -> String {
        String(text.map { $0.isASCII && ($0.isLetter || $0.isNumber || "-_.".contains($0)) ? $0 : "_" })
    }

    private static func page(_ periods: [DecryptedBill]) -> String {
        let bands = BillPrinter.bands(of: periods)
        let e = SVGDocument.escape
        var rows = ""
        for bill in periods {
            let cells = [RFC3339.format(bill.start), RFC3339.format(bill.end)] + bands.map { kWh(bill.consumption(of: $0)) }
                + [bill.roundedAmount.map { "\($0) \(bill.amount!.currency)" } ?? "–"]
            rows += "<tr>" + cells.map { "<td>\(e($0))</td>" }.joined() + "</tr>\n"
        }
        let header = (["Period start", "Period end"] + bands.map { "\($0) (kWh)" } + ["Amount"]).map { "<th>\(e($0))</th>" }.joined()
        let total = periods.compactMap(\.amount).isEmpty ? "" : "<p>Total of the rounded amounts: \(e(sumOfRounded(periods))) \(e(periods.compactMap(\.amount).first!.currency))</p>"
        return """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Bill \(e(periods[0].household))</title>
            <style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}</style>
            </head><body>
            <h1>Bill for household \(e(periods[0].household))</h1>
            <p>Policy \(e(periods[0].policy)). Computed inside Paillier ciphertexts; decrypted and rounded half to even once.</p>
            <table><tr>\(header)</tr>
            \(rows)</table>
            \(total)
            \(chart(periods, bands: bands))
            </body></html>

            """
    }

    private static func kWh(_ wh: String?) -> String {
        guard let wh, let value = Double(wh) else { return "–" }
        return String(format: "%.3f", value / 1000)
    }

    private static func sumOfRounded(_ periods: [DecryptedBill]) -> String {
        let cents = periods.compactMap { $0.roundedAmount }.compactMap { Decimal(string: $0) }.reduce(Decimal(0), +)
        return "\(cents)"
    }

    /// Bars of consumption per period, stacked by band (amounts when the policy releases no register).
    private static func chart(_ periods: [DecryptedBill], bands: [String]) -> String {
        let width = 40 + 24 * periods.count, height = 180
        var svg = SVGDocument(width: max(width, 200), height: height)
        let values: [[Double]] = periods.map { bill in
            bands.isEmpty ? [Double(bill.exactAmount ?? "0") ?? 0] : bands.map { Double(bill.consumption(of: $0) ?? "0") ?? 0 }
        }
        let top = max(values.map { $0.reduce(0) { $0 + max($1, 0) } }.max() ?? 1, 1e-9)
        for (index, stack) in values.enumerated() {
            var base = Double(height - 20)
            for (band, value) in stack.enumerated() where value > 0 {
                let h = value / top * Double(height - 40)
                base -= h
                svg.add("rect", [("x", String(30 + 24 * index)), ("y", SVGDocument.number(base)), ("width", "18"),
                                 ("height", SVGDocument.number(h)), ("fill", colours[band % colours.count])])
            }
        }
        for (index, band) in (bands.isEmpty ? ["amount"] : bands).enumerated() {
            svg.add("text", [("x", String(30 + 90 * index)), ("y", "14"), ("fill", colours[index % colours.count])], text: band)
        }
        return svg.text.split(separator: "\n").dropFirst().joined(separator: "\n")
    }
}
