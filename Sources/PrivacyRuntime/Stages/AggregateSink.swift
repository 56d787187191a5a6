/// A stage that stores or forwards sealed window aggregates (a database, a file, a message bus).
///
/// The runtime calls `write` from one task at a time, with the windows sealed since the last call (a batch
/// per processed input batch, possibly large at end of input); `close` once at the end of the run. A sink with
/// work of its own (a database writer) does it in `run()`, which the runtime runs as a child task beside the
/// pipeline for the whole run, as a swift-service-lifecycle `Service` runs in its group.
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
    /// The sink's own work, run as a child task of the pipeline from before the first `write` until it returns:
    /// it must return once `close()` was called and everything written is stored, and soon after its task is
    /// cancelled (the run failed). Throwing ends the run. Sinks without work of their own use the default,
    /// which returns at once.
    func run() async throws
    /// Returns once everything `write` was given is stored; the runtime calls it before it moves the policy's
    /// release point past the windows written, so a crash cannot leave released windows unstored. A sink whose
    /// `write` stores before it returns uses the default, which returns at once.
    func flush() async throws
    /// Stops accepting writes and releases resources (a sink with `run()` lets it finish storing what it has);
    /// no `write` follows.
    func close() async throws
    /// Aggregates `write` accepted that are not stored yet (a database writer's queue), for the
    /// `privacy_runtime_sink_backlog_aggregates` metric; 0 (the default) for a sink whose `write` stores them.
    var backlog: Int { get }
}

extension AggregateSink {
    /// `write` stores before it returns: nothing waits.
    public var backlog: Int { 0 }

    /// No work of its own: returns at once.
    public func run() async throws {}

    /// `write` stored everything already: returns at once.
    public func flush() async throws {}
}

/// A sink that can delete what it stored, so the policy's `retention.aggregates` can be enforced.
public protocol RetentionCapableSink: AggregateSink {
    /// Deletes this policy's aggregates whose window ended at or before `cutoff` (epoch seconds); returns how many.
    func deleteAggregates(olderThan cutoff: Int64) async throws -> Int
}
