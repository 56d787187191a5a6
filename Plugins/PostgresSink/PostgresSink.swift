import Foundation
import Logging
import PostgresNIO
import PrivacyRuntime

/// The `postgres` sink: writes sealed window aggregates to PostgreSQL.
///
/// `write` hands aggregates to a bounded buffer and returns; a background writer commits them in
/// batches, one transaction each, upserting by (policy, scope key, window start) so that a retried
/// batch is never stored twice. While the database is unreachable the writer retries with
/// exponential backoff and the buffer holds the aggregates; when it is full, `write` waits.
/// `close` returns once everything handed over is committed.
public final class PostgresSink: RetentionCapableSink {
    private let policy: String
    private let writer: PostgresBatchWriter
    private let writerTask: Task<Void, Never>

    /// Creates the sink for `policy`'s aggregates and starts its writer; no connection is made until
    /// the first aggregate arrives.
    public init(
        configuration: PostgresSinkConfiguration, policy: String, logger: Logger = Logger(label: "privacy-runtime.postgres")
    ) throws {
        guard PostgresSinkConfiguration.isValidTableName(configuration.table) else {
            throw PostgresSinkError("postgres sink: invalid table name '\(configuration.table)' (letters, digits and '_', optionally schema.table)")
        }
        guard configuration.batchSize > 0, configuration.bufferCapacity > 0 else {
            throw PostgresSinkError("postgres sink: batch size and buffer capacity must be positive")
        }
        self.policy = policy
        let writer = PostgresBatchWriter(configuration: configuration, logger: logger)
        self.writer = writer
        self.writerTask = Task { await writer.run() }
    }

    /// Number of aggregates accepted but not yet committed.
    public var pendingCount: Int {
        get async { await writer.buffer.count }
    }

    /// Hands `batch` to the writer, waiting while the buffer is full; throws if the writer has failed
    /// for good (bad credentials, missing privileges).
    public func write(_ batch: [WindowAggregate]) async throws {
        try await enqueue(batch.map(\.record))
    }

    /// Queues rows for writing, waiting while the buffer is full; throws if the writer has failed for good.
    func enqueue(_ rows: [AggregateRecord]) async throws {
        if let error = writer.failure { throw error }
        guard await writer.buffer.append(rows) else {
            throw writer.failure ?? PostgresSinkError("postgres sink: closed")
        }
    }

    /// Waits until every queued aggregate is committed, then stops the writer.
    /// Cancelling the calling task gives up waiting and reports how many aggregates were not written.
    public func close() async throws {
        await writer.buffer.finish()
        await withTaskCancellationHandler {
            await writerTask.value
        } onCancel: {
            writerTask.cancel()
        }
        if let error = writer.failure { throw error }
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
            throw PostgresSinkError("postgres sink: retention delete failed: \(PostgresSinkError.summary(of: error))")
        }
    }
}
