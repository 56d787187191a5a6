import Foundation

/// One line of a canonical readings CSV, parsed by the test itself (independently of the runtime).
struct ExampleReading {
    var line: Int
    var meterID: String
    var region: String
    var epochSeconds: Int64
    /// The reading in thousandths of a Wh, the policies' resolution.
    var milliWh: Int64
}

/// A window's expected or decrypted content, keyed by scope key and window start.
struct WindowTotal: Equatable, CustomStringConvertible {
    var readings: Int
    var meters: Int
    var milliWh: Int64

    var description: String { "\(readings) readings, \(meters) meters, \(milliWh) mWh" }
}

/// Identifies one window of one scope key.
struct WindowKey: Hashable, CustomStringConvertible {
    var scopeKey: String
    var windowStart: Int64

    var description: String { "\(scopeKey)@\(windowStart)" }
}

/// Computes the sums a policy must produce, straight from the input file.
enum ExpectedAggregates {
    /// Reads `meter_id,region,timestamp,energy_wh` lines, skipping the header and `skipping` line numbers.
    static func readings(csv url: URL, skipping badLines: Set<Int> = []) throws -> [ExampleReading] {
        let text = try String(contentsOf: url, encoding: .utf8)
        let formatter = ISO8601DateFormatter()
        var result: [ExampleReading] = []
        for (index, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            guard lineNumber > 1, !line.isEmpty, !badLines.contains(lineNumber) else { continue }
            let fields = line.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
            guard fields.count == 4, let date = formatter.date(from: fields[2]),
                let value = milliUnits(fields[3])
            else { throw ExpectationError.unparsable(lineNumber, String(line)) }
            result.append(ExampleReading(
                line: lineNumber, meterID: fields[0], region: fields[1],
                epochSeconds: Int64(date.timeIntervalSince1970), milliWh: value))
        }
        return result
    }

    /// Sums readings into tumbling UTC windows of `windowSeconds`, keyed by `scopeKey`.
    static func windows(
        _ readings: [ExampleReading], windowSeconds: Int64, scopeKey: (ExampleReading) -> String
    ) -> [WindowKey: WindowTotal] {
        var totals: [WindowKey: (count: Int, meters: Set<String>, sum: Int64)] = [:]
        for reading in readings {
            let start = reading.epochSeconds - reading.epochSeconds % windowSeconds
            let key = WindowKey(scopeKey: scopeKey(reading), windowStart: start)
            totals[key, default: (0, [], 0)].count += 1
            totals[key, default: (0, [], 0)].meters.insert(reading.meterID)
            totals[key, default: (0, [], 0)].sum += reading.milliWh
        }
        return totals.mapValues { WindowTotal(readings: $0.count, meters: $0.meters.count, milliWh: $0.sum) }
    }

    /// Parses a non-negative decimal with at most three fraction digits into thousandths.
    static func milliUnits(_ text: String) -> Int64? {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = Int64(parts[0]) else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.count <= 3, fraction.allSatisfy(\.isNumber) else { return nil }
        fraction += String(repeating: "0", count: 3 - fraction.count)
        guard let thousandths = Int64(fraction) else { return nil }
        return (whole < 0 || parts[0].hasPrefix("-")) ? whole * 1000 - thousandths : whole * 1000 + thousandths
    }
}

/// The test's own input could not be read.
enum ExpectationError: Error {
    case unparsable(Int, String)
}
