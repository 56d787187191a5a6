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
    /// Per contributing meter, the timestamps seen (offsets from `start`), for duplicate detection and coverage.
    private var seen: [String: Set<Int32>] = [:]

    /// Creates an empty window.
    init(scopeKey: String, start: Int64, end: Int64, payload: Payload) {
        self.scopeKey = scopeKey
        self.start = start
        self.end = end
        self.payload = payload
    }

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

    /// Distinct meters that contributed.
    var meters: Int { seen.count }

    /// Grid slots of `interval` seconds, counted from `start`, that hold a reading of any meter (for coverage).
    func coveredSlots(interval: Int64) -> Int {
        Set(seen.values.joined().map { Int64($0) / interval }).count
    }

    /// The meters that contributed.
    var meterIDs: Dictionary<String, Set<Int32>>.Keys { seen.keys }

    /// The timestamps of `meterID`'s readings in this window (empty if it sent none).
    func timestamps(of meterID: String) -> Set<Int64> {
        Set((seen[meterID] ?? []).map { start + Int64($0) })
    }

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
        let inserted = seen[meterID, default: []].insert(Int32(truncatingIfNeeded: timestamp - start)).inserted
        if inserted { readings += 1 }
        return inserted
    }
}
