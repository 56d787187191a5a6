/// A stage that stores or forwards sealed window aggregates (a database, a file, a message bus).
///
/// The runtime calls `write` from one task at a time, with the windows sealed since the last call (a batch
/// per processed input batch, possibly large at end of input); `close` once at the end of the run.
/// Implementations should make `write` idempotent by (policy, scope key, window start), so a replayed
/// input or a restarted instance cannot double-count. Throwing from either ends the run (fatal).
///
/// ```swift
/// final class PrintSink: AggregateSink {
///     func write(_ batch: [WindowAggregate]) async throws {
///         for aggregate in batch { print(aggregate.scopeKey, aggregate.ciphertext.pheJSON()) }
///     }
///     func close() async throws {}
/// }
/// ```
public protocol AggregateSink: Sendable {
    /// Stores `batch` (never empty).
    func write(_ batch: [WindowAggregate]) async throws
    /// Flushes and releases resources; no `write` follows.
    func close() async throws
}

/// A sink that can delete what it stored, so the policy's `retention.aggregates` can be enforced.
public protocol RetentionCapableSink: AggregateSink {
    /// Deletes this policy's aggregates whose window ended at or before `cutoff` (epoch seconds); returns how many.
    func deleteAggregates(olderThan cutoff: Int64) async throws -> Int
}
