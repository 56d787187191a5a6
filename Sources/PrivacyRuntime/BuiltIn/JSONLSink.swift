import Synchronization

/// The built-in `jsonl` sink: appends one JSON object per aggregate to a file (created 0600 with its directory).
/// Append-only: it appends only windows past the policy's release point, since the runtime releases each window
/// once (a replayed input's readings for released windows are rejected as `already_released`). It cannot skip a
/// window itself: if the runtime is killed after appending a release but before saving the release point, those
/// windows can be appended again; the database sinks insert each window once as a second guard.
public final class JSONLSink: AggregateSink {
    private let file: Mutex<AppendFile>

    /// Opens `path` for appending.
    public init(path: String) throws {
        file = Mutex(try AppendFile(path: path))
    }

    /// Appends the batch.
    public func write(_ batch: [WindowAggregate]) async throws {
        let lines = batch.map { AggregateJSON.line($0.record) }.joined(separator: "\n")
        try file.withLock { try $0.append(lines) }
    }

    /// Closes the file.
    public func close() async throws {
        file.withLock { $0.close() }
    }
}
