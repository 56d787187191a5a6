import Foundation
import XCTest
@testable import Policy

final class StageOptionsTests: XCTestCase {
    /// The first sink of a valid policy whose sink section is `section` (lines from 16 on).
    private func sink(_ section: String, environment: [String: String] = [:]) throws -> StageConfig {
        try loadPolicy(policy(replacing: 16, with: section), environment: environment, catalog: nil).sinks[0]
    }

    func testTypedReadsReturnValues() throws {
        let config = try sink("""
              - type: postgres
                host: db.local
                port: 5433
                tls: true
                timeout: 30s
                path: sub/file.db
                mode: djn
                tables: [a, b]
                params: {sslmode: require}
            """)
        var options = StageOptions(config)
        XCTAssertEqual(options.requiredString("host"), "db.local")
        XCTAssertEqual(options.int("port", default: 5432, range: 1...65535), 5433)
        XCTAssertEqual(options.int("missing", default: 7), 7)
        XCTAssertTrue(options.bool("tls", default: false))
        XCTAssertEqual(options.duration("timeout")?.seconds, 30)
        XCTAssertEqual(options.path("path")?.path, "/tmp/policies/sub/file.db")
        XCTAssertEqual(options.choice("mode", default: TestObfuscation.standard), .djn)
        XCTAssertEqual(options.stringList("tables"), ["a", "b"])
        XCTAssertEqual(options.stringMap("params"), ["sslmode": "require"])
        XCTAssertEqual(options.finish(), [])
    }

    func testBadValuesAreLocatedAndUnreadKeysSuggested() throws {
        let config = try sink("""
              - type: jsonl
                pth: out.jsonl
                port: 70000
                tls: yes
                every: 5
            """)
        var options = StageOptions(config)
        XCTAssertNil(options.requiredPath("path"))
        XCTAssertEqual(options.int("port", default: 1, range: 1...65535), 1)
        XCTAssertFalse(options.bool("tls", default: false))
        XCTAssertNil(options.duration("every"))
        XCTAssertEqual(options.finish().map(\.description), [
            "test.yaml:16:5: error: missing required key 'path' in sink 'jsonl'",
            "test.yaml:18:11: error: 'port' must be between 1 and 65535, found 70000",
            "test.yaml:19:10: error: invalid value 'yes' for 'tls' (expected true or false)",
            "test.yaml:20:12: error: invalid duration '5' for 'every' (a duration needs a unit: an integer and a unit s, m, h or d, e.g. 15m, 2h, 30d)",
            "test.yaml:17:5: error: unknown key 'pth' in sink 'jsonl' (did you mean 'path'?)",
        ])
    }

    func testSecretsFromEnvironmentStayOutOfMessages() throws {
        let config = try sink("""
              - type: postgres
                password: ${PGPASSWORD}
                port: ${PGPORT:-5432}
                user: ${PGUSER:-meter}
            """, environment: ["PGPASSWORD": "s3cret-pw", "PGPORT": "not-a-port"])
        var options = StageOptions(config)
        XCTAssertEqual(options.string("password"), "s3cret-pw")
        XCTAssertEqual(options.string("user"), "meter")
        _ = options.int("port", range: 1...65535)
        options.error("password rejected by server", at: "password")
        let messages = options.finish().map(\.description)
        XCTAssertEqual(messages, [
            "test.yaml:18:11: error: invalid integer '${PGPORT:-5432}' for 'port' (expected a whole number)",
            "test.yaml:17:15: error: password rejected by server",
        ])
        XCTAssertFalse(messages.joined().contains("s3cret-pw"))
        XCTAssertFalse(messages.joined().contains("not-a-port"))
    }

    func testEmptyPathsAreReported() throws {
        let config = try sink("""
              - type: jsonl
                path: "${OUT_DIR}"
                backup: ''
            """, environment: ["OUT_DIR": ""])
        var options = StageOptions(config)
        XCTAssertNil(options.requiredPath("path"))
        XCTAssertNil(options.path("backup"))
        XCTAssertEqual(options.finish().map(\.description), [
            "test.yaml:17:11: error: 'path' is empty",
            "test.yaml:18:13: error: 'backup' is empty",
        ])
    }

    func testFactoryDiagnosticsAppearInLoadErrors() {
        XCTAssertEqual(diagnostics(policy(replacing: 16, with: "  - type: jsonl\n    path: out.jsonl\n    rotate: daily")), [
            "test.yaml:18:5: error: unknown key 'rotate' in sink 'jsonl'",
        ])
    }
}
