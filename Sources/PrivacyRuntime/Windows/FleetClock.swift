import Policy

/// The fleet's event time, as a `WatermarkRule` defines it: each meter's latest event time (one `Int64` per
/// meter; of accepted readings and of those rejected as too far ahead), and from them the rule's quantile over
/// the active meters.
///
/// The quantile is recomputed after every `n` accepted readings, where `n` is the number of meters active at
/// the last recomputation (at least 1): about once per reporting round of the fleet, so the cost per reading
/// stays O(log meters), and the recomputation points depend only on the order of the readings, never on how
/// a source batches them: the same input always gives the same watermark at every reading.
struct FleetClock {
    private let rule: WatermarkRule
    private var latest: [String: Int64] = [:]
    private var sinceRecompute = 0
    private var interval = 1
    /// The quantile of the active meters' latest event times; nil until `rule.minMeters` meters were active.
    /// It never moves back.
    private(set) var time: Int64?

    /// Creates a clock that has seen no meter.
    init(rule: WatermarkRule) {
        self.rule = rule
    }

    /// What a checkpoint keeps of a clock: every meter's latest event time and where the recomputation stands.
    struct State: Equatable {
        var latest: [String: Int64] = [:]
        var time: Int64?
        var sinceRecompute = 0
        var interval = 1
    }

    /// The clock's state, for a checkpoint.
    var state: State {
        State(latest: latest, time: time, sinceRecompute: sinceRecompute, interval: interval)
    }

    /// A clock as a checkpoint left it.
    init(rule: WatermarkRule, state: State) {
        self.rule = rule
        latest = state.latest
        time = state.time
        sinceRecompute = state.sinceRecompute
        interval = max(1, state.interval)
    }

    /// Meters seen so far.
    var meters: Int { latest.count }

    /// Records that `meterID` sent a reading at `timestamp`; recomputes `time` when due.
    mutating func record(meterID: String, timestamp: Int64) {
        if let previous = latest[meterID] {
            if timestamp > previous { latest[meterID] = timestamp }
        } else {
            latest[meterID] = timestamp
        }
        sinceRecompute += 1
        if sinceRecompute >= interval { recompute() }
    }

    /// The quantile over the active meters: those not more than `idleAfter` behind the fleet's front. The front is
    /// the latest meter not more than `maxAhead` ahead of the upper quantile (the mirror of `quantile`), so a few
    /// fast clocks cannot make everyone idle, and silent meters, however many, are left out once the others have
    /// moved `idleAfter` on (which is below `maxAhead`, so the others are not rejected as future first).
    private mutating func recompute() {
        sinceRecompute = 0
        let sorted = latest.values.sorted()
        let upper = sorted[rule.index(of: max(rule.quantilePerMille, 1000 - rule.quantilePerMille), count: sorted.count)]
        let front = sorted.last { $0 <= upper + rule.maxAhead } ?? upper
        let active = sorted.drop { $0 < front - rule.idleAfter }
        interval = max(1, active.count)
        guard active.count >= rule.minMeters else { return }
        let candidate = active[active.startIndex + rule.index(of: rule.quantilePerMille, count: active.count)]
        if candidate > time ?? .min { time = candidate }
    }
}
