/// Reads aggregates back from a `jsonl` sink's file, for `decrypt --input jsonl:PATH`.
public struct JSONLAggregateReader: AggregateReader {
    /// The file read.
    public let path: String

    /// Reads `path` (opened on `forEach`).
    public init(path: String) {
        self.path = path
    }

    /// Every aggregate in file order; a bad line is an error naming `path:line`.
    public func forEach(_ body: (AggregateRecord) throws -> Void) throws {
        var reader: LineReader
        do {
            reader = try LineReader(path: path)
        } catch {
            throw RuntimeError.fileAccess(error.description)
        }
        defer { reader.close() }
        while let line = try nextLine(&reader) {
            if line.trimmingSpaces.isEmpty { continue }
            let record: AggregateRecord
            do {
                record = try AggregateJSON.record(line)
            } catch {
                throw RuntimeError.badAggregate("\(path):\(reader.lineNumber): \(error)")
            }
            try body(record)
        }
    }

    private func nextLine(_ reader: inout LineReader) throws -> String? {
        do {
            return try reader.next()
        } catch {
            throw RuntimeError.fileAccess(error.description)
        }
    }
}
