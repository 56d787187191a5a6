import Logging
import PostgresNIO
import PrivacyRuntime
import Synchronization

/// The PostgreSQL sink's background writer: takes the oldest rows from the buffer, commits them in
/// one transaction, and only then removes them; transient failures are retried with exponential
/// backoff, a permanent one stops the writer and is reported to the sink's callers.
final class PostgresBatchWriter: Sendable {
    let configuration: PostgresSinkConfiguration
    let store: PostgresAggregateStore
    let buffer: AggregateBuffer
    private let logger: Logger
    private let failureState = Mutex<PostgresSinkError?>(nil)

    init(configuration: PostgresSinkConfiguration, logger: Logger) {
        self.configuration = configuration
        self.logger = logger
        self.store = PostgresAggregateStore(
            table: configuration.table, replaceOnConflict: configuration.replaceOnConflict, logger: logger)
        self.buffer = AggregateBuffer(capacity: configuration.bufferCapacity)
    }

    /// The error that stopped the writer, if any.
    var failure: PostgresSinkError? { failureState.withLock { $0 } }

    /// Opens a connection and makes sure the table exists.
    func connect() async throws -> PostgresConnection {
        let connection = try await PostgresConnection.connect(
            configuration: try configuration.connectionConfiguration(), id: 1, logger: logger)
        do {
            try await store.createTable(on: connection)
        } catch {
            try? await connection.close()
            throw error
        }
        return connection
    }

    /// Writes `rows` on `connection` if it is still open, else on a new one; returns the connection used.
    private func write(_ rows: [AggregateRecord], reusing connection: PostgresConnection?) async throws -> PostgresConnection {
        let live = if let connection, !connection.isClosed { connection } else { try await connect() }
        do {
            try await store.upsert(rows, on: live)
            return live
        } catch {
            try? await live.close()
            throw error
        }
    }

    /// The writer loop: commit the oldest batch, retrying with exponential backoff on transient errors.
    func run() async {
        var connection: PostgresConnection?
        var delay = configuration.initialRetryDelay
        var failedAttempts = 0
        while let rows = await buffer.peek(limit: configuration.batchSize) {
            do {
                let current = connection
                connection = nil
                connection = try await withDeadline(configuration.attemptTimeout) { [self] in
                    try await self.write(rows, reusing: current)
                }
                await buffer.removeFirst(rows.count)
                if failedAttempts > 0 {
                    logger.info("postgres sink: database reachable again", metadata: ["failed_attempts": "\(failedAttempts)"])
                }
                delay = configuration.initialRetryDelay
                failedAttempts = 0
            } catch {
                try? await connection?.close()
                connection = nil
                let summary = PostgresSinkError.summary(of: error)
                let stop: PostgresSinkError?
                if Task.isCancelled {
                    let pending = await buffer.count
                    stop = PostgresSinkError("postgres sink: stopped with \(pending) aggregate(s) unwritten (last error: \(summary))")
                } else if !PostgresSinkError.isTransient(error) {
                    stop = PostgresSinkError("postgres sink: \(summary)")
                } else {
                    stop = nil
                }
                if let stop {
                    failureState.withLock { $0 = stop }
                    _ = await buffer.abandon()
                    break
                }
                failedAttempts += 1
                let pending = await buffer.count
                logger.warning("postgres sink: write failed, retrying", metadata: [
                    "error": "\(summary)", "retry_in": "\(delay)", "pending": "\(pending)"])
                try? await Task.sleep(for: delay)
                delay = min(delay * 2, configuration.maximumRetryDelay)
            }
        }
        try? await connection?.close()
    }
}
