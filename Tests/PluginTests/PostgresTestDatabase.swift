import Logging
import PostgresNIO
import PrivacyRuntime
@testable import PostgresSink

/// Direct access to the test database, to check what the sink stored.
struct PostgresTestDatabase {
    let services: TestServices
    let logger = Logger(label: "plugin-tests")

    /// A sink configuration for `table` with quick retries.
    func sinkConfiguration(table: String, bufferCapacity: Int = 10_000, batchSize: Int = 500) -> PostgresSinkConfiguration {
        PostgresSinkConfiguration(
            host: services.pgHost, port: services.pgPort, database: services.pgDatabase, user: services.pgUser,
            password: services.pgPassword, tls: .disable, table: table, batchSize: batchSize,
            bufferCapacity: bufferCapacity, initialRetryDelay: .milliseconds(50), maximumRetryDelay: .milliseconds(500),
            attemptTimeout: .seconds(3))
    }

    /// Runs `body` on a fresh connection.
    func withConnection<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let configuration = PostgresConnection.Configuration(
            host: services.pgHost, port: services.pgPort, username: services.pgUser, password: services.pgPassword,
            database: services.pgDatabase, tls: .disable)
        let connection = try await PostgresConnection.connect(configuration: configuration, id: 99, logger: logger)
        do {
            let result = try await body(connection)
            try await connection.close()
            return result
        } catch {
            try? await connection.close()
            throw error
        }
    }

    /// Drops `table` if it exists.
    func drop(_ table: String) async throws {
        try await withConnection { connection in
            _ = try await connection.query(PostgresQuery(unsafeSQL: "DROP TABLE IF EXISTS \(table)"), logger: logger)
        }
    }

    /// Every stored row of `table`, in key order (read the way `decrypt --input postgres://…` reads it).
    func rows(_ table: String) async throws -> [AggregateRecord] {
        try await PostgresAggregateReader.fetchAll(sinkConfiguration(table: table))
    }
}
