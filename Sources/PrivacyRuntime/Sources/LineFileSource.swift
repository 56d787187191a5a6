/// The built-in `csv`, `jsonl` and `stdin` sources: lines from a file or standard input, parsed per `LineFormat`.
public actor LineFileSource: ReadingSource {
    private var reader: LineReader?
    private let format: LineFormat
    private let names: ColumnNames
    private let displayName: String
    private var csv: CSVRecordDecoder?
    /// A file is read from its start by every run; standard input is not.
    public nonisolated let replaysFromStart: Bool

    /// Reads the file at `path` (fails with a readable message if it cannot be opened); lines longer than
    /// `maxLineBytes` are rejected as `too_long`.
    public init(path: String, format: LineFormat, names: ColumnNames = .canonical,
                maxLineBytes: Int = 1 << 16) throws {
        self.reader = try LineReader(path: path, maxLineBytes: maxLineBytes)
        self.format = format
        self.names = names
        self.displayName = path
        self.replaysFromStart = true
    }

    /// Reads standard input; lines longer than `maxLineBytes` are rejected as `too_long`.
    public init(standardInputFormat format: LineFormat, names: ColumnNames = .canonical,
                maxLineBytes: Int = 1 << 16) {
        self.reader = LineReader(fd: 0, name: "stdin", ownsDescriptor: false, maxLineBytes: maxLineBytes)
        self.format = format
        self.names = names
        self.displayName = "stdin"
        self.replaysFromStart = false
    }

    /// The next up to `maxCount` parsed lines; blank lines are skipped. A CSV file without a valid header throws.
    /// The lines are read here, in order, and parsed on every core (`CPUBoundWork.map`); the items keep the lines'
    /// order and numbers.
    public func nextBatch(maxCount: Int) async throws -> [SourceItem]? {
        guard var lines = reader else { return nil }
        reader = nil
        var pending: [PendingLine] = []
        pending.reserveCapacity(maxCount)
        while pending.count < maxCount, let next = try lines.nextLine() {
            let position = SourcePosition(source: displayName, line: lines.lineNumber)
            guard case .text(let line) = next else {
                if case .tooLong(let prefix, let bytes) = next {
                    pending.append(.item(.malformed(RejectedReading(
                        position: position, rawText: prefix + "…", reason: .tooLong,
                        detail: "line of \(bytes) bytes is longer than the source's max_line_bytes \(lines.maxLineBytes); only its first bytes are kept here"))))
                }
                continue
            }
            if line.trimmingSpaces.isEmpty { continue }
            if format == .csv, csv == nil {
                csv = try CSVRecordDecoder(header: line, names: names, position: position)
                continue
            }
            pending.append(.line(line, position))
        }
        if pending.isEmpty {
            lines.close()
            return nil
        }
        reader = lines
        let decode: @Sendable (String, SourcePosition) -> SourceItem
        switch format {
        case .jsonl:
            let decoder = JSONLRecordDecoder(names: names)
            decode = { decoder.decode($0, position: $1) }
        case .csv:
            let decoder = csv!
            decode = { decoder.decode($0, position: $1) }
        }
        return try await CPUBoundWork.map(pending) { line in
            switch line {
            case .item(let item): item
            case .line(let text, let position): decode(text, position)
            }
        }
    }

    /// A line read and not yet parsed, or the item already made of it (a line over the limit).
    private enum PendingLine: Sendable {
        case line(String, SourcePosition)
        case item(SourceItem)
    }

    /// Closes the file.
    public func close() async {
        reader?.close()
        reader = nil
    }
}
