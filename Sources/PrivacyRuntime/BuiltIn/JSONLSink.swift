import Foundation

/// The built-in `jsonl` sink: appends one JSON object per aggregate to a file (created 0600 with its directory).
/// Append-only: a replayed input appends again; use a database sink where idempotency matters.
public final class JSONLSink: AggregateSink, @unchecked Sendable {
    private let file: AppendFile
    private let lock = NSLock()

    /// Opens `path` for appending.
    public init(path: String) throws {
        file = try AppendFile(path: path)
    }

    /// Appends the batch.
    public func write(_ batch: [WindowAggregate]) async throws {
        let lines = batch.map { AggregateJSON.line($0.record) }.joined(separator: "\n")
        try lock.withLock { try file.append(lines) }
    }

    /// Closes the file.
    public func close() async throws {
        lock.withLock { file.close() }
    }
}
