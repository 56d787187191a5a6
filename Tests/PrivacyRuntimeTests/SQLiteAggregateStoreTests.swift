import Foundation
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
        try await store.upsert([record("m1", 0), record("m2", 0)], writtenAt: 1)
        try await store.upsert([record("m1", 0)], writtenAt: 2)
        let rows = try all(store)
        XCTAssertEqual(rows, [record("m1", 0), record("m2", 0)])
    }

    func testReopeningMigratesOnceAndKeepsRows() async throws {
        try await SQLiteAggregateStore(path: url.path).upsert([record("m1", 0, ciphertext: "5")], writtenAt: 1)
        let reopened = try SQLiteAggregateStore(path: url.path)
        try await reopened.upsert([record("m1", 0, ciphertext: "6")], writtenAt: 2)
        XCTAssertEqual(try all(reopened).map(\.ciphertext), ["6"])
        XCTAssertEqual(try all(SQLiteAggregateStore(readingAt: url.path)).count, 1)
    }

    func testDeleteOlderThanRemovesOnlyExpiredWindowsOfThePolicy() async throws {
        let store = try SQLiteAggregateStore(path: url.path)
        var other = record("m1", 0)
        other.policy = "q"
        try await store.upsert([record("m1", 0), record("m1", 3600), record("m1", 7200), other], writtenAt: 1)
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
