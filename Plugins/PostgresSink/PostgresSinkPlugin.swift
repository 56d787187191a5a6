import Policy
import PrivacyRuntime

/// Registers the `postgres` sink and the `postgres` aggregate reader
/// (`decrypt --input postgres://USER@HOST[:PORT]/DATABASE[?table=NAME&tls=MODE]`).
///
/// Options: `host` (127.0.0.1), `port` (5432), `database` and `user` (required), `password`
/// (write `${PGPASSWORD}` to take it from the environment), `tls` (`disable` | `require` |
/// `verify-full`, default `disable`; a server other than loopback needs `verify-full` unless `allow_plaintext`
/// names its host), `table` (`window_aggregates`, optionally `schema.table`). In a partitioned run every write is
/// fenced: the fence table `{table}_fence` keeps each partition's highest token, and a lower one is refused.
public enum PostgresSinkPlugin {
    /// Adds the `postgres` sink and aggregate reader to `registry`.
    public static func register(in registry: inout StageRegistry) {
        registry.aggregateReaders.register("postgres") { path in try PostgresAggregateReader(url: "postgres:" + path) }
        registry.register(sink: "postgres") { options in
            let host = options.string("host") ?? "127.0.0.1"
            let port = options.int("port", default: 5432, range: 1...65535)
            let database = options.requiredString("database")
            let user = options.requiredString("user")
            let password = options.string("password")
            let tls = options.choice("tls", default: PostgresTLSMode.disable)
            let table = options.string("table") ?? "window_aggregates"
            if !PostgresSinkConfiguration.isValidTableName(table) {
                options.error(
                    "table must be letters, digits and '_' (not starting with a digit), optionally schema.table", at: "table")
            }
            options.requireVerifiedTLS(host: host, verified: tls == .verifyFull, how: "set tls: verify-full", password: password != nil)
            guard let database, let user else { return nil }
            options.outline.server = "\(host):\(port), database \(database), table \(table)"
            options.outline.checksFencingTokens = true
            options.outline.insertsOnce = true
            let configuration = PostgresSinkConfiguration(
                host: host, port: port, database: database, user: user, password: password, tls: tls, table: table)
            return { context in
                try PostgresSink(configuration: configuration, policy: context.policy.name, lease: context.lease, logger: context.logger)
            }
        }
    }
}
