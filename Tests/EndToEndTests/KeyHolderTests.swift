import Foundation
import XCTest

/// The key holder's commands: keygen writes python-paillier key files with safe modes; decrypt reads
/// what a run wrote under that key, from SQLite and from JSON Lines.
final class KeyHolderTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testKeygenWritesA0600PrivateKeyAndARunUnderItDecryptsToTheInputSums() throws {
        let prefix = workspace.folder.appendingPathComponent("utility").path
        let keygen = try CLIProcess.run(["keygen", "--bits", "2048", "--out", prefix])
        XCTAssertEqual(keygen.exitCode, 0, keygen.stderr)
        let mode = try FileManager.default.attributesOfItem(atPath: prefix + ".key.json")[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)

        // A second keygen must not overwrite the key holder's key.
        let again = try CLIProcess.run(["keygen", "--bits", "2048", "--out", prefix])
        XCTAssertNotEqual(again.exitCode, 0)
        XCTAssertTrue(again.stderr.contains("--force"), again.stderr)

        // The first two hours of the example, under the new key, into SQLite and JSON Lines.
        let input = try workspace.twoHoursOfExampleData()
        let policy = try workspace.policy("billing.yaml", edits: [
            (Workspace.shipped("examples/keys/demo-utility.pub.json").path, prefix + ".pub.json"),
            (Workspace.shipped("examples/data/readings.csv").path, input.path),
            ("/billing.sqlite\n", "/billing.sqlite\n  - type: jsonl\n    path: \(workspace.folder.path)/billing.jsonl\n"),
        ])
        let run = try CLIProcess.run(["--policy", policy.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)

        let expected = ExpectedAggregates.windows(
            try ExpectedAggregates.readings(csv: input), windowSeconds: 7200) { $0.meterID }
        XCTAssertEqual(expected.count, 50)
        for stored in ["sqlite:\(workspace.folder.path)/billing.sqlite", "jsonl:\(workspace.folder.path)/billing.jsonl"] {
            let decrypted = try CLIProcess.run(["decrypt", "--key", prefix + ".key.json", "--input", stored])
            XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
            XCTAssertEqual(DecryptedOutput.windows(try DecryptedOutput.rows(decrypted.stdout), policy: "household-billing"), expected, stored)
        }

        // The demo key cannot decrypt aggregates made under the new key.
        let wrongKey = try CLIProcess.run([
            "decrypt", "--key", try workspace.demoPrivateKey().path, "--input", "sqlite:\(workspace.folder.path)/billing.sqlite",
        ])
        XCTAssertNotEqual(wrongKey.exitCode, 0)
        XCTAssertTrue(wrongKey.stderr.contains("not this key"), wrongKey.stderr)
    }

    func testDecryptRefusesAPrivateKeyReadableByOthers() throws {
        let key = try workspace.demoPrivateKey()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: key.path)
        let run = try CLIProcess.run(["decrypt", "--key", key.path, "--input", "sqlite:\(workspace.folder.path)/none.sqlite"])
        XCTAssertNotEqual(run.exitCode, 0)
        XCTAssertTrue(run.stderr.contains("chmod 600"), run.stderr)
    }
}
