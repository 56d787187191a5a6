import Foundation
import XCTest

/// The custodians' commands: keygen --threshold deals a 3-of-5 key, a run under its public key stores
/// ordinary aggregates, decrypt-share writes each custodian's partials, and combine decrypts with any 3.
final class ThresholdKeyTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testEveryThreeOfFiveCustodiansDecryptTheExampleRunToTheInputSumsAndWrongPartialsAreNamed() throws {
        let prefix = workspace.folder.appendingPathComponent("utility").path
        let keygen = try CLIProcess.run(["keygen", "--bits", "2048", "--threshold", "3", "--shares", "5", "--out", prefix])
        XCTAssertEqual(keygen.exitCode, 0, keygen.stderr)
        for index in 1...5 {
            let mode = try FileManager.default.attributesOfItem(atPath: "\(prefix).share-\(index).json")[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o600, "share \(index)")
        }

        // The first two hours of the example under the threshold public key (the runtime takes it as an
        // ordinary public key), into SQLite and JSON Lines; the same data under the demo single key.
        let input = try workspace.twoHoursOfExampleData()
        let jsonl = workspace.folder.appendingPathComponent("regional.jsonl").path
        let policy = try workspace.policy("regional-statistics.yaml", edits: [
            (Workspace.shipped("examples/keys/demo-utility.pub.json").path, prefix + ".pub.json"),
            (Workspace.shipped("examples/data/readings.csv").path, input.path),
            ("on_shutdown:", "  - type: jsonl\n    path: \(jsonl)\non_shutdown:"),
        ])
        let run = try CLIProcess.run(["--policy", policy.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        let singleKeyRows = try singleKeyRun(input: input)

        let expected = ExpectedAggregates.windows(
            try ExpectedAggregates.readings(csv: input), windowSeconds: 3600) { $0.region }
        XCTAssertEqual(expected.count, 10)
        XCTAssertEqual(DecryptedOutput.windows(singleKeyRows, policy: "regional-statistics"), expected)

        // Each custodian writes partial decryptions, from either store.
        var partials: [Int: String] = [:]
        for index in 1...5 {
            let stored = index.isMultiple(of: 2) ? "jsonl:\(jsonl)" : "sqlite:\(workspace.folder.path)/regional.sqlite"
            let share = try CLIProcess.run(["decrypt-share", "--share", "\(prefix).share-\(index).json", "--input", stored])
            XCTAssertEqual(share.exitCode, 0, share.stderr)
            XCTAssertEqual(share.stdout.split(separator: "\n").count, 10)
            partials[index] = try workspace.file("partial-\(index).jsonl", share.stdout).path
        }

        // Every 3 of the 5 decrypt to the input's sums, and to what the single-key path prints.
        var subsets = 0
        for a in 1...3 {
            for b in (a + 1)...4 {
                for c in (b + 1)...5 {
                    let combined = try combine(prefix, [partials[a]!, partials[b]!, partials[c]!])
                    XCTAssertEqual(combined.exitCode, 0, combined.stderr)
                    let rows = try DecryptedOutput.rows(combined.stdout)
                    XCTAssertEqual(DecryptedOutput.windows(rows, policy: "regional-statistics"), expected, "custodians \(a), \(b), \(c)")
                    XCTAssertEqual(rows.map(\.total), singleKeyRows.map(\.total))
                    subsets += 1
                }
            }
        }
        XCTAssertEqual(subsets, 10)

        // Two custodians cannot decrypt: combine refuses and prints no aggregate.
        let two = try combine(prefix, [partials[1]!, partials[4]!])
        XCTAssertNotEqual(two.exitCode, 0)
        XCTAssertTrue(two.stderr.contains("needs 3 of 5"), two.stderr)
        XCTAssertEqual(two.stdout, "")

        // Custodian 4 alters a partial, custodian 5 a proof: both are named and left out.
        let tampered4 = try tamper(partials[4]!, field: "partial", as: "partial-4-tampered.jsonl")
        let tampered5 = try tamper(partials[5]!, field: "z", as: "partial-5-tampered.jsonl")
        let refused = try combine(prefix, [partials[1]!, partials[2]!, tampered4])
        XCTAssertNotEqual(refused.exitCode, 0)
        XCTAssertTrue(refused.stderr.contains("custodian 4 (\(tampered4))"), refused.stderr)
        XCTAssertTrue(refused.stderr.contains("left out from custodian 4"), refused.stderr)
        let despite = try combine(prefix, [partials[1]!, tampered4, tampered5, partials[3]!, partials[2]!])
        XCTAssertEqual(despite.exitCode, 0, despite.stderr)
        XCTAssertTrue(despite.stderr.contains("custodian 4 (\(tampered4))"), despite.stderr)
        XCTAssertTrue(despite.stderr.contains("custodian 5 (\(tampered5))"), despite.stderr)
        XCTAssertEqual(DecryptedOutput.windows(try DecryptedOutput.rows(despite.stdout), policy: "regional-statistics"), expected)

        // With the runtime's signing public key, decrypt-share checks every row before making any partial, and combine
        // every aggregate the partials are about: custodians who did not check still cannot pass a changed row on.
        let runtimeSign = Workspace.shipped("examples/keys/demo-runtime.runtime-sign.pub.json").path
        let verifiedShare = try CLIProcess.run([
            "decrypt-share", "--share", "\(prefix).share-1.json", "--input", "jsonl:\(jsonl)", "--verify-with", runtimeSign,
        ])
        XCTAssertEqual(verifiedShare.exitCode, 0, verifiedShare.stderr)
        XCTAssertEqual(verifiedShare.stdout.split(separator: "\n").count, 10)
        let verifiedCombine = try combine(prefix, [partials[1]!, partials[2]!, partials[3]!], verifyWith: runtimeSign)
        XCTAssertEqual(verifiedCombine.exitCode, 0, verifiedCombine.stderr)
        XCTAssertEqual(DecryptedOutput.windows(try DecryptedOutput.rows(verifiedCombine.stdout), policy: "regional-statistics"), expected)
        var storedLines = try String(contentsOfFile: jsonl, encoding: .utf8).split(separator: "\n").map(String.init)
        let first = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(storedLines[0].utf8)) as? [String: Any])
        let readings = try XCTUnwrap(first["readings"] as? Int)
        storedLines[0] = storedLines[0].replacingOccurrences(of: "\"readings\":\(readings),", with: "\"readings\":\(readings + 1),")
        let changedStore = try workspace.file("regional-changed.jsonl", storedLines.joined(separator: "\n") + "\n").path
        let row = "regional-statistics region '\(try XCTUnwrap(first["scope_key"] as? String))' \(try XCTUnwrap(first["window_start"] as? String))"
        let refusedShare = try CLIProcess.run([
            "decrypt-share", "--share", "\(prefix).share-1.json", "--input", "jsonl:\(changedStore)", "--verify-with", runtimeSign,
        ])
        XCTAssertNotEqual(refusedShare.exitCode, 0)
        XCTAssertEqual(refusedShare.stdout, "", "no partial decryption is made")
        XCTAssertEqual(refusedShare.stderr.split(separator: "\n").count, 1, refusedShare.stderr)
        XCTAssertTrue(refusedShare.stderr.contains("refused: the row \(row)"), refusedShare.stderr)
        var unchecked: [String] = []
        for index in 1...3 {
            let share = try CLIProcess.run(["decrypt-share", "--share", "\(prefix).share-\(index).json", "--input", "jsonl:\(changedStore)"])
            XCTAssertEqual(share.exitCode, 0, share.stderr)
            XCTAssertTrue(share.stderr.contains("warning: the rows carry the runtime's signatures but are not verified"), share.stderr)
            unchecked.append(try workspace.file("unchecked-\(index).jsonl", share.stdout).path)
        }
        let passedOn = try combine(prefix, unchecked)
        XCTAssertEqual(passedOn.exitCode, 0, "the partials' proofs hold for the changed row: \(passedOn.stderr)")
        let refusedCombine = try combine(prefix, unchecked, verifyWith: runtimeSign)
        XCTAssertNotEqual(refusedCombine.exitCode, 0)
        XCTAssertEqual(refusedCombine.stdout, "")
        XCTAssertTrue(refusedCombine.stderr.contains("refused: the row \(row)"), refusedCombine.stderr)

