import Foundation
import GRDB
import XCTest
@testable import PrivacyRuntime
@testable import SQLiteSink

final class SQLiteAggregateStoreTests: XCTestCase {
    private var url: URL!

    override func setUp() {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("store-\(UUID()).sqlite")
    }

    override func tearDown() {
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: url.path + suffix) }
    }

    private func record(_ key: String, _ start: Int64, ciphertext: String = "123") -> AggregateRecord {
        AggregateRecord(policy: "p", scope: "household", scopeKey: key, windowStart: start, windowEnd: start + 3600,
                        readings: 12, meters: 1, keyID: "k", ciphertext: ciphertext, decimalPlaces: 3)
    }

    private func all(_ store: SQLiteAggregateStore) throws -> [AggregateRecord] {
        var records: [AggregateRecord] = []
        try store.forEach { records.append($0) }
        return records
    }

    func testWritingTheSameAggregateTwiceKeepsOneRow() async throws {
        let store = try SQLiteAggregateStore(path: url.path)
        let added = try await store.insert([record("m1", 0), record("m2", 0)], writtenAt: 1)
        let again = try await store.insert([record("m1", 0)], writtenAt: 2)
        XCTAssertEqual([added, again], [2, 0])
        let rows = try all(store)
        XCTAssertEqual(rows, [record("m1", 0), record("m2", 0)])
    }

    func testWritingTheSameWindowTwiceKeepsTheFirstAndAnIncompleteOneNeverReplacesIt() async throws {
        try await SQLiteAggregateStore(path: url.path).insert([record("m1", 0, ciphertext: "5")], writtenAt: 1)
        let reopened = try SQLiteAggregateStore(path: url.path)
        var partial = record("m1", 0, ciphertext: "6")
        partial.readings = 3
        partial.incomplete = true
        var later = record("m1", 3600, ciphertext: "7")
        later.incomplete = true
        let added = try await reopened.insert([partial, later], writtenAt: 2)
        XCTAssertEqual(added, 1, "only the new window is added")
        XCTAssertEqual(try all(reopened), [record("m1", 0, ciphertext: "5"), later])
        XCTAssertEqual(try all(SQLiteAggregateStore(readingAt: url.path)).map(\.incomplete), [false, true])
    }

    func testADatabaseWrittenBeforeTheIncompleteAndKindColumnsStaysReadableAndIsMigrated() async throws {
        let old = try DatabaseQueue(path: url.path)
        try await old.write { db in
            try db.execute(sql: """
                CREATE TABLE grdb_migrations (identifier TEXT NOT NULL PRIMARY KEY);
                INSERT INTO grdb_migrations VALUES ('v1: aggregates');
                CREATE TABLE aggregates (
                    policy TEXT NOT NULL, scope TEXT NOT NULL, scope_key TEXT NOT NULL, window_start INTEGER NOT NULL,
                    window_end INTEGER NOT NULL, readings INTEGER NOT NULL, meters INTEGER NOT NULL, key_id TEXT NOT NULL,
                    ciphertext TEXT NOT NULL, decimal_places INTEGER NOT NULL, exponent INTEGER NOT NULL DEFAULT 0,
                    written_at INTEGER NOT NULL, PRIMARY KEY (policy, scope_key, window_start)) WITHOUT ROWID;
                INSERT INTO aggregates VALUES ('p', 'household', 'm1', 0, 3600, 12, 1, 'k', '123', 3, 0, 1);
                """)
        }
        try old.close()
        XCTAssertEqual(try all(SQLiteAggregateStore(readingAt: url.path)), [record("m1", 0)], "read as it is, without migrating")
        let migrated = try SQLiteAggregateStore(path: url.path)
        try await migrated.insert([record("m1", 0, ciphertext: "9"), record("m1", 3600)], writtenAt: 2)
        XCTAssertEqual(try all(migrated), [record("m1", 0), record("m1", 3600)])
        // Migration v4 put `kind` into the key: a billing period's register and bill are rows beside the total, each once.
        var register = record("m1", 0, ciphertext: "10"), bill = record("m1", 0, ciphertext: "11")
        register.kind = "register:peak"
        bill.kind = "bill:EUR"
        var changedBill = bill
        changedBill.ciphertext = "12"
        let added = try await migrated.insert([register, bill, changedBill], writtenAt: 3)
        XCTAssertEqual(added, 2)
        XCTAssertEqual(try all(migrated), [record("m1", 0), bill, register, record("m1", 3600)])
    }

    func testDeleteOlderThanRemovesOnlyExpiredWindowsOfThePolicy() async throws {
        let store = try SQLiteAggregateStore(path: url.path)
        var other = record("m1", 0)
        other.policy = "q"
        try await store.insert([record("m1", 0), record("m1", 3600), record("m1", 7200), other], writtenAt: 1)
        let deleted = try await store.deleteAggregates(policy: "p", endingAtOrBefore: 7200)
        XCTAssertEqual(deleted, 2)
        XCTAssertEqual(try all(store).map { "\($0.policy)@\($0.windowStart)" }, ["p@7200", "q@0"])
    }

    func testUnopenableDatabaseIsAReadableError() {
        XCTAssertThrowsError(try SQLiteAggregateStore(path: "/nonexistent-dir/x.sqlite")) {
            XCTAssertTrue("\($0)".hasPrefix("cannot open SQLite database '/nonexistent-dir/x.sqlite': "), "\($0)")
        }
    }
}
