import Foundation
import Logging
import PostgresNIO
import PrivacyRuntime

/// Reads the `postgres` sink's table back for the key holder's
/// `decrypt --input postgres://USER@HOST[:PORT]/DATABASE[?table=NAME&tls=MODE]`; the password comes
/// from the URL or, better, from `$PGPASSWORD`.
public struct PostgresAggregateReader: AggregateReader {
    private let configuration: PostgresSinkConfiguration

    /// Parses `url`; throws a readable error for anything that is not a usable PostgreSQL URL.
    public init(url: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws {
        let usage = "expected postgres://USER@HOST[:PORT]/DATABASE[?table=NAME&tls=disable|require|verify-full]"
        guard let components = URLComponents(string: url), ["postgres", "postgresql"].contains(components.scheme),
              let host = components.host, !host.isEmpty, let user = components.user, !user.isEmpty
        else { throw PostgresSinkError.invalidConfiguration("postgres input '\(Self.redacted(url))': \(usage)") }
        let database = String(components.path.drop(while: { $0 == "/" }))
        guard !database.isEmpty else { throw PostgresSinkError.invalidConfiguration("postgres input '\(Self.redacted(url))' names no database; \(usage)") }
        var table = "window_aggregates"
        var tls = PostgresTLSMode.disable
        for item in components.queryItems ?? [] {
            switch (item.name, item.value) {
            case ("table", let value?) where PostgresSinkConfiguration.isValidTableName(value):
                table = value
            case ("tls", let value?) where PostgresTLSMode(rawValue: value) != nil:
                tls = PostgresTLSMode(rawValue: value)!
            default:
                throw PostgresSinkError.invalidConfiguration("postgres input: bad parameter '\(item.name)'; \(usage)")
            }
        }
        configuration = PostgresSinkConfiguration(
            host: host, port: components.port ?? 5432, database: database, user: user,
            password: components.password ?? environment["PGPASSWORD"], tls: tls, table: table)
    }

    /// Calls `body` with every stored aggregate, ordered by policy, scope key and window start.
    public func forEach(_ body: (AggregateRecord) throws -> Void) throws {
        let configuration = self.configuration
        let result = BlockingResult<[AggregateRecord]>()
        Task.detached {
            do {
                result.set(.success(try await Self.fetchAll(configuration)))
            } catch {
                result.set(.failure(error))
            }
        }
        for record in try result.wait().get() {
            try body(record)
        }
    }

    /// Every row of `configuration.table`, ordered by policy, scope key and window start.
    static func fetchAll(_ configuration: PostgresSinkConfiguration) async throws -> [AggregateRecord] {
        let logger = Logger(label: "privacy-runtime.postgres-reader")
        let connection: PostgresConnection
        do {
            connection = try await PostgresConnection.connect(
                configuration: try configuration.connectionConfiguration(), id: 1, logger: logger)
        } catch {
            throw PostgresSinkError.refused("postgres input \(configuration.host):\(configuration.port): \(PostgresSinkError.summary(of: error))")
        }
        do {
            let rows = try await connection.query(PostgresQuery(unsafeSQL: """
                SELECT policy, scope, scope_key, extract(epoch FROM window_start)::bigint,
                       extract(epoch FROM window_end)::bigint, readings, meters, key_id, ciphertext, decimal_places,
                       coalesce((to_jsonb(t) ->> 'incomplete')::boolean, false), to_jsonb(t) ->> 'signature',
                       coalesce(to_jsonb(t) ->> 'kind', '')
                FROM \(configuration.table) AS t ORDER BY policy, scope_key, window_start, 13
                """), logger: logger)
            // `to_jsonb(t)` reads `incomplete`, `signature` and `kind` from a table created before those columns too (as
            // complete and unsigned).
            var records: [AggregateRecord] = []
            for try await (policy, scope, key, start, end, readings, meters, keyID, ciphertext, places, incomplete, signature, kind)
                in rows.decode((String, String, String, Int64, Int64, Int64, Int64, String, String, Int32, Bool, String?, String).self) {
                records.append(AggregateRecord(
                    policy: policy, scope: scope, scopeKey: key, windowStart: start, windowEnd: end,
                    readings: Int(readings), meters: Int(meters), keyID: keyID, ciphertext: ciphertext,
                    decimalPlaces: Int(places), incomplete: incomplete, signature: signature, kind: kind))
            }
            try? await connection.close()
            return records
        } catch {
            try? await connection.close()
            throw PostgresSinkError.refused("postgres input table \(configuration.table): \(PostgresSinkError.summary(of: error))")
        }
    }

    /// The URL without its password, for messages.
    private static func redacted(_ url: String) -> String {
        guard var components = URLComponents(string: url), components.password != nil else { return url }
        components.password = "***"
        return components.string ?? url
    }
}
