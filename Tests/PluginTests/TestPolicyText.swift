import Foundation
import PrivacyRuntimeTesting

/// Policy sections the plugin tests share: the test key's encryption, a sum of any group size, and the services'
/// PostgreSQL as sink (password from `${PGPASSWORD}`).
enum TestPolicyText {
    /// The demo runtime key in the repository's examples (copy it and make the copy 0600 before a run uses it).
    static let demoRuntimeKeyURL = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("examples/keys/demo-runtime.runtime-key.json")

    /// `encrypt:` and `aggregate:` (sum, `min_meters: 1`), at the top level.
    static let testKeySum = testKeySum(mode: "per_reading")

    /// `encrypt:` in `mode` (`per_reading` or `per_window`) and `aggregate:` (sum, `min_meters: 1`), at the top level.
    static func testKeySum(mode: String) -> String {
        """
        encrypt:
          type: paillier
          public_key: \(TestKeys.publicKeyURL.path)
          mode: \(mode)
        aggregate:
          type: sum
          min_meters: 1
          allow_small_groups: "test fleet"
        """
    }

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
