import Logging
import PostgresNIO
import PrivacyRuntime
@testable import PostgresSink
import XCTest

/// The PostgreSQL sink's fence: a write whose fencing token is lower than the partition's stored one is refused in
/// the transaction of its insert, and nothing of it is stored.
final class PostgresFencingTests: XCTestCase {
    private func row(_ key: String, _ start: Int64, value: Int) -> AggregateRecord {
        AggregateRecord(
            policy: "fenced", scope: "region", scopeKey: key, windowStart: start, windowEnd: start + 3600,
            readings: 1, meters: 1, keyID: "kid", ciphertext: String(value), decimalPlaces: 3)
    }

    private func token(_ revision: UInt64, partition: Int = 1) -> FencingToken {
        FencingToken(scope: "fence_test", partition: partition, revision: revision)
    }

    private func fenceTokens(_ table: String, _ database: PostgresTestDatabase) async throws -> [(Int64, Int64?)] {
        try await database.withConnection { connection in
            let rows = try await connection.query(
                PostgresQuery(unsafeSQL: "SELECT window_start_epoch, fence_token FROM (SELECT extract(epoch FROM window_start)::bigint AS window_start_epoch, fence_token FROM \(table)) t ORDER BY 1"),
                logger: database.logger)
            var result: [(Int64, Int64?)] = []
            for try await (start, token) in rows.decode((Int64, Int64?).self) { result.append((start, token)) }
            return result
        }
    }

    func testLowerTokenIsRefusedInTheTransactionOfTheInsert() async throws {
        let database = PostgresTestDatabase(services: try TestServices.require())
        let table = "fence_test_store"
        try await database.drop(table)
        try await database.drop(table + "_fence")
        let store = PostgresAggregateStore(table: table, logger: database.logger)
        try await database.withConnection { connection in
            try await store.createTable(on: connection)
            try await store.insert([row("north", 0, value: 1)], fencedBy: token(5), on: connection)
            // A new holder raises the fence before its first write.
            try await store.advanceFence(to: token(9), on: connection)
            do {
                try await store.insert([row("north", 3600, value: 2), row("north", 7200, value: 3)], fencedBy: token(5), on: connection)
                XCTFail("a lower token was accepted")
            } catch {
                let refusal = try XCTUnwrap(PostgresSinkError.fencing(in: error), "\(error)")
                XCTAssertTrue(refusal.description.contains("holds token 9"), refusal.description)
            }
            // Another partition's fence is its own.
            try await store.insert([row("south", 0, value: 4)], fencedBy: token(2, partition: 2), on: connection)
            try await store.insert([row("north", 3600, value: 5)], fencedBy: token(9), on: connection)
            do {
                try await store.advanceFence(to: token(8), on: connection)
                XCTFail("the fence went down")
            } catch {
                XCTAssertNotNil(PostgresSinkError.fencing(in: error), "\(error)")
            }
        }
        let stored = try await database.rows(table)
        XCTAssertEqual(Set(stored.map(\.ciphertext)), ["1", "4", "5"], "nothing of the refused transaction is stored")
        let tokens = try await fenceTokens(table, database)
        XCTAssertEqual(tokens.map(\.1), [5, 2, 9], "each row records the token it was written under")
    }

    func testSinkWhoseTokenWasOvertakenWritesNothingAndSurrendersItsClaim() async throws {
        let database = PostgresTestDatabase(services: try TestServices.require())
        let table = "fence_test_sink"
        try await database.drop(table)
        try await database.drop(table + "_fence")
        let newer = PartitionLease(token: token(20), claimedAt: .now, validity: .seconds(60))
        let older = PartitionLease(token: token(10), claimedAt: .now, validity: .seconds(60))
        let current = try PostgresSink(configuration: database.sinkConfiguration(table: table), policy: "fenced", lease: newer)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await current.run() }
            try await current.enqueue([row("north", 0, value: 1)])
            try await current.flush()
            try await current.close()
            try await group.waitForAll()
        }
        let stale = try PostgresSink(configuration: database.sinkConfiguration(table: table), policy: "fenced", lease: older)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await stale.run() }
                try await stale.enqueue([row("north", 3600, value: 2)])
                try await stale.flush()
                try await stale.close()
                try await group.waitForAll()
            }
            XCTFail("the stale holder wrote")
        } catch let error as PostgresSinkError {
            XCTAssertEqual(error.code, .fenced, error.description)
        }
        XCTAssertFalse(older.isValid, "the claim was given up")
        XCTAssertEqual(older.lostReason, "the database refused the token")
        let stored = try await database.rows(table)
        XCTAssertEqual(stored.map(\.ciphertext), ["1"])
    }

    func testSinkWithAnExpiredClaimWritesNothing() async throws {
        let database = PostgresTestDatabase(services: try TestServices.require())
        let table = "fence_test_expired"
        try await database.drop(table)
        try await database.drop(table + "_fence")
        let lease = PartitionLease(token: token(3), claimedAt: .now, validity: .milliseconds(500))
        let sink = try PostgresSink(configuration: database.sinkConfiguration(table: table), policy: "fenced", lease: lease)
        do {
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask { try await sink.run() }
                try await sink.enqueue([row("north", 0, value: 1)])
                try await sink.flush()
                try await Task.sleep(for: .milliseconds(700))
                try await sink.enqueue([row("north", 3600, value: 2)])
                try await sink.flush()
                try await sink.close()
                try await group.waitForAll()
            }
            XCTFail("wrote after the claim expired")
        } catch let error as PostgresSinkError {
            XCTAssertEqual(error.code, .fenced, error.description)
            XCTAssertTrue(error.description.contains("not renewed"), error.description)
        }
        let stored = try await database.rows(table)
        XCTAssertEqual(stored.map(\.ciphertext), ["1"])
    }
}
