/// Turns CSV lines into `SourceItem`s: the first line is the header, which must name the configured columns.
public struct CSVRecordDecoder: Sendable {
    /// A header that lacks a required column, or cannot be split; fatal for the source.
    public struct HeaderError: Error, CustomStringConvertible {
        /// What is wrong, with the source position.
        public let description: String
    }

    private let names: ColumnNames
    private let indices: [Int]
    private let signatureIndex: Int?
    private let width: Int

    /// Reads the header line (e.g. `meter_id,region,timestamp,energy_wh`; columns may be in any order, extra columns are
    /// ignored; a `signature` column, when present, carries each reading's meter signature).
    public init(header: String, names: ColumnNames, position: SourcePosition) throws(HeaderError) {
        let columns: [String]
        do {
            columns = try CSVLineSplitter.split(header).map(\.trimmingSpaces)
        } catch {
            throw HeaderError(description: "\(position):\(error.column): bad CSV header: \(error.message)")
        }
        var indices: [Int] = []
        for name in [names.meterID, names.region, names.timestamp, names.value] {
            guard let index = columns.firstIndex(of: name) else {
                throw HeaderError(description: "\(position): CSV header has no column '\(name)' (it has: \(columns.joined(separator: ", ")))")
            }
            indices.append(index)
        }
        self.names = names
        self.indices = indices
        self.signatureIndex = columns.firstIndex(of: names.signature)
        self.width = columns.count
    }

    /// Decodes one data line; problems become `.malformed` items that name the line.
    public func decode(_ line: String, position: SourcePosition) -> SourceItem {
        let fields: [String]
        do {
            fields = try CSVLineSplitter.split(line)
        } catch {
            return .malformed(RejectedReading(position: position, rawText: line, reason: .malformed, detail: "column \(error.column): \(error.message)"))
        }
        guard fields.count == width else {
            return .malformed(RejectedReading(
                position: position, rawText: line, reason: .malformed,
                detail: "expected \(width) columns as in the header, found \(fields.count)"))
        }
        return ReadingFields(meterID: fields[indices[0]], region: fields[indices[1]], timestamp: fields[indices[2]], value: fields[indices[3]],
                             signature: signatureIndex.map { fields[$0] })
            .item(names: names, position: position, rawText: line)
    }
}
