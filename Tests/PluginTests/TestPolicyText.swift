import PrivacyRuntimeTesting

/// Policy sections the plugin tests share: the test key's encryption, a sum of any group size, and the services'
/// PostgreSQL as sink (password from `${PGPASSWORD}`).
enum TestPolicyText {
    /// `encrypt:` and `aggregate:` (sum, `min_meters: 1`), at the top level.
    static let testKeySum = """
        encrypt:
          type: paillier
          public_key: \(TestKeys.publicKeyURL.path)
        aggregate:
          type: sum
          min_meters: 1
          allow_small_groups: "test fleet"
        """

    /// `sinks:` with one `postgres` sink writing to `table` of the services' database.
    static func postgresSinks(table: String, services: TestServices) -> String {
        """
        sinks:
          - type: postgres
            host: \(services.pgHost)
            port: \(services.pgPort)
            database: \(services.pgDatabase)
            user: \(services.pgUser)
            password: ${PGPASSWORD}
            table: \(table)
        """
    }
}
