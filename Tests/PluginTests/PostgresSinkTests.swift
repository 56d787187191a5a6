import PostgresNIO
import PrivacyRuntime
@testable import PostgresSink
import XCTest

final class PostgresSinkTests: XCTestCase {
    private func row(_ key: String, _ start: Int64, value: Int) -> AggregateRecord {
        AggregateRecord(
            policy: "test", scope: "region", scopeKey: key, windowStart: start, windowEnd: start + 3600,
            readings: value % 7 + 1, meters: 1, keyID: "kid", ciphertext: String(value), decimalPlaces: 3)
    }

    /// Runs `sink` as the runtime does: its writer as a child task while `body` writes and closes it.
    private func running(_ sink: PostgresSink, _ body: () async throws -> Void) async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await sink.run() }
            try await body()
            try await group.waitForAll()
        }
    }

    func testRejectsTableNamesThatAreNotPlainIdentifiers() {
        for name in ["aggregates", "utility.aggregates", "_a1"] {
            XCTAssertTrue(PostgresSinkConfiguration.isValidTableName(name), name)
        }
        for name in ["", "1abc", "a;drop table x", "a.b.c", "a-b", "a b", "a."] {
            XCTAssertFalse(PostgresSinkConfiguration.isValidTableName(name), name)
        }
    }

    func testFirstWriteWinsWithinOneBatch() {
        let rows = [row("a", 0, value: 1), row("b", 0, value: 2), row("a", 0, value: 3)]
        XCTAssertEqual(PostgresAggregateStore.firstWritePerKey(rows).map(\.ciphertext), ["1", "2"])
    }

    func testWritingTheSameWindowTwiceKeepsTheFirstAndAnIncompleteOneNeverReplacesIt() async throws {
        let database = PostgresTestDatabase(services: try TestServices.require())
        let table = "sink_test_insert_once"
        try await database.drop(table)
        let complete = (0..<20).map { row("region-\($0 % 5)", Int64($0 / 5) * 3600, value: $0) }
        var partial = complete.map { row($0.scopeKey, $0.windowStart, value: 1_000 + Int($0.ciphertext)!) }
        for index in partial.indices { partial[index].incomplete = true }
        var added = row("region-0", 100 * 3600, value: 7)
        added.incomplete = true
        let first = try PostgresSink(configuration: database.sinkConfiguration(table: table), policy: "test")
        try await running(first) {
            try await first.enqueue(complete)
            try await first.close()
        }
        // A restarted instance writes the same windows again, partial, and one new one.
        let second = try PostgresSink(configuration: database.sinkConfiguration(table: table), policy: "test")
        try await running(second) {
            try await second.enqueue(partial + [added])
            try await second.close()
        }
        let stored = try await database.rows(table)
        XCTAssertEqual(Set(stored), Set(complete + [added]), "each window stored once; the first row kept")
        XCTAssertEqual(stored.filter(\.incomplete), [added])
    }

    func testFlushReturnsOnceEverythingWrittenIsCommitted() async throws {
        let database = PostgresTestDatabase(services: try TestServices.require())
        let table = "sink_test_flush"
        try await database.drop(table)
        let rows = (0..<1_200).map { row("region-\($0 % 10)", Int64($0 / 10) * 3600, value: $0) }
        let sink = try PostgresSink(configuration: database.sinkConfiguration(table: table, batchSize: 100), policy: "test")
        try await running(sink) {
            try await sink.enqueue(rows)
            try await sink.flush()
            // Before close: what the runtime relies on when it saves its release point after flush.
            XCTAssertEqual(sink.pendingCount, 0)
            let stored = try await database.rows(table)
            XCTAssertEqual(Set(stored), Set(rows))
            try await sink.close()
        }
    }

    func testATableCreatedBeforeTheIncompleteSignatureAndKindColumnsIsMigratedAndStaysReadable() async throws {
        let database = PostgresTestDatabase(services: try TestServices.require())
        let table = "sink_test_old_schema"
        try await database.drop(table)
        try await database.withConnection { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: """
                CREATE TABLE \(table) (
                    policy text NOT NULL, scope text NOT NULL, scope_key text NOT NULL, window_start timestamptz NOT NULL,
                    window_end timestamptz NOT NULL, readings bigint NOT NULL, meters bigint NOT NULL, key_id text NOT NULL,
                    ciphertext text NOT NULL, decimal_places integer NOT NULL, written_at timestamptz NOT NULL DEFAULT now(),
                    PRIMARY KEY (policy, scope_key, window_start))
                """), logger: database.logger)
            _ = try await connection.query(PostgresQuery(unsafeSQL: """
                INSERT INTO \(table) (policy, scope, scope_key, window_start, window_end, readings, meters, key_id, ciphertext, decimal_places)
                VALUES ('test', 'region', 'north', to_timestamp(0), to_timestamp(3600), 2, 1, 'kid', '1', 3)
                """), logger: database.logger)
        }
        let before = try await database.rows(table)
        XCTAssertEqual(before, [row("north", 0, value: 1)], "read before any migration")
        // A signed row keeps its signature (stored as given; decrypt --verify-with checks it); the old row stays unsigned.
        var signed = row("north", 3600, value: 2)
        signed.signature = "c2lnbmVkIGJ5IHRoZSBydW50aW1l"
        let sink = try PostgresSink(configuration: database.sinkConfiguration(table: table), policy: "test")
        try await running(sink) {
            try await sink.enqueue([row("north", 0, value: 9), signed])
            try await sink.close()
        }
        let after = try await database.rows(table)
        XCTAssertEqual(after, [row("north", 0, value: 1), signed])
        XCTAssertEqual(after.map(\.signature), [nil, "c2lnbmVkIGJ5IHRoZSBydW50aW1l"])

        // The key now holds `kind`: a billing period's bill is a row beside the window total, stored once as well.
        var bill = row("north", 0, value: 5)
        bill.kind = "bill:EUR"
        var changedBill = bill
        changedBill.ciphertext = "6"
        let billing = try PostgresSink(configuration: database.sinkConfiguration(table: table), policy: "test")
        try await running(billing) {
            try await billing.enqueue([bill])
            try await billing.enqueue([changedBill])
            try await billing.close()
        }
        let withBill = try await database.rows(table)
        XCTAssertEqual(withBill, [row("north", 0, value: 1), bill, signed])
    }

    func testWritesCreateTheTableAndRewritesDoNotAddRows() async throws {
        let database = PostgresTestDatabase(services: try TestServices.require())
        let table = "sink_test_upsert"
        try await database.drop(table)
        let rows = (0..<1_234).map { row("region-\($0 % 10)", Int64($0 / 10) * 3600, value: $0) }
        let sink = try PostgresSink(configuration: database.sinkConfiguration(table: table, batchSize: 400), policy: "test")
        try await running(sink) {
            try await sink.enqueue(rows)
            try await sink.enqueue(Array(rows.prefix(100)))  // the same windows again, as after a lost acknowledgement
            try await sink.close()
        }
        let stored = try await database.rows(table)
        XCTAssertEqual(stored.count, rows.count)
        XCTAssertEqual(Set(stored.map(\.ciphertext)), Set(rows.map(\.ciphertext)))
        XCTAssertEqual(stored.map(\.readings).reduce(0, +), rows.map(\.readings).reduce(0, +))
    }

    func testDatabaseStoppedMidRunLosesAndDoublesNothing() async throws {
        let services = try TestServices.require()
        let database = PostgresTestDatabase(services: services)
        let table = "sink_test_outage"
        try await database.drop(table)
        let rows = (0..<600).map { row("meter-\($0 % 30)", Int64($0 / 30) * 3600, value: $0) }
        // A buffer smaller than the outage's writes: the writer must hold back callers, not drop rows.
        let sink = try PostgresSink(configuration: database.sinkConfiguration(table: table, bufferCapacity: 150, batchSize: 50), policy: "test")
        try await running(sink) {
            try await sink.enqueue(Array(rows[0..<200]))
            try services.control("pg-stop")
            try await withThrowingTaskGroup(of: Void.self) { outage in
                outage.addTask {
                    try await Task.sleep(for: .seconds(2))
                    try services.control("pg-start")
                }
                for start in stride(from: 200, to: 600, by: 50) {
                    try await sink.enqueue(Array(rows[start..<start + 50]))
                    XCTAssertLessThanOrEqual(sink.pendingCount, 150, "buffer is bounded")
                }
                try await outage.waitForAll()
            }
            try await sink.close()
        }
        let stored = try await database.rows(table)
        XCTAssertEqual(stored.count, rows.count, "every window stored once")
        XCTAssertEqual(stored.map(\.ciphertext).sorted(), rows.map(\.ciphertext).sorted())
    }

    func testRetentionDeletesWindowsThatEndedBeforeTheCutoff() async throws {
        let database = PostgresTestDatabase(services: try TestServices.require())
        let table = "sink_test_retention"
        try await database.drop(table)
        var rows = (0..<48).map { row("north", Int64($0) * 3600, value: $0) }
        rows.append(AggregateRecord(
            policy: "other", scope: "region", scopeKey: "north", windowStart: 0, windowEnd: 3600,
            readings: 1, meters: 1, keyID: "kid", ciphertext: "1", decimalPlaces: 3))
        let sink = try PostgresSink(configuration: database.sinkConfiguration(table: table), policy: "test")
        try await running(sink) {
            try await sink.enqueue(rows)
            try await sink.close()
        }
        let cutoff: Int64 = 10 * 3600
        let expired = { (row: AggregateRecord) in row.policy == "test" && row.windowEnd <= cutoff }
        let deleted = try await sink.deleteAggregates(olderThan: cutoff)
        XCTAssertEqual(deleted, rows.filter(expired).count)
        let remaining = try await database.rows(table)
        XCTAssertEqual(Set(remaining), Set(rows.filter { !expired($0) }), "other policies' windows are kept")
    }

    func testBadCredentialsStopTheSinkWithAReadableError() async throws {
        let database = PostgresTestDatabase(services: try TestServices.require())
        var configuration = database.sinkConfiguration(table: "sink_test_auth")
        configuration.password = "wrong"
        let sink = try PostgresSink(configuration: configuration, policy: "test")
        do {
            try await running(sink) {
                try await sink.enqueue([row("north", 0, value: 1)])
                try await sink.close()
            }
            XCTFail("the writer should report the authentication failure")
        } catch let error as PostgresSinkError {
            XCTAssertTrue(error.description.contains("28P01"), error.description)
        }
    }

    func testTLSRequireEncryptsAndVerifyFullRefusesAnUntrustedCertificate() async throws {
        let database = PostgresTestDatabase(services: try TestServices.require())
        let table = "sink_test_tls"
        try await database.drop(table)
        var configuration = database.sinkConfiguration(table: table)
        configuration.tls = .require
        let sink = try PostgresSink(configuration: configuration, policy: "test")
        try await running(sink) {
            try await sink.enqueue([row("north", 0, value: 1)])
            try await sink.close()
        }
        let stored = try await database.rows(table)
        XCTAssertEqual(stored.map(\.ciphertext), ["1"])

        // The test server's certificate is self-signed: verify-full must stop with an error, not retry forever.
        configuration.tls = .verifyFull
        let verifying = try PostgresSink(configuration: configuration, policy: "test")
        do {
            try await running(verifying) {
                try await verifying.enqueue([row("north", 3600, value: 2)])
                try await verifying.close()
            }
            XCTFail("verify-full accepted a self-signed certificate")
        } catch let error as PostgresSinkError {
            XCTAssertTrue(error.description.contains("handshake") || error.description.contains("certificate"), error.description)
        }
    }
}
