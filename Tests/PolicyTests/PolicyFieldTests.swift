import Foundation
import XCTest
@testable import Policy

/// Optional top-level fields and `${VAR}` substitution.
final class PolicyFieldTests: XCTestCase {
    func testOptionalFieldsAreRead() throws {
        var lines = validPolicyLines
        lines[13] = "  aggregates: 30d\n  rejected: 3d"
        lines += ["description: Billing", "timezone: Europe/Berlin", "purge:", "  type: zeroize",
                  "rejects: ../rejects/billing.jsonl", "on_shutdown:", "  open_windows: release"]
        let loaded = try loadPolicy(lines.joined(separator: "\n"))
        XCTAssertEqual(loaded.description, "Billing")
        XCTAssertEqual(loaded.timeZone?.identifier, "Europe/Berlin")
        XCTAssertEqual(loaded.rejectsPath?.path, "/tmp/rejects/billing.jsonl")
        XCTAssertEqual(loaded.onShutdown, .release)
        XCTAssertEqual(loaded.retention.rejected.seconds, 3 * 86400)
    }

    func testSubstitutionUsesEnvironmentThenDefault() throws {
        let fromEnvironment = try loadPolicy(policy(replacing: 1, with: "policy: ${NAME:-fallback}"), environment: ["NAME": "env-name"])
        XCTAssertEqual(fromEnvironment.name, "env-name")
        let fromDefault = try loadPolicy(policy(replacing: 1, with: "policy: ${NAME:-fallback}"))
        XCTAssertEqual(fromDefault.name, "fallback")
        let escaped = try loadPolicy(policy(replacing: 1, with: "description: costs $$5 and $${HOME}\npolicy: p"))
        XCTAssertEqual(escaped.description, "costs $$5 and ${HOME}")
    }

    func testMalformedReferences() {
        XCTAssertEqual(diagnostics(policy(replacing: 1, with: "policy: ${NAME")), [
            "test.yaml:1:9: error: unterminated '${' in value (write '$${' for a literal '${')",
        ])
        XCTAssertEqual(diagnostics(policy(replacing: 1, with: "policy: ${1X}")), [
            "test.yaml:1:9: error: invalid variable reference '${1X}' (expected ${NAME} or ${NAME:-default})",
        ])
    }

    func testPolicyNameIsAnIdentifier() {
        XCTAssertEqual(diagnostics(policy(replacing: 1, with: "policy: my policy")), [
            "test.yaml:1:9: error: invalid policy name 'my policy' (use up to 64 letters, digits, '.', '_' and '-', starting with a letter or digit)",
        ])
    }

    func testDurationParsing() {
        XCTAssertEqual(PolicyDuration("15m")?.seconds, 900)
        XCTAssertEqual(PolicyDuration("2h")?.seconds, 7200)
        XCTAssertEqual(PolicyDuration("30d")?.seconds, 30 * 86400)
        XCTAssertEqual(PolicyDuration("45s")?.seconds, 45)
        for bad in ["", "h", "2", "1.5h", "-1h", "2H", "1M", "1y", "2 h", "1w", "+1h", "9999999999999d"] {
            XCTAssertNil(PolicyDuration(bad), bad)
        }
        XCTAssertEqual(PolicyDuration(seconds: 7200).text, "2h")
        XCTAssertEqual(PolicyDuration(seconds: 90).text, "90s")
    }

    func testSuggestionsUseEditDistance() {
        XCTAssertEqual(KeySuggestion.editDistance("windw", "window"), 1)
        XCTAssertEqual(KeySuggestion.editDistance("widnow", "window"), 1)
        XCTAssertEqual(KeySuggestion.editDistance("kitten", "sitting"), 3)
        XCTAssertEqual(KeySuggestion.closest(to: "retension", in: ["retention", "rejects"]), "retention")
        XCTAssertNil(KeySuggestion.closest(to: "colour", in: ["scope", "window"]))
    }
}
