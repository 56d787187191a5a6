/// The built-in `csv`, `jsonl` and `stdin` sources: lines from a file or standard input, parsed per `LineFormat`.
public actor LineFileSource: ReadingSource {
    private var reader: LineReader?
    private let format: LineFormat
    private let names: ColumnNames
    private let displayName: String
    private var csv: CSVRecordDecoder?

    /// Reads the file at `path` (fails with a readable message if it cannot be opened).
    public init(path: String, format: LineFormat, names: ColumnNames = .canonical) throws {
        self.reader = try LineReader(path: path)
        self.format = format
        self.names = names
        self.displayName = path
    }

    /// Reads standard input.
    public init(standardInputFormat format: LineFormat, names: ColumnNames = .canonical) {
        self.reader = LineReader(fd: 0, name: "stdin", ownsDescriptor: false)
        self.format = format
        self.names = names
        self.displayName = "stdin"
    }

    /// The next up to `maxCount` parsed lines; blank lines are skipped. A CSV file without a valid header throws.
    public func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        guard var lines = reader else { return nil }
        reader = nil
        var items: [SourceItem] = []
        items.reserveCapacity(maxCount)
        while items.count < maxCount, let line = try lines.next() {
            let position = SourcePosition(source: displayName, line: lines.lineNumber)
            if line.trimmingSpaces.isEmpty { continue }
            switch format {
            case .jsonl:
                items.append(JSONLRecordDecoder(names: names).decode(line, position: position))
            case .csv:
                if let csv {
                    items.append(csv.decode(line, position: position))
                } else {
                    csv = try CSVRecordDecoder(header: line, names: names, position: position)
                }
            }
        }
        if items.isEmpty {
            lines.close()
            return nil
        }
        reader = lines
        return items
    }

    /// Closes the file.
    public func close() async {
        reader?.close()
        reader = nil
    }
}
