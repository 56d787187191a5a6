@testable import PostgresSink
import PrivacyRuntime
import XCTest

final class PostgresAggregateReaderTests: XCTestCase {
    func testReadsBackWhatTheSinkWroteInKeyOrder() async throws {
        let services = try TestServices.require()
        let database = PostgresTestDatabase(services: services)
        let table = "reader_test"
        try await database.drop(table)
        let records = (0..<30).map {
            AggregateRecord(
                policy: $0 % 2 == 0 ? "billing" : "regional", scope: "region", scopeKey: "r\($0 % 3)",
                windowStart: Int64(29 - $0) * 3600, windowEnd: Int64(30 - $0) * 3600, readings: $0 + 1, meters: 1,
                keyID: "kid", ciphertext: String($0 * 7), decimalPlaces: 3)
        }
        let sink = try PostgresSink(configuration: database.sinkConfiguration(table: table), policy: "billing")
        async let writer: Void = sink.run()
        try await sink.enqueue(records)
        try await sink.close()
        try await writer

        var registry = StageRegistry.builtIn
        PostgresSinkPlugin.register(in: &registry)
        let reader = try registry.aggregateReaders.open(
            "postgres://\(services.pgUser):\(services.pgPassword)@\(services.pgHost):\(services.pgPort)/\(services.pgDatabase)?table=\(table)")
        var read: [AggregateRecord] = []
        try await Task.detached {
            var collected: [AggregateRecord] = []
            try reader.forEach { collected.append($0) }
            return collected
        }.value.forEach { read.append($0) }
        let expected = records.sorted { ($0.policy, $0.scopeKey, $0.windowStart) < ($1.policy, $1.scopeKey, $1.windowStart) }
        XCTAssertEqual(read, expected)
    }

    func testBadURLsAreReadableErrorsWithoutThePassword() {
        for url in ["postgres://host/db", "postgres://u@host", "mysql://u@h/db", "postgres://u:secret@h/db?table=a;b"] {
            XCTAssertThrowsError(try PostgresAggregateReader(url: url)) { error in
                XCTAssertFalse("\(error)".contains("secret"), "\(error)")
                XCTAssertTrue("\(error)".contains("postgres"), "\(error)")
            }
        }
    }
}
