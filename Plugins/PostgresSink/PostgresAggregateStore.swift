import Foundation
import PostgresNIO
import PrivacyRuntime

/// The SQL of the PostgreSQL sink: schema creation, idempotent batched upserts, retention deletes.
///
/// Rows are keyed by (policy, scope_key, window_start), so writing the same window twice, after a
/// lost acknowledgement or from a restarted instance, never adds a second row.
struct PostgresAggregateStore: Sendable {
    /// Validated table name (see `PostgresSinkConfiguration.isValidTableName`).
    let table: String
    let replaceOnConflict: Bool
    let logger: Logger

    /// Rows per INSERT statement; keeps the bind count far below PostgreSQL's 65535 limit.
    private static let rowsPerStatement = 1_000

    /// Creates the table if it does not exist. Two instances creating it at the same moment can make
    /// PostgreSQL report a duplicate; that means the table exists, which is all that is wanted.
    func createTable(on connection: PostgresConnection) async throws {
        do {
            try await createTableIfMissing(on: connection)
        } catch let error as PSQLError where ["23505", "42P07"].contains(error.serverInfo?[.sqlState] ?? "") {
            return
        }
    }

    private func createTableIfMissing(on connection: PostgresConnection) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: """
            CREATE TABLE IF NOT EXISTS \(table) (
                policy       text        NOT NULL,
                scope        text        NOT NULL,
                scope_key    text        NOT NULL,
                window_start timestamptz NOT NULL,
                window_end   timestamptz NOT NULL,
                readings     bigint      NOT NULL,
                meters       bigint      NOT NULL,
                key_id       text        NOT NULL,
                ciphertext   text        NOT NULL,
                decimal_places integer   NOT NULL,
                written_at   timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (policy, scope_key, window_start)
            )
            """), logger: logger)
    }

    /// Writes `rows` in one transaction: either all of them are stored or none.
    func upsert(_ rows: [AggregateRecord], on connection: PostgresConnection) async throws {
        guard !rows.isEmpty else { return }
        let rows = Self.lastWritePerKey(rows)
        let statements = stride(from: 0, to: rows.count, by: Self.rowsPerStatement).map {
            insertStatement(for: rows[$0..<min($0 + Self.rowsPerStatement, rows.count)])
        }
        try await connection.withTransaction(logger: logger) { transaction in
            for statement in statements {
                try await transaction.query(statement, logger: logger)
            }
        }
    }

    /// Deletes `policy`'s aggregates whose window ended at or before `cutoff` (seconds since the
    /// epoch); returns how many were deleted.
    func deleteWindows(policy: String, endingAtOrBefore cutoff: Int64, on connection: PostgresConnection) async throws -> Int {
        let cutoffDate = Date(timeIntervalSince1970: TimeInterval(cutoff))
        var query = PostgresQuery(unsafeSQL: """
            WITH deleted AS (DELETE FROM \(table) WHERE policy = $1 AND window_end <= $2 RETURNING 1)
            SELECT count(*)::bigint FROM deleted
            """)
        query.binds.append(policy)
        query.binds.append(cutoffDate)
        let rows = try await connection.query(query, logger: logger)
        for try await count in rows.decode(Int64.self) {
            return Int(count)
        }
        return 0
    }

    /// Keeps one row per primary key (the last one): a single INSERT .. ON CONFLICT statement
    /// may not touch the same row twice.
    static func lastWritePerKey(_ rows: [AggregateRecord]) -> [AggregateRecord] {
        struct Key: Hashable { let policy: String, scopeKey: String, windowStart: Int64 }
        var position: [Key: Int] = [:]
        var unique: [AggregateRecord] = []
        for row in rows {
            let key = Key(policy: row.policy, scopeKey: row.scopeKey, windowStart: row.windowStart)
            if let index = position[key] {
                unique[index] = row
            } else {
                position[key] = unique.count
                unique.append(row)
            }
        }
        return unique
    }

    /// One multi-row INSERT with an ON CONFLICT clause for the given rows.
    private func insertStatement(for rows: ArraySlice<AggregateRecord>) -> PostgresQuery {
        var binds = PostgresBindings(capacity: rows.count * 10)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            let base = index * 10
            tuples.append("($\(base + 1), $\(base + 2), $\(base + 3), $\(base + 4), $\(base + 5), "
                + "$\(base + 6), $\(base + 7), $\(base + 8), $\(base + 9), $\(base + 10), now())")
            binds.append(row.policy)
            binds.append(row.scope)
            binds.append(row.scopeKey)
            binds.append(Date(timeIntervalSince1970: TimeInterval(row.windowStart)))
            binds.append(Date(timeIntervalSince1970: TimeInterval(row.windowEnd)))
            binds.append(Int64(row.readings))
            binds.append(Int64(row.meters))
            binds.append(row.keyID)
            binds.append(row.ciphertext)
            binds.append(Int32(row.decimalPlaces))
        }
        let conflict = replaceOnConflict
            ? """
              DO UPDATE SET scope = EXCLUDED.scope, window_end = EXCLUDED.window_end,
                  readings = EXCLUDED.readings, meters = EXCLUDED.meters, key_id = EXCLUDED.key_id,
                  ciphertext = EXCLUDED.ciphertext, decimal_places = EXCLUDED.decimal_places,
                  written_at = EXCLUDED.written_at
              """
            : "DO NOTHING"
        return PostgresQuery(unsafeSQL: """
            INSERT INTO \(table)
                (policy, scope, scope_key, window_start, window_end, readings, meters, key_id, ciphertext, decimal_places,
                 written_at)
            VALUES \(tuples.joined(separator: ", "))
            ON CONFLICT (policy, scope_key, window_start) \(conflict)
            """, binds: binds)
    }
}
