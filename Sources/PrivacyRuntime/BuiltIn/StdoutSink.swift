#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The built-in `stdout` sink: one JSON object per aggregate on standard output (see `jsonl`).
public struct StdoutSink: AggregateSink {
    /// Creates the sink.
    public init() {}

    /// Prints each aggregate as one JSON line.
    public func write(_ batch: [WindowAggregate]) async throws {
        var text = ""
        for aggregate in batch { text += AggregateJSON.line(aggregate.record) + "\n" }
        fputs(text, stdout)
        fflush(stdout)
    }

    /// Nothing to release.
    public func close() async throws {}
}
