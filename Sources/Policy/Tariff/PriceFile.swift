import Crypto
import Foundation

/// Reads a price file: CSV with the header `start,price`, one row per interval, `start` an RFC 3339 instant with
/// offset (`2010-03-28T01:00:00Z`), `price` a decimal per kWh (at most 6 places, negative allowed). Rows are evenly
/// spaced by 15 minutes or an hour, without gaps. The file's SHA-256 must equal the one the policy fixes.
enum PriceFile {
    /// The prices of `url`, or a sentence saying what is wrong.
    static func read(_ url: URL, expectedSHA256: String) -> Result<(interval: Int64, prices: [Int64: ExactDecimal]), PriceFileProblem> {
        guard let data = try? Data(contentsOf: url) else { return .failure(.init("cannot read price file '\(url.path)'")) }
        let digest = SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
        guard digest == expectedSHA256.lowercased() else {
            return .failure(.init("price file '\(url.lastPathComponent)' has SHA-256 \(digest), not the \(expectedSHA256) the policy fixes: the prices changed after the policy was written"))
        }
        guard let text = String(data: data, encoding: .utf8) else { return .failure(.init("price file '\(url.lastPathComponent)' is not UTF-8")) }
        let lines = text.split(whereSeparator: \.isNewline).map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        guard lines.first == "start,price" else { return .failure(.init("price file '\(url.lastPathComponent)' must start with the header 'start,price'")) }
        let parser = ISO8601DateFormatter()
        var rows: [(Int64, ExactDecimal)] = []
        for (index, line) in lines.dropFirst().enumerated() {
            let fields = line.split(separator: ",", omittingEmptySubsequences: false)
            guard fields.count == 2, let date = parser.date(from: String(fields[0])), let price = ExactDecimal(fields[1]),
                  price.scale <= TariffDecoder.maxPriceDecimalPlaces else {
                return .failure(.init("price file '\(url.lastPathComponent)' line \(index + 2): expected 'start,price' (RFC 3339 instant, decimal with at most \(TariffDecoder.maxPriceDecimalPlaces) places)"))
            }
            rows.append((Int64(date.timeIntervalSince1970), price))
        }
        guard rows.count >= 2 else { return .failure(.init("price file '\(url.lastPathComponent)' needs at least two rows")) }
        let interval = rows[1].0 - rows[0].0
        guard interval == 900 || interval == 3600, rows[0].0 % interval == 0 else {
            return .failure(.init("price file '\(url.lastPathComponent)': rows must be 15 minutes or an hour apart, on the grid"))
        }
        for (previous, next) in zip(rows, rows.dropFirst()) where next.0 - previous.0 != interval {
            return .failure(.init("price file '\(url.lastPathComponent)': the row after \(previous.0) is not \(interval / 60) minutes later (no gaps or repeats)"))
        }
        return .success((interval, Dictionary(uniqueKeysWithValues: rows)))
    }
}
