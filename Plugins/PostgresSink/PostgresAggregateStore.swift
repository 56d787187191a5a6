import Foundation
import PostgresNIO
import PrivacyRuntime

/// The SQL of the PostgreSQL sink: schema creation and migration, batched inserts, retention deletes.
///
/// Rows are keyed by (policy, scope_key, window_start) and inserted with ON CONFLICT DO NOTHING, so writing the
/// same window twice, after a lost acknowledgement or from a restarted instance, never adds a second row nor
/// replaces the first (a second guard: the runtime releases a window once). A sharded deployment needs no shard
/// in the key: a region belongs to one shard, and so does each meter of it.
struct PostgresAggregateStore: Sendable {
    /// Validated table name (see `PostgresSinkConfiguration.isValidTableName`).
    let table: String
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
                incomplete   boolean     NOT NULL DEFAULT false,
                signature    text,
                kind         text        NOT NULL DEFAULT '',
                PRIMARY KEY (policy, scope_key, window_start, kind)
            )
            """), logger: logger)
        // A table created before windows could be marked incomplete gets the column; its rows are complete.
        try await connection.query(PostgresQuery(unsafeSQL: """
            ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS incomplete boolean NOT NULL DEFAULT false
            """), logger: logger)
        // And one created before aggregates were signed gets the signature column; its rows stay unsigned (NULL).
        try await connection.query(PostgresQuery(unsafeSQL: """
            ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS signature text
            """), logger: logger)
        // Partitioned runs record the partition and the fencing token each row was written under.
        try await connection.query(PostgresQuery(unsafeSQL: """
            ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS partition integer, ADD COLUMN IF NOT EXISTS fence_token bigint
            """), logger: logger)
        try await fence.createTable(on: connection)
        // And one created before billing rows gets `kind` ('' for window totals) in its key: a billing period stores
        // a row per register and one bill.
        try await connection.query(PostgresQuery(unsafeSQL: """
            ALTER TABLE \(table) ADD COLUMN IF NOT EXISTS kind text NOT NULL DEFAULT ''
            """), logger: logger)
        try await connection.query(PostgresQuery(unsafeSQL: """
            DO $$ DECLARE key_name text; BEGIN
                SELECT conname INTO key_name FROM pg_constraint WHERE conrelid = '\(table)'::regclass AND contype = 'p';
                IF NOT EXISTS (SELECT 1 FROM pg_constraint c JOIN pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = ANY (c.conkey)
                               WHERE c.conrelid = '\(table)'::regclass AND c.contype = 'p' AND a.attname = 'kind') THEN
                    EXECUTE format('ALTER TABLE %s DROP CONSTRAINT %I, ADD PRIMARY KEY (policy, scope_key, window_start, kind)', '\(table)', key_name);
                END IF;
            END $$
            """), logger: logger)
    }

    /// Writes `rows` in one transaction: either all of them are stored or none; a window stored already is
    /// left as it is. With a fencing token, the transaction first checks it against the partition's highest
    /// token (raising it); a lower token throws `PostgresSinkError.fenced` and nothing is written.
    func insert(_ rows: [AggregateRecord], fencedBy token: FencingToken? = nil, on connection: PostgresConnection) async throws {
        guard !rows.isEmpty else { return }
        let rows = Self.firstWritePerKey(rows)
        let statements = stride(from: 0, to: rows.count, by: Self.rowsPerStatement).map {
            insertStatement(for: rows[$0..<min($0 + Self.rowsPerStatement, rows.count)], token: token)
        }
        try await connection.withTransaction(logger: logger) { transaction in
            if let token { try await fence.check(token, on: transaction) }
            for statement in statements {
                try await transaction.query(statement, logger: logger)
            }
        }
    }

    /// Raises the partition's fence to `token` in a transaction of its own (a new holder does this before its first
    /// write, so a write of the previous holder committed later is refused); throws `fenced` for a lower token.
    func advanceFence(to token: FencingToken, on connection: PostgresConnection) async throws {
        try await connection.withTransaction(logger: logger) { transaction in
            try await fence.check(token, on: transaction)
        }
    }

    /// The fence table's SQL.
    var fence: PostgresFenceTable { PostgresFenceTable(table: table + "_fence", logger: logger) }

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

    /// Keeps one row per primary key, the first, as the table does across batches.
    static func firstWritePerKey(_ rows: [AggregateRecord]) -> [AggregateRecord] {
        struct Key: Hashable { let policy: String, scopeKey: String, windowStart: Int64, kind: String }
        var seen = Set<Key>()
        return rows.filter { seen.insert(Key(policy: $0.policy, scopeKey: $0.scopeKey, windowStart: $0.windowStart, kind: $0.kind)).inserted }
    }

    /// One multi-row INSERT for the given rows that skips windows stored already.
    private func insertStatement(for rows: ArraySlice<AggregateRecord>, token: FencingToken?) -> PostgresQuery {
        var binds = PostgresBindings(capacity: rows.count * 15)
        var tuples: [String] = []
        tuples.reserveCapacity(rows.count)
        for (index, row) in rows.enumerated() {
            let base = index * 15
            tuples.append("(" + (1...15).map { "$\(base + $0)" }.joined(separator: ", ") + ", now())")
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
            binds.append(row.incomplete)
            binds.append(row.signature)
            binds.append(token.map { Int32($0.partition) })
            binds.append(token.map { Int64($0.revision) })
            binds.append(row.kind)
        }
        return PostgresQuery(unsafeSQL: """
            INSERT INTO \(table)
                (policy, scope, scope_key, window_start, window_end, readings, meters, key_id, ciphertext, decimal_places,
                 incomplete, signature, partition, fence_token, kind, written_at)
            VALUES \(tuples.joined(separator: ", "))
            ON CONFLICT (policy, scope_key, window_start, kind) DO NOTHING
            """, binds: binds)
    }
}
