import Foundation
import XCTest

/// `publish --encrypt-with --output` plays a fleet of meters that encrypt their readings; the shipped policies, set to
/// `readings.encoding: encrypted` and a `jsonl` source, run over it with the built CLI, and the aggregates must
/// decrypt to sums computed here from the CSV. `check` must state what the runtime cannot check.
final class MeterEncryptedPublishTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testAFleetEncryptedByPublishRunsAndDecryptsToTheSumsOfItsCSV() throws {
        let csv = try workspace.twoHoursOfExampleData()
        let messages = workspace.folder.appendingPathComponent("encrypted.jsonl")
        let publicKey = Workspace.shipped("examples/keys/demo-utility.pub.json").path
        let publish = try CLIProcess.run(["publish", "--input", csv.path, "--encrypt-with", publicKey, "--output", messages.path])
        XCTAssertEqual(publish.exitCode, 0, publish.stderr)
        let readings = try ExpectedAggregates.readings(csv: csv)
        XCTAssertTrue(publish.stderr.contains("published \(readings.count) readings"), publish.stderr)
        let lines = try String(contentsOf: messages, encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(lines.count, readings.count)
        XCTAssertTrue(lines.allSatisfy { $0.contains(#""energy_wh":{"v":""#) && $0.contains(#""e":0,"key_id":""#) }, String(lines[0]))
        let again = try CLIProcess.run(["publish", "--input", csv.path, "--encrypt-with", publicKey, "--output", messages.path])
        XCTAssertNotEqual(again.exitCode, 0, "an existing --output file must not be overwritten")

        let toEncrypted = [
            ("  resolution: 0.001", "  resolution: 0.001\n  encoding: encrypted"),
            ("  type: csv", "  type: jsonl"),
            (Workspace.shipped("examples").path + "/data/readings.csv", messages.path),
            ("type: sqlite", "type: jsonl"),
        ]
        let billing = try workspace.policy("billing.yaml", edits: toEncrypted + [("billing.sqlite", "billing.jsonl")])
        let regional = try workspace.policy("regional-statistics.yaml", edits: toEncrypted + [("regional.sqlite", "regional.jsonl")])
        let check = try CLIProcess.run(["check", regional.path])
        XCTAssertEqual(check.exitCode, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("cannot check the range of a value it cannot see (a range proof would)"), check.stdout)
        let run = try CLIProcess.run(["--policy", billing.path, "--policy", regional.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)

        let expected = [
            "billing.jsonl": ExpectedAggregates.windows(readings, windowSeconds: 7200) { $0.meterID },
            "regional.jsonl": ExpectedAggregates.windows(readings, windowSeconds: 3600) { $0.region },
        ]
        let policies = ["billing.jsonl": "household-billing", "regional.jsonl": "regional-statistics"]
        let key = try workspace.demoPrivateKey()
        for (file, windows) in expected {
            let path = workspace.folder.appendingPathComponent(file).path
            let decrypted = try CLIProcess.run(["decrypt", "--key", key.path, "--input", "jsonl:" + path, "--format", "csv"])
            XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
            XCTAssertEqual(DecryptedOutput.windows(try DecryptedOutput.rows(decrypted.stdout), policy: policies[file]!), windows, file)
        }
    }
}
