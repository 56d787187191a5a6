import Foundation

/// The built-in `stdout` sink: one JSON object per aggregate on standard output (the `jsonl` format).
public struct StdoutSink: AggregateSink {
    /// Creates the sink.
    public init() {}

    /// Prints each aggregate as one JSON line.
    public func write(_ batch: [WindowAggregate]) async throws {
        var text = ""
        for aggregate in batch { text += AggregateJSON.line(aggregate.record) + "\n" }
        FileHandle.standardOutput.write(Data(text.utf8))
    }

    /// Nothing to release.
    public func close() async throws {}
}
