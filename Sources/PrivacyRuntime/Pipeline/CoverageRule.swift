import Foundation
import Policy

/// The coverage rule of a household policy with `readings.interval`: a window whose readings fill fewer than
/// `min_coverage` of its intervals is suppressed, so whoever runs the broker cannot drop part of a meter's window
/// and have the rest released as a total over a shorter span.
struct CoverageRule {
    /// The reporting grid.
    let grid: ReadingGrid
    /// The share of intervals, in thousandths, a released window must cover.
    let minPerMille: Int
    /// `min_coverage` as written, for messages.
    let minText: String

    /// The rule of `policy`; nil unless it is a household policy with `readings.interval`.
    init?(policy: Policy) {
        guard policy.scope == .household else { return nil }
        self.init(readings: policy.readings, timeZone: policy.timeZone)
    }

    /// The rule of `readings` on the grid in `timeZone`; nil without `readings.interval`.
    init?(readings: ReadingRules, timeZone: TimeZone?) {
        guard let interval = readings.interval else { return nil }
        grid = ReadingGrid(interval: interval, timeZone: timeZone)
        minPerMille = readings.minCoveragePerMille
        minText = readings.minCoverageText
    }

    /// Why `window` must not be released (a sentence for the purge log), or nil when it covers enough.
    func shortfall<Payload>(of window: OpenWindow<Payload>) -> String? {
        let slots = grid.slots(start: window.start, end: window.end)
        let covered = window.coveredSlots(interval: grid.interval)
        guard covered * 1000 < minPerMille * slots else { return nil }
        return "its readings cover \(covered) of its \(slots) \(PolicyDuration(seconds: grid.interval)) intervals, less than min_coverage \(minText)"
    }
}
