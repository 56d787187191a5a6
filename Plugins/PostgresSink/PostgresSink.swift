import Foundation
import Logging
import PostgresNIO
import PrivacyRuntime
import Synchronization

/// The `postgres` sink: writes sealed window aggregates to PostgreSQL.
///
/// `write` hands aggregates to a bounded `BackpressureQueue` and returns; the sink's `run()`, which the runtime
/// runs as a child task for the whole run, commits them in batches, one transaction each, inserting each (policy,
/// scope key, window start) once (ON CONFLICT DO NOTHING), so that a retried batch is never stored twice and a
/// stored window is never replaced. While the database is unreachable the
/// writer retries with exponential backoff and the queue holds the aggregates; when it is full, `write` waits.
/// After `close`, `run()` returns once everything handed over is committed.
public final class PostgresSink: RetentionCapableSink {
    private let policy: String
    private let writer: PostgresBatchWriter
    private let queue: BackpressureQueue<[AggregateRecord]>
    private let pending = Mutex(0)

    /// Creates the sink for `policy`'s aggregates; no connection is made until `run()` has an aggregate to write.
    /// With `lease` (a partitioned run), every transaction checks the claim's fencing token against the partition's
    /// highest in the fence table (`{table}_fence`) and writes nothing once a later holder's token is stored.
    public init(
        configuration: PostgresSinkConfiguration, policy: String, lease: PartitionLease? = nil,
        logger: Logger = Logger(label: "privacy-runtime.postgres")
    ) throws {
        guard PostgresSinkConfiguration.isValidTableName(configuration.table) else {
            throw PostgresSinkError.invalidConfiguration("postgres sink: invalid table name '\(configuration.table)' (letters, digits and '_', optionally schema.table)")
        }
        guard configuration.batchSize > 0, configuration.bufferCapacity >= 2 * configuration.batchSize else {
            throw PostgresSinkError.invalidConfiguration("postgres sink: batch size must be positive and the buffer at least twice the batch size")
        }
        self.policy = policy
        self.writer = PostgresBatchWriter(configuration: configuration, lease: lease, logger: logger)
        // The writer holds one batch while it commits it; the queue holds the rest, so that at most
        // `bufferCapacity` aggregates wait once a `write` has returned.
        let high = configuration.bufferCapacity - configuration.batchSize
        self.queue = BackpressureQueue(lowWatermark: high / 2, highWatermark: high, weight: { $0.count })
    }

    /// Number of aggregates accepted but not yet committed.
    public var pendingCount: Int { pending.withLock { $0 } }

    /// The aggregates waiting to be committed (`pendingCount`).
    public var backlog: Int { pendingCount }

    /// Hands `batch` to the writer, waiting while the buffer is full; throws if the writer has failed for good
    /// (bad credentials, missing privileges).
    public func write(_ batch: [WindowAggregate]) async throws {
        try await enqueue(batch.map(\.record))
    }

    /// Queues rows for writing in batches, waiting while the buffer is full; throws if the writer has failed for good.
    func enqueue(_ rows: [AggregateRecord]) async throws {
        if let error = writer.failure { throw error }
        let size = writer.configuration.batchSize
        let batches = stride(from: 0, to: rows.count, by: size).map { Array(rows[$0..<min($0 + size, rows.count)]) }
        pending.withLock { $0 += rows.count }
        do {
            try await queue.send(contentsOf: batches)
        } catch {
            throw writer.failure ?? PostgresSinkError.stopped("postgres sink: closed")
        }
    }

    /// Waits until every aggregate handed to `write` is committed (the runtime saves its release point only
    /// then); throws if the writer has failed for good. While the database is unreachable this waits, and the
    /// pipeline with it.
    public func flush() async throws {
        while pendingCount > 0 {
            if let error = writer.failure { throw error }
            try await Task.sleep(for: .milliseconds(5))
        }
        if let error = writer.failure { throw error }
    }

    /// The writer: commits queued batches until `close()` was called and everything is committed. Cancelling its
    /// task stops it with an error that says how many aggregates were not written.
    public func run() async throws {
        do {
            try await writer.run(queue.elements()) { committed in self.pending.withLock { $0 -= committed } }
        } catch {
            // Callers waiting in `write` must not wait for a writer that has stopped.
            queue.finish()
            throw error
        }
    }

    /// No more writes: `run()` commits what is queued, then returns.
    public func close() async throws {
        queue.finish()
    }

    /// Deletes this policy's aggregates whose window ended at or before `cutoff` (seconds since the
    /// epoch) over a connection of its own; returns how many rows were deleted.
    public func deleteAggregates(olderThan cutoff: Int64) async throws -> Int {
        let connection = try await writer.connect()
        do {
            let deleted = try await writer.store.deleteWindows(policy: policy, endingAtOrBefore: cutoff, on: connection)
            try? await connection.close()
            return deleted
        } catch {
            try? await connection.close()
            throw PostgresSinkError.refused("postgres sink: retention delete failed: \(PostgresSinkError.summary(of: error))")
        }
    }
}
