import GRDB
import PrivacyRuntime

/// The `aggregates` table in an SQLite file: schema migrations, inserts that keep the first row of each
/// (policy, scope key, window start) in one transaction per batch, retention deletes, and reads.
public final class SQLiteAggregateStore: Sendable {
    private let database: DatabaseQueue
    /// The file's path, for messages.
    public let path: String

    /// Opens (creating if needed) the database at `path` and migrates its schema to the current version.
    public init(path: String) throws {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)
            database = try DatabaseQueue(path: path, configuration: configuration)
            try database.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA journal_mode = WAL") }
            try Self.migrator.migrate(database)
        } catch {
            throw SQLiteSinkError.unavailable("cannot open SQLite database '\(path)': \(Self.describe(error))")
        }
    }

    /// Opens an existing database read-only (for `decrypt`); fails if the file does not exist.
    public init(readingAt path: String) throws {
        self.path = path
        do {
            var configuration = Configuration()
            configuration.readonly = true
            database = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw SQLiteSinkError.unavailable("cannot open SQLite database '\(path)': \(Self.describe(error))")
        }
    }

    private static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1: aggregates") { db in
            try db.execute(sql: """
                CREATE TABLE aggregates (
                    policy TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    scope_key TEXT NOT NULL,
                    window_start INTEGER NOT NULL,
                    window_end INTEGER NOT NULL,
                    readings INTEGER NOT NULL,
                    meters INTEGER NOT NULL,
                    key_id TEXT NOT NULL,
                    ciphertext TEXT NOT NULL,
                    decimal_places INTEGER NOT NULL,
                    exponent INTEGER NOT NULL DEFAULT 0,
                    written_at INTEGER NOT NULL,
                    PRIMARY KEY (policy, scope_key, window_start)
                ) WITHOUT ROWID;
                CREATE INDEX aggregates_by_end ON aggregates (policy, window_end);
                """)
        }
        migrator.registerMigration("v2: incomplete windows") { db in
            try db.execute(sql: "ALTER TABLE aggregates ADD COLUMN incomplete INTEGER NOT NULL DEFAULT 0")
        }
        migrator.registerMigration("v3: signed aggregates") { db in
            // NULL for rows written before aggregates were signed, and for policies with no runtime key.
            try db.execute(sql: "ALTER TABLE aggregates ADD COLUMN signature TEXT")
        }
        migrator.registerMigration("v4: billing rows") { db in
            // A billing period stores several rows (a register per band, a bill), told apart by `kind` ('' for a
            // window total), so the key gains it; SQLite cannot change a key in place, so the table is copied.
            try db.execute(sql: """
                CREATE TABLE aggregates_v4 (
                    policy TEXT NOT NULL,
                    scope TEXT NOT NULL,
                    scope_key TEXT NOT NULL,
                    window_start INTEGER NOT NULL,
                    window_end INTEGER NOT NULL,
                    readings INTEGER NOT NULL,
                    meters INTEGER NOT NULL,
                    key_id TEXT NOT NULL,
                    ciphertext TEXT NOT NULL,
                    decimal_places INTEGER NOT NULL,
                    exponent INTEGER NOT NULL DEFAULT 0,
                    written_at INTEGER NOT NULL,
                    incomplete INTEGER NOT NULL DEFAULT 0,
                    signature TEXT,
                    kind TEXT NOT NULL DEFAULT '',
                    PRIMARY KEY (policy, scope_key, window_start, kind)
                ) WITHOUT ROWID;
                INSERT INTO aggregates_v4 (policy, scope, scope_key, window_start, window_end, readings, meters, key_id,
                                           ciphertext, decimal_places, exponent, written_at, incomplete, signature)
                    SELECT policy, scope, scope_key, window_start, window_end, readings, meters, key_id,
                           ciphertext, decimal_places, exponent, written_at, incomplete, signature FROM aggregates;
                DROP TABLE aggregates;
                ALTER TABLE aggregates_v4 RENAME TO aggregates;
                CREATE INDEX aggregates_by_end ON aggregates (policy, window_end);
                """)
        }
        return migrator
    }

    /// Writes `records` in one transaction; a record whose (policy, scope key, window start) is stored already is
    /// skipped, so a window is stored once and the first row stays (a second guard: the runtime releases a window
    /// once). Returns how many rows were added.
    @discardableResult
    public func insert(_ records: [AggregateRecord], writtenAt: Int64) async throws -> Int {
        guard !records.isEmpty else { return 0 }
        do {
            return try await database.write { db in
                let statement = try db.cachedStatement(sql: """
                    INSERT INTO aggregates (policy, scope, scope_key, window_start, window_end, readings, meters,
                                            key_id, ciphertext, decimal_places, exponent, incomplete, signature, written_at, kind)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (policy, scope_key, window_start, kind) DO NOTHING
                    """)
                var added = 0
                for r in records {
                    try statement.execute(arguments: [
                        r.policy, r.scope, r.scopeKey, r.windowStart, r.windowEnd, r.readings, r.meters,
                        r.keyID, r.ciphertext, r.decimalPlaces, r.exponent, r.incomplete, r.signature, writtenAt, r.kind,
                    ])
                    added += db.changesCount
                }
                return added
            }
        } catch {
            throw SQLiteSinkError.writeFailed("cannot write to SQLite database '\(path)': \(Self.describe(error))")
        }
    }

    /// Deletes `policy`'s aggregates whose window ended at or before `cutoff`; returns how many.
    public func deleteAggregates(policy: String, endingAtOrBefore cutoff: Int64) async throws -> Int {
        do {
            return try await database.write { db in
                try db.execute(sql: "DELETE FROM aggregates WHERE policy = ? AND window_end <= ?", arguments: [policy, cutoff])
                return db.changesCount
            }
        } catch {
            throw SQLiteSinkError.writeFailed("cannot delete from SQLite database '\(path)': \(Self.describe(error))")
        }
    }

    /// Calls `body` with every aggregate, ordered by policy, scope key and window start.
    public func forEach(_ body: (AggregateRecord) throws -> Void) throws {
        do {
            try read(body)
        } catch let error as DatabaseError {
            throw SQLiteSinkError.readFailed("cannot read SQLite database '\(path)': \(Self.describe(error))")
        }
    }

    private func read(_ body: (AggregateRecord) throws -> Void) throws {
        try database.read { db in
            // A database written before the `incomplete` column (migration v2) is read as it is: all complete; one
            // written before the `signature` column (v3): all unsigned.
            let columns = Set(try db.columns(in: "aggregates").map(\.name))
            let incomplete = columns.contains("incomplete") ? "incomplete" : "0"
            let signature = columns.contains("signature") ? "signature" : "NULL"
            let kind = columns.contains("kind") ? "kind" : "''"
            let rows = try Row.fetchCursor(db, sql: """
                SELECT policy, scope, scope_key, window_start, window_end, readings, meters, key_id, ciphertext, decimal_places, exponent,
                       \(incomplete), \(signature), \(kind)
                FROM aggregates ORDER BY policy, scope_key, window_start, \(kind)
                """)
            while let row = try rows.next() {
                try body(AggregateRecord(
                    policy: row[0], scope: row[1], scopeKey: row[2], windowStart: row[3], windowEnd: row[4],
                    readings: row[5], meters: row[6], keyID: row[7], ciphertext: row[8], decimalPlaces: row[9], exponent: row[10],
                    incomplete: row[11], signature: row[12], kind: row[13]))
            }
        }
    }

    private static func describe(_ error: any Error) -> String {
        if let error = error as? DatabaseError { return error.message ?? "\(error.resultCode)" }
        return "\(error)"
    }
}
