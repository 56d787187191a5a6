import PostgresNIO
import PrivacyRuntime

/// The fence table beside the aggregates table (`{table}_fence`): per lease bucket and partition, the highest fencing
/// token a write has carried and when it was raised to it. A write checks its token here in its own transaction, so
/// a holder that lost its partition cannot commit once the new holder's token is stored.
struct PostgresFenceTable: Sendable {
    /// `{aggregates table}_fence`, valid because the aggregates table's name is.
    let table: String
    let logger: Logger

    /// Creates the table if missing.
    func createTable(on connection: PostgresConnection) async throws {
        try await connection.query(PostgresQuery(unsafeSQL: """
            CREATE TABLE IF NOT EXISTS \(table) (
                scope      text        NOT NULL,
                partition  integer     NOT NULL,
                token      bigint      NOT NULL,
                raised_at  timestamptz NOT NULL DEFAULT now(),
                PRIMARY KEY (scope, partition)
            )
            """), logger: logger)
    }

    /// Stores `token` if it is at least the partition's stored token (the row stays locked until the transaction
    /// ends, so checks of one partition are serialised); throws `PostgresSinkError.fenced` when the stored one is higher.
    func check(_ token: FencingToken, on connection: PostgresConnection) async throws {
        var query = PostgresQuery(unsafeSQL: """
            INSERT INTO \(table) AS fence (scope, partition, token) VALUES ($1, $2, $3)
            ON CONFLICT (scope, partition) DO UPDATE
                SET token = excluded.token,
                    raised_at = CASE WHEN fence.token < excluded.token THEN now() ELSE fence.raised_at END
                WHERE fence.token <= excluded.token
            RETURNING token
            """)
        query.binds.append(token.scope)
        query.binds.append(Int32(token.partition))
        query.binds.append(Int64(token.revision))
        let rows = try await connection.query(query, logger: logger)
        var accepted = false
        for try await _ in rows.decode(Int64.self) { accepted = true }
        guard !accepted else { return }
        var stored = PostgresQuery(unsafeSQL: "SELECT token FROM \(table) WHERE scope = $1 AND partition = $2")
        stored.binds.append(token.scope)
        stored.binds.append(Int32(token.partition))
        var highest: Int64 = -1
        for try await value in try await connection.query(stored, logger: logger).decode(Int64.self) { highest = value }
        throw PostgresSinkError.fenced(
            "postgres sink: \(token) refused: the database holds token \(highest) for the partition (another instance took it over); nothing written")
    }
}
