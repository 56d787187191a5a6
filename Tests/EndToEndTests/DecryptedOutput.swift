import Foundation

/// Parses the CSV that `privacy-runtime decrypt --format csv` prints.
enum DecryptedOutput {
    /// One decrypted window, keyed as the test's expectations are.
    struct Row {
        var policy: String
        var scope: String
        var key: WindowKey
        var windowEnd: Int64
        var total: WindowTotal
        /// Released after a restart with `release: incomplete: mark`.
        var incomplete: Bool
    }

    /// The header the command must print.
    static let header = "policy,scope,key,window_start,window_end,readings,meters,total,incomplete"

    /// Parses every row; fails on a wrong header or an unparsable field.
    static func rows(_ csv: String) throws -> [Row] {
        var lines = csv.split(separator: "\n").map(String.init)
        guard lines.first == header else { throw ExpectationError.unparsable(1, lines.first ?? "") }
        lines.removeFirst()
        let formatter = ISO8601DateFormatter()
        return try lines.enumerated().map { index, line in
            let f = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard f.count == 9, let incomplete = Bool(f[8]), let start = formatter.date(from: f[3]), let end = formatter.date(from: f[4]),
                let readings = Int(f[5]), let meters = Int(f[6]),
                let total = ExpectedAggregates.milliUnits(f[7])
            else { throw ExpectationError.unparsable(index + 2, line) }
            return Row(
                policy: f[0], scope: f[1],
                key: WindowKey(scopeKey: f[2], windowStart: Int64(start.timeIntervalSince1970)),
                windowEnd: Int64(end.timeIntervalSince1970),
                total: WindowTotal(readings: readings, meters: meters, milliWh: total), incomplete: incomplete)
        }
    }

    /// The rows of one policy as a dictionary comparable with `ExpectedAggregates.windows`.
    static func windows(_ rows: [Row], policy: String) -> [WindowKey: WindowTotal] {
        Dictionary(uniqueKeysWithValues: rows.filter { $0.policy == policy }.map { ($0.key, $0.total) })
    }
}
