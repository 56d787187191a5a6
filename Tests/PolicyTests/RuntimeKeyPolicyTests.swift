import Foundation
import XCTest
@testable import Policy

/// The top-level `runtime_key:` path: optional, resolved against the policy's directory, located errors for bad values.
final class RuntimeKeyPolicyTests: XCTestCase {
    func testAbsentRuntimeKeyIsNil() throws {
        XCTAssertNil(try loadPolicy(validPolicyLines.joined(separator: "\n")).runtimeKeyPath)
    }

    func testRelativePathResolvesAgainstThePolicyDirectory() throws {
        let relative = try loadPolicy(policy(appending: "runtime_key: ../keys/site.runtime-key.json"))
        XCTAssertEqual(relative.runtimeKeyPath?.path, "/tmp/keys/site.runtime-key.json")
        let absolute = try loadPolicy(policy(appending: "runtime_key: /etc/privacy-runtime/a.runtime-key.json"))
        XCTAssertEqual(absolute.runtimeKeyPath?.path, "/etc/privacy-runtime/a.runtime-key.json")
        let substituted = try loadPolicy(policy(appending: "runtime_key: ${KEYS}/b.runtime-key.json"), environment: ["KEYS": "/srv/keys"])
        XCTAssertEqual(substituted.runtimeKeyPath?.path, "/srv/keys/b.runtime-key.json")
    }

    func testBadValuesAreReportedAtTheirLocation() {
        let line = validPolicyLines.count + 1
        XCTAssertEqual(diagnostics(policy(appending: "runtime_key: [a, b]")), [
            "test.yaml:\(line):14: error: expected a string for 'runtime_key', found a sequence",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "runtime_key: ''")), [
            "test.yaml:\(line):14: error: 'runtime_key' is empty",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "runtime_kye: a.json")), [
            "test.yaml:\(line):1: error: unknown key 'runtime_kye' in policy (did you mean 'runtime_key'?)",
        ])
    }
}
