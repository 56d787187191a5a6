import Logging
import PostgresNIO
import PrivacyRuntime
import Synchronization

/// The PostgreSQL sink's writer: takes each queued batch, commits it in one transaction, retrying transient
/// failures with exponential backoff; a permanent failure stops it and is reported to the sink's callers.
final class PostgresBatchWriter: Sendable {
    let configuration: PostgresSinkConfiguration
    let store: PostgresAggregateStore
    private let logger: Logger
    private let failureState = Mutex<PostgresSinkError?>(nil)
    /// The partition claim every commit is fenced by; nil when the run is not partitioned.
    let lease: PartitionLease?

    init(configuration: PostgresSinkConfiguration, lease: PartitionLease? = nil, logger: Logger) {
        self.configuration = configuration
        self.lease = lease
        self.logger = logger
        self.store = PostgresAggregateStore(table: configuration.table, logger: logger)
    }

    /// The error that stopped the writer, if any.
    var failure: PostgresSinkError? { failureState.withLock { $0 } }

    /// Opens a connection and makes sure the table exists.
    func connect() async throws -> PostgresConnection {
        let connection = try await PostgresConnection.connect(
            configuration: try configuration.connectionConfiguration(), id: 1, logger: logger)
        do {
            try await store.createTable(on: connection)
            if lease != nil {
                // A holder paused inside a transaction would keep the fence row locked, and the partition's next
                // holder waiting; the server ends such a transaction (and the session) after this long.
                try await connection.query("SET idle_in_transaction_session_timeout = '10s'", logger: logger)
            }
        } catch {
            try? await connection.close()
            throw error
        }
        return connection
    }

    /// Runs `work` on `connection` if it is still open, else on a new one; returns the connection used.
    private func attempt(reusing connection: PostgresConnection?, _ work: @Sendable (PostgresConnection) async throws -> Void) async throws -> PostgresConnection {
        let live = if let connection, !connection.isClosed { connection } else { try await connect() }
        do {
            try await work(live)
            return live
        } catch {
            try? await live.close()
            throw error
        }
    }

    /// Commits every batch of `batches` in order, each retried until it is committed; `committed` is told how
    /// many rows each commit stored. Throws the permanent failure (or the cancellation) that stopped it.
    func run(_ batches: BackpressureQueue<[AggregateRecord]>.Elements, committed: (Int) -> Void) async throws {
        var connection: PostgresConnection?
        do {
            if let lease {
                // Before anything of this claim is written: a write of the partition's previous holder that commits
                // from now on carries a lower token and is refused.
                connection = try await commit(reusing: connection) { [store] live in try await store.advanceFence(to: lease.token, on: live) }
                logger.info("postgres sink: fence raised", metadata: ["token": "\(lease.token)"])
            }
            for await rows in batches {
                connection = try await commit(reusing: connection) { [store, lease] live in
                    try await store.insert(rows, fencedBy: lease?.token, on: live)
                }
                committed(rows.count)
            }
        } catch {
            try? await connection?.close()
            throw error
        }
        try? await connection?.close()
    }

    /// Runs `work` (one transaction), retrying transient failures; returns the connection to reuse. A lost claim or a
    /// refused fencing token stops the writer (the claim is surrendered): nothing more is written.
    private func commit(
        reusing connection: PostgresConnection?, _ work: @escaping @Sendable (PostgresConnection) async throws -> Void
    ) async throws -> PostgresConnection {
        var connection = connection
        var delay = configuration.initialRetryDelay
        var failedAttempts = 0
        while true {
            if let lease, let reason = lease.lostReason {
                throw stop(PostgresSinkError.fenced("postgres sink: \(lease.token) lost (\(reason)); nothing more written"))
            }
            do {
                let current = connection
                let used = try await withDeadline(configuration.attemptTimeout) { [self] in
                    try await self.attempt(reusing: current, work)
                }
                if failedAttempts > 0 {
                    logger.info("postgres sink: database reachable again", metadata: ["failed_attempts": "\(failedAttempts)"])
                }
                return used
            } catch {
                try? await connection?.close()
                connection = nil
                if let refusal = PostgresSinkError.fencing(in: error) {
                    lease?.surrender("the database refused the token")
                    throw stop(refusal)
                }
                let summary = PostgresSinkError.summary(of: error)
                if Task.isCancelled {
                    throw stop(PostgresSinkError.stopped("postgres sink: stopped with aggregates unwritten (last error: \(summary))"))
                }
                if !PostgresSinkError.isTransient(error) { throw stop(PostgresSinkError.refused("postgres sink: \(summary)")) }
                failedAttempts += 1
                logger.warning("postgres sink: write failed, retrying", metadata: [
                    "error": "\(summary)", "retry_in": "\(delay)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, configuration.maximumRetryDelay)
            }
        }
    }

    /// Records `error` as the writer's failure and returns it.
    private func stop(_ error: PostgresSinkError) -> PostgresSinkError {
        failureState.withLock { $0 = error }
        return error
    }
}
