import Foundation
import XCTest
@testable import Policy

/// The top-level `registry:` section: the registry file and the authority's public key, both required, located errors.
final class RegistryPolicyTests: XCTestCase {
    /// An Ed25519 public key in base64url (RFC 8032's first test vector).
    private let key = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"

    func testAbsentRegistryIsNil() throws {
        XCTAssertNil(try loadPolicy(validPolicyLines.joined(separator: "\n")).registry)
    }

    func testPathResolvesAgainstThePolicyDirectoryAndTheKeyIsKept() throws {
        let loaded = try loadPolicy(policy(appending: "registry:", "  path: ../registry/meters.json", "  authority_key: \(key)"))
        XCTAssertEqual(loaded.registry, RegistryReference(path: URL(fileURLWithPath: "/tmp/registry/meters.json"), authorityKey: key))
    }

    func testMissingOrBadFieldsAreReportedAtTheirLocation() {
        let line = validPolicyLines.count + 1
        XCTAssertEqual(diagnostics(policy(appending: "registry:", "  path: r.json")), [
            "test.yaml:\(line + 1):3: error: missing required key 'authority_key' in registry",
        ])
        let shaped = "'registry.authority_key' must be the registry authority's Ed25519 public key: 43 base64url characters, as `privacy-runtime registry keygen` prints"
        for bad in [String(key.dropLast()), key + "A", "+" + key.dropFirst(), String(key.dropLast()) + "p"] {
            XCTAssertEqual(diagnostics(policy(appending: "registry:", "  path: r.json", "  authority_key: '\(bad)'")), [
                "test.yaml:\(line + 2):18: error: \(shaped)",
            ], bad)
        }
        XCTAssertEqual(diagnostics(policy(appending: "registry:", "  path: r.json", "  authority_key: \(key)", "  signed_by: me")), [
            "test.yaml:\(line + 3):3: error: unknown key 'signed_by' in registry",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "registry: r.json")).count, 1)
    }
}
