import PostgresNIO

/// Everything the PostgreSQL sink needs to reach its database and shape its writes.
///
/// Built from the sink's policy section by the registered factory; tests build it directly.
public struct PostgresSinkConfiguration: Sendable {
    /// Server host name or address.
    public var host: String
    /// Server port.
    public var port: Int
    /// Database name.
    public var database: String
    /// Role to log in as.
    public var user: String
    /// Password, if the server asks for one (the policy layer substitutes `${VAR}` first).
    public var password: String?
    /// Transport security.
    public var tls: PostgresTLSMode
    /// Table the aggregates go to, optionally schema-qualified (`schema.table`).
    public var table: String
    /// Most aggregates written in one transaction.
    public var batchSize: Int
    /// Most aggregates held while the database is unreachable; a full buffer makes `write` wait.
    public var bufferCapacity: Int
    /// First delay before retrying after a failed connection or write.
    public var initialRetryDelay: Duration
    /// Longest delay between retries (the delay doubles up to this).
    public var maximumRetryDelay: Duration
    /// Longest one connect-and-write attempt may take; a stuck attempt is abandoned and retried on a new
    /// connection (safe, since a window already stored is never written again).
    public var attemptTimeout: Duration

    /// Creates a configuration; the defaults suit a local server.
    public init(
        host: String = "127.0.0.1", port: Int = 5432, database: String, user: String,
        password: String? = nil, tls: PostgresTLSMode = .disable, table: String = "window_aggregates",
        batchSize: Int = 500, bufferCapacity: Int = 10_000,
        initialRetryDelay: Duration = .milliseconds(100), maximumRetryDelay: Duration = .seconds(10),
        attemptTimeout: Duration = .seconds(30)
    ) {
        self.host = host
        self.port = port
        self.database = database
        self.user = user
        self.password = password
        self.tls = tls
        self.table = table
        self.batchSize = batchSize
        self.bufferCapacity = bufferCapacity
        self.initialRetryDelay = initialRetryDelay
        self.maximumRetryDelay = maximumRetryDelay
        self.attemptTimeout = attemptTimeout
    }

    /// Whether `name` is a safe table name: one or two dot-separated identifiers of letters, digits
    /// and underscores, not starting with a digit. The name is spliced into SQL, so nothing else is allowed.
    public static func isValidTableName(_ name: String) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard (1...2).contains(parts.count) else { return false }
        return parts.allSatisfy { part in
            guard let first = part.unicodeScalars.first, part.count <= 63 else { return false }
            let isLetter: (Unicode.Scalar) -> Bool = { ("a"..."z").contains($0) || ("A"..."Z").contains($0) || $0 == "_" }
            return isLetter(first) && part.unicodeScalars.allSatisfy { isLetter($0) || ("0"..."9").contains($0) }
        }
    }

    /// The postgres-nio connection settings for this configuration.
    func connectionConfiguration() throws -> PostgresConnection.Configuration {
        let tlsSetting: PostgresConnection.Configuration.TLS
        switch tls {
        case .disable:
            tlsSetting = .disable
        case .require:
            var settings = TLSConfiguration.makeClientConfiguration()
            settings.certificateVerification = .none
            tlsSetting = .require(try NIOSSLContext(configuration: settings))
        case .verifyFull:
            let settings = TLSConfiguration.makeClientConfiguration()
            tlsSetting = .require(try NIOSSLContext(configuration: settings))
        }
        var configuration = PostgresConnection.Configuration(
            host: host, port: port, username: user, password: password, database: database, tls: tlsSetting)
        configuration.options.connectTimeout = .seconds(5)
        return configuration
    }
}
