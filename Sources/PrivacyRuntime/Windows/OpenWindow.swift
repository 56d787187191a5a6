/// A window that still accepts readings: its key, bounds, who contributed (for duplicates and `min_meters`)
/// and the running aggregate (`Payload`, a ciphertext accumulator in the runtime). Never holds plaintext.
final class OpenWindow<Payload> {
    /// The scope key (meter id or region).
    let scopeKey: String
    /// Inclusive start, epoch seconds.
    let start: Int64
    /// Exclusive end, epoch seconds.
    let end: Int64
    /// Readings folded in so far.
    private(set) var readings = 0
    /// The running aggregate.
    var payload: Payload
    /// Per contributing meter, the timestamps seen (offsets from `start`), for duplicate detection and coverage: a bit
    /// per interval of the reading grid, so a month-long billing period stays small.
    private var seen: [String: TimestampSet] = [:]
    /// The reading grid's interval in seconds (`readings.interval`); nil when the policy declares none.
    private let gridInterval: Int64?

    /// Creates an empty window; `gridInterval` lets it keep its timestamps as bits.
    init(scopeKey: String, start: Int64, end: Int64, payload: Payload, gridInterval: Int64? = nil) {
        self.gridInterval = gridInterval
        self.scopeKey = scopeKey
        self.start = start
        self.end = end
        self.payload = payload
    }

    /// A window as a checkpoint left it: `readings` folded in from the meters and offsets in `seen`.
    init(scopeKey: String, start: Int64, end: Int64, payload: Payload, gridInterval: Int64?, readings: Int,
         seen: [String: Set<Int32>], someAboveMin: Bool, someBelowMax: Bool, someValueUnknown: Bool) {
        self.gridInterval = gridInterval
        self.scopeKey = scopeKey
        self.start = start
        self.end = end
        self.payload = payload
        self.readings = readings
        self.seen = seen.mapValues { offsets in
            var set = TimestampSet(interval: gridInterval, span: end - start)
            for offset in offsets { _ = set.insert(offset) }
            return set
        }
        self.someAboveMin = someAboveMin
        self.someValueUnknown = someValueUnknown
        self.someBelowMax = someBelowMax
    }

    /// Per contributing meter, its readings' offsets from `start` (for a checkpoint).
    var offsetsByMeter: [String: Set<Int32>] { seen.mapValues { Set($0.offsets) } }

    /// Whether some reading lay above the policy's minimum, and some below its maximum (never the values): a total of
    /// readings all at one bound reveals each of them (a total of 0 with non-negative readings).
    private(set) var someAboveMin = false, someBelowMax = false
    /// Whether some reading's value is unknown to the runtime (encrypted at the meter): then it cannot tell whether
    /// every reading lay at a bound, and never concludes so.
    private(set) var someValueUnknown = false

    /// Whether every reading lay at the policy's minimum (a total of 0 with non-negative readings reveals each one);
    /// false when some value is unknown.
    var allAtMin: Bool { !someAboveMin && !someValueUnknown }
    /// Whether every reading lay at the policy's maximum; false when some value is unknown.
    var allAtMax: Bool { !someBelowMax && !someValueUnknown }

    /// The noisy counts of a noisy policy, drawn once at release (`WindowNoise`); nil until then or without noise.
    var noisyCounts: NoisyCounts?

    /// Distinct meters that contributed.
    var meters: Int { seen.count }

    /// Grid slots of `interval` seconds, counted from `start`, that hold a reading of any meter (for coverage).
    func coveredSlots(interval: Int64) -> Int {
        Set(seen.values.flatMap(\.offsets).map { Int64($0) / interval }).count
    }

    /// The meters that contributed.
    var meterIDs: Dictionary<String, TimestampSet>.Keys { seen.keys }

    /// The timestamps of `meterID`'s readings in this window (empty if it sent none).
    func timestamps(of meterID: String) -> Set<Int64> {
        Set((seen[meterID]?.offsets ?? []).map { start + Int64($0) })
    }

    /// Bytes the duplicate check holds for this window's meters (their timestamp sets' storage), for benchmarks.
    var duplicateCheckBytes: Int { seen.values.reduce(0) { $0 + $1.storageBytes } }

    /// Notes where an accepted reading lay relative to the policy's bounds.
    func noteBounds(aboveMin: Bool, belowMax: Bool) {
        someAboveMin = someAboveMin || aboveMin
        someBelowMax = someBelowMax || belowMax
    }

    /// Notes an accepted reading whose value the runtime cannot see (encrypted at the meter).
    func noteUnknownValue() {
        someValueUnknown = true
    }

    /// Records a meter's reading at `timestamp`; false if that meter already sent one with this timestamp.
    func record(meterID: String, timestamp: Int64) -> Bool {
        let inserted = seen[meterID, default: TimestampSet(interval: gridInterval, span: end - start)].insert(Int32(truncatingIfNeeded: timestamp - start))
        if inserted { readings += 1 }
        return inserted
    }

    /// Forgets a reading `record(meterID:timestamp:)` took (one the fold refused), and the meter when it was its only
    /// one, as if it had never come.
    func forget(meterID: String, timestamp: Int64) {
        guard var set = seen[meterID], set.remove(Int32(truncatingIfNeeded: timestamp - start)) else { return }
        readings -= 1
        seen[meterID] = set.count == 0 ? nil : set
    }
}
