import PrivacyRuntime

/// A tiny custom source, as a plugin author would write one: `count` readings of `count`, `count - 1`, … 1 Wh
/// from meter `m1` in region `r`, one a minute from `start`, handed out two at a time.
actor CountdownSource: ReadingSource {
    private var remaining: Int
    private var timestamp: Int64
    private var line = 0

    init(count: Int, start: Int64) {
        remaining = count
        timestamp = start
    }

    func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        guard remaining > 0 else { return nil }
        var items: [SourceItem] = []
        while remaining > 0, items.count < min(2, maxCount) {
            line += 1
            items.append(.record(SourceRecord(meterID: "m1", region: "r", timestamp: timestamp,
                                              value: ExactDecimal(significand: Int64(remaining), scale: 0),
                                              position: SourcePosition(source: "countdown", line: line), rawText: "")))
            remaining -= 1
            timestamp += 60
        }
        return items
    }

    func close() async {}

    /// Registers the source as `countdown` with a required `count` (1–10000) and `start` (epoch seconds).
    static func register(in registry: inout StageRegistry) {
        registry.register(source: "countdown") { options in
            let count = options.int("count", range: 1...10_000)
            let start = options.int("start", default: 0)
            guard let count else {
                options.error("missing required key 'count' in source 'countdown'")
                return nil
            }
            return { _ in CountdownSource(count: count, start: Int64(start)) }
        }
    }
}
