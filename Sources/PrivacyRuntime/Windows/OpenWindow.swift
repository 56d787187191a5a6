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

    /// Distinct meters that contributed.
    var meters: Int { seen.count }

    /// Grid slots of `interval` seconds, counted from `start`, that hold a reading of any meter (for coverage).
    func coveredSlots(interval: Int64) -> Int {
        Set(seen.values.joined().map { Int64($0) / interval }).count
    }

    /// Records a meter's reading at `timestamp`; false if that meter already sent one with this timestamp.
    func record(meterID: String, timestamp: Int64) -> Bool {
        let inserted = seen[meterID, default: []].insert(Int32(truncatingIfNeeded: timestamp - start)).inserted
        if inserted { readings += 1 }
        return inserted
    }
}
