import Foundation
import RuntimeKeys
import XCTest

/// `privacy-runtime runtime-keygen`: the runtime operator's key files, their modes, no overwrite, and
/// `check` reporting (or refusing) the key a policy names.
final class RuntimeKeygenTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    private func mode(_ path: String) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
    }

    func testWritesA0600SecretAndAPublicHalfThatMatchesIt() throws {
        let prefix = workspace.folder.appendingPathComponent("site").path
        let keygen = try CLIProcess.run(["runtime-keygen", "--out", prefix, "--label", "site A"])
        XCTAssertEqual(keygen.exitCode, 0, keygen.stderr)
        XCTAssertEqual(try mode(prefix + ".runtime-key.json"), 0o600)
        XCTAssertEqual(try mode(prefix + ".runtime-sign.pub.json"), 0o644)

        let key = try RuntimeKey.load(contentsOf: URL(fileURLWithPath: prefix + ".runtime-key.json"))
        let exported = try RuntimeSigningPublicKey.load(contentsOf: URL(fileURLWithPath: prefix + ".runtime-sign.pub.json"))
        XCTAssertEqual(key.label, "site A")
        XCTAssertEqual(exported, key.signingPublicKey)
        XCTAssertTrue(keygen.stdout.contains("runtime key id: \(key.keyID)"), keygen.stdout)
        let message = Data("aggregate".utf8)
        XCTAssertTrue(exported.verify(signature: try key.sign(message), for: message))
    }

    func testRefusesToOverwriteEitherFile() throws {
        let prefix = workspace.folder.appendingPathComponent("site").path
        XCTAssertEqual(try CLIProcess.run(["runtime-keygen", "--out", prefix]).exitCode, 0)
        let secret = try Data(contentsOf: URL(fileURLWithPath: prefix + ".runtime-key.json"))
        let again = try CLIProcess.run(["runtime-keygen", "--out", prefix])
        XCTAssertEqual(again.exitCode, 1)
        XCTAssertTrue(again.stderr.contains("privacy-runtime: error: \(prefix).runtime-key.json exists"), again.stderr)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: prefix + ".runtime-key.json")), secret)

        // Only the public half left behind: still refused, and nothing is written.
        let other = workspace.folder.appendingPathComponent("other").path
        try Data("{}".utf8).write(to: URL(fileURLWithPath: other + ".runtime-sign.pub.json"))
        let partial = try CLIProcess.run(["runtime-keygen", "--out", other])
        XCTAssertEqual(partial.exitCode, 1)
        XCTAssertTrue(partial.stderr.contains("\(other).runtime-sign.pub.json exists"), partial.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: other + ".runtime-key.json"))
    }

    func testCheckNamesTheRuntimeKeyAndRefusesAPaillierPrivateKeyInItsPlace() throws {
        let prefix = workspace.folder.appendingPathComponent("site").path
        XCTAssertEqual(try CLIProcess.run(["runtime-keygen", "--out", prefix, "--label", "site A"]).exitCode, 0)
        let keyID = try RuntimeKey.load(contentsOf: URL(fileURLWithPath: prefix + ".runtime-key.json")).keyID
        let withKey = try workspace.policy("billing.yaml", edits: [
            (Workspace.shipped("examples/keys/demo-runtime.runtime-key.json").path, prefix + ".runtime-key.json"),
        ])
        let check = try CLIProcess.run(["check", withKey.path])
        XCTAssertEqual(check.exitCode, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("Runtime key (the runtime operator's; the key holder never has it): \(prefix).runtime-key.json, key \(keyID) 'site A'"), check.stdout)
        XCTAssertTrue(check.stdout.contains("Integrity: every released aggregate is signed with the runtime key's Ed25519 half (key \(keyID) 'site A')"), check.stdout)
        let withoutKey = try workspace.policy("regional-statistics.yaml", edits: [
            ("runtime_key: \(Workspace.shipped("examples/keys/demo-runtime.runtime-key.json").path)", ""),
        ])
        let unsigned = try CLIProcess.run(["check", withoutKey.path])
        XCTAssertEqual(unsigned.exitCode, 0, unsigned.stderr)
        XCTAssertTrue(unsigned.stdout.contains("Integrity: aggregates are not signed (no runtime_key:)"), unsigned.stdout)

        let paillier = try workspace.demoPrivateKey()
        let wrong = try workspace.policy("regional-statistics.yaml", edits: [
            (Workspace.shipped("examples/keys/demo-runtime.runtime-key.json").path, paillier.path),
        ])
        let refused = try CLIProcess.run(["check", wrong.path])
        XCTAssertEqual(refused.exitCode, 1)
        XCTAssertTrue(refused.stderr.contains("\(wrong.path): error: runtime_key: \(paillier.path) is a Paillier private key"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("\(wrong.path): invalid"), refused.stderr)
    }
}