        // Shares and partials of another key are refused with a clear error; so is a single key's file.
        let otherPrefix = workspace.folder.appendingPathComponent("other").path
        let otherKeygen = try CLIProcess.run(["keygen", "--bits", "2048", "--threshold", "2", "--shares", "3", "--out", otherPrefix])
        XCTAssertEqual(otherKeygen.exitCode, 0, otherKeygen.stderr)
        let foreignShare = try CLIProcess.run([
            "decrypt-share", "--share", "\(otherPrefix).share-1.json", "--input", "sqlite:\(workspace.folder.path)/regional.sqlite",
        ])
        XCTAssertNotEqual(foreignShare.exitCode, 0)
        XCTAssertTrue(foreignShare.stderr.contains("shares of another key cannot decrypt it"), foreignShare.stderr)
        let foreignKey = try combine(otherPrefix, [partials[1]!, partials[2]!, partials[3]!])
        XCTAssertNotEqual(foreignKey.exitCode, 0)
        XCTAssertTrue(foreignKey.stderr.contains("shares of another key cannot be combined"), foreignKey.stderr)
        let singleKeyShare = try CLIProcess.run([
            "decrypt-share", "--share", try workspace.demoPrivateKey().path, "--input", "sqlite:\(workspace.folder.path)/regional.sqlite",
        ])
        XCTAssertNotEqual(singleKeyShare.exitCode, 0)
        XCTAssertTrue(singleKeyShare.stderr.contains("not a key share"), singleKeyShare.stderr)
        let singleKeyPublic = try combine(Workspace.shipped("examples/keys/demo-utility").path, [partials[1]!])
        XCTAssertNotEqual(singleKeyPublic.exitCode, 0)
        XCTAssertTrue(singleKeyPublic.stderr.contains("not a threshold key"), singleKeyPublic.stderr)
    }

    /// `combine --key PREFIX.pub.json [--verify-with FILE] FILES…` in CSV.
    private func combine(_ prefix: String, _ files: [String], verifyWith: String? = nil) throws -> CLIProcess.Result {
        try CLIProcess.run(["combine", "--key", prefix + ".pub.json", "--format", "csv"]
            + (verifyWith.map { ["--verify-with", $0] } ?? []) + files)
    }

    /// A copy of a partial-decryption file whose first line has `field`'s last digit changed.
    private func tamper(_ path: String, field: String, as name: String) throws -> String {
        var lines = try String(contentsOfFile: path, encoding: .utf8).split(separator: "\n").map(String.init)
        let marker = "\"\(field)\":\""
        let range = try XCTUnwrap(lines[0].range(of: marker))
        let closing = try XCTUnwrap(lines[0][range.upperBound...].firstIndex(of: "\""))
        let lastDigit = lines[0].index(before: closing)
        lines[0].replaceSubrange(lastDigit...lastDigit, with: lines[0][lastDigit] == "1" ? "2" : "1")
        return try workspace.file(name, lines.joined(separator: "\n") + "\n").path
    }

    /// The same input under the demo single key, decrypted with `decrypt`.
    private func singleKeyRun(input: URL) throws -> [DecryptedOutput.Row] {
        let single = try Workspace()
        defer { single.remove() }
        let policy = try single.policy("regional-statistics.yaml", edits: [(Workspace.shipped("examples/data/readings.csv").path, input.path)])
        let run = try CLIProcess.run(["--policy", policy.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        let decrypted = try CLIProcess.run([
            "decrypt", "--key", try single.demoPrivateKey().path, "--input", "sqlite:\(single.folder.path)/regional.sqlite",
        ])
        XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
        return try DecryptedOutput.rows(decrypted.stdout)
    }
}
