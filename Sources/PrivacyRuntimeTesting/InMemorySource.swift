import PrivacyRuntime

/// A `ReadingSource` over items held in memory, for tests: readings given as values, as CSV text, or as
/// ready `SourceItem`s (including `.malformed` ones). It hands them out in order, `maxCount` at a time.
///
/// ```swift
/// let source = try InMemorySource(csv: """
///     meter_id,region,timestamp,energy_wh
///     m1,north,2024-01-01T00:00:00Z,1.5
///     """)
/// ```
public actor InMemorySource: ReadingSource {
    private let items: [SourceItem]
    private var next = 0
    /// Whether the runtime called `close()`.
    public private(set) var isClosed = false

    /// A source yielding `items` in order.
    public init(items: [SourceItem]) {
        self.items = items
    }

    /// A source yielding one record per reading; positions are `name:1`, `name:2`, … in array order.
    /// The fields are validated as a file source validates them, so a bad value gets the same reason (`bad_number`).
    public init(readings: [TestReading], name: String = "memory") {
        items = readings.enumerated().map { index, reading in
            let timestamp = RFC3339.format(reading.timestamp)
            return ReadingFields(meterID: reading.meterID, region: reading.region, timestamp: timestamp, value: reading.energyWh)
                .item(position: SourcePosition(source: name, line: index + 1),
                      rawText: "\(reading.meterID),\(reading.region),\(timestamp),\(reading.energyWh)")
        }
    }

    /// A source over CSV text parsed exactly as the built-in `csv` source parses a file: a header line naming
    /// the columns, then one reading per line (blank lines skipped); positions are `name:LINE`.
    /// Throws the header's error when it lacks a column.
    public init(csv text: String, names: ColumnNames = .canonical, name: String = "memory.csv") throws {
        var decoder: CSVRecordDecoder?
        var items: [SourceItem] = []
        for (index, line) in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).enumerated() {
            let line = String(line)
            if line.allSatisfy({ $0 == " " || $0 == "\t" }) { continue }
            let position = SourcePosition(source: name, line: index + 1)
            if let decoder {
                items.append(decoder.decode(line, position: position))
            } else {
                decoder = try CSVRecordDecoder(header: line, names: names, position: position)
            }
        }
        self.items = items
    }

    /// The next up to `maxCount` items, or nil once all were handed out.
    public func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        guard next < items.count else { return nil }
        let end = min(items.count, next + max(1, maxCount))
        defer { next = end }
        return Array(items[next..<end])
    }

    /// Marks the source closed.
    public func close() async {
        isClosed = true
    }
}
