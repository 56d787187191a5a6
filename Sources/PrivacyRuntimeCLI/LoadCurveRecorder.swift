import Foundation
import Paillier
import PrivacyRuntime

/// `decrypt --plot FILE.svg [--plot-keys K1,K2]`: collects the decrypted totals and draws them as a
/// `LoadCurvePlot`, one line per scope key (all keys up to `maxSeries`, or the chosen ones).
struct LoadCurveRecorder {
    /// Without `--plot-keys`, at most this many keys are drawn (the first in sort order), so a billing
    /// input with thousands of households still gives a readable picture.
    static let maxSeries = 8

    private struct SeriesID: Hashable, Comparable {
        var policy: String
        var scopeKey: String

        static func < (lhs: SeriesID, rhs: SeriesID) -> Bool {
            (lhs.policy, lhs.scopeKey) < (rhs.policy, rhs.scopeKey)
        }
    }

    /// The SVG file to write.
    let path: String
    /// The scope keys to draw; empty draws all up to `maxSeries`.
    let keys: [String]
    private var points: [SeriesID: [LoadSeries.Point]] = [:]
    private var scopes: Set<String> = []
    private var windowSeconds: Set<Int64> = []

    /// A recorder writing to `path`, drawing `keys` (or all keys when empty).
    init(path: String, keys: [String]) {
        self.path = path
        self.keys = keys
    }

    /// Adds one decrypted aggregate; `total` counts 10^-decimalPlaces Wh.
    mutating func add(_ record: AggregateRecord, total: BigInteger) {
        guard keys.isEmpty || keys.contains(record.scopeKey) else { return }
        let wattHours = Double(DecryptedAggregatePrinter.decimal(total, places: record.decimalPlaces)) ?? .nan
        points[SeriesID(policy: record.policy, scopeKey: record.scopeKey), default: []]
            .append(LoadSeries.Point(start: record.windowStart, end: record.windowEnd, wattHours: wattHours))
        scopes.insert(record.scope)
        windowSeconds.insert(record.windowEnd - record.windowStart)
    }

    /// Writes the SVG and returns one line saying what it shows.
    func write() throws -> String {
        if let missing = keys.first(where: { key in !points.keys.contains { $0.scopeKey == key } }) {
            throw CLIError("no aggregates for key '\(missing)' in the input; --plot-keys takes scope keys (meter ids or regions)")
        }
        guard !points.isEmpty else { throw CLIError("the input holds no aggregates to plot") }
        let all = points.keys.sorted()
        let chosen = Array(all.prefix(keys.isEmpty ? Self.maxSeries : all.count))
        let policies = Set(chosen.map(\.policy)).sorted()
        let series = chosen.map { id in
            LoadSeries(label: policies.count > 1 ? "\(id.policy)/\(id.scopeKey)" : id.scopeKey,
                       points: points[id, default: []].sorted { $0.start < $1.start })
        }
        let windows = windowSeconds.sorted().map(Self.duration).joined(separator: ", ")
        let title = "\(policies.joined(separator: ", ")): decrypted total per \(windows) window by \(scopes.sorted().joined(separator: ", "))"
        do {
            try LoadCurvePlot(title: title, series: series).svg.write(toFile: path, atomically: true, encoding: .utf8)
        } catch {
            throw CLIError("cannot write the plot to '\(path)': \(error.localizedDescription)")
        }
        let count = series.map(\.points.count).reduce(0, +), gaps = series.map(\.gaps).reduce(0, +)
        let omitted = chosen.count < all.count
            ? "; \(all.count - chosen.count) more keys not drawn (choose with --plot-keys)" : ""
        return "wrote \(path): \(series.count) lines (\(series.map(\.label).joined(separator: ", "))), "
            + "\(count) windows, \(gaps) gaps\(omitted)"
    }

    /// `3600` → `1h`, `900` → `15m`, `86400` → `1d`.
    private static func duration(_ seconds: Int64) -> String {
        if seconds % 86400 == 0 { return "\(seconds / 86400)d" }
        if seconds % 3600 == 0 { return "\(seconds / 3600)h" }
        if seconds % 60 == 0 { return "\(seconds / 60)m" }
        return "\(seconds)s"
    }
}
