import Foundation
import XCTest

/// Bad readings are rejected with their line and reason, and never take good data down with them;
/// fatal errors end the run with one readable line.
final class BadInputTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testBadReadingsAreRejectedWithTheirLinesAndGoodOnesStillCount() throws {
        // The fixture has a reading or two per meter: min_coverage 0 releases windows however few intervals they cover.
        let billing = try workspace.policy(
            "billing.yaml", edits: [("data/readings.csv", "data/readings-with-errors.csv"), ("min_coverage: 0.9", "min_coverage: 0")])
        let run = try CLIProcess.run(["--policy", billing.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)

        // The fixture's bad lines, by construction: a duplicate, an unparsable number, a bad
        // timestamp, a missing field, a negative value, too many decimals. Line 10 is a meter three hours
        // ahead of the others; the watermark follows the fleet, so line 11 (00:10) is not late.
        let badLines: Set<Int> = [4, 5, 6, 7, 8, 9]
        let rejects = try rejectedLines()
        XCTAssertEqual(Set(rejects.keys), badLines)
        XCTAssertTrue(rejects[4]?.lowercased().contains("duplicate") ?? false, "\(rejects)")

        let input = Workspace.shipped("examples/data/readings-with-errors.csv")
        let good = try ExpectedAggregates.readings(csv: input, skipping: badLines)
        let expected = ExpectedAggregates.windows(good, windowSeconds: 7200) { $0.meterID }
        let key = try workspace.demoPrivateKey()
        let decrypted = try CLIProcess.run([
            "decrypt", "--key", key.path, "--format", "csv",
            "--input", "sqlite:" + workspace.folder.appendingPathComponent("billing.sqlite").path,
        ])
        XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
        XCTAssertEqual(DecryptedOutput.windows(try DecryptedOutput.rows(decrypted.stdout), policy: "household-billing"), expected)
    }

    func testAPolicyThatNamesAPrivateKeyIsRefused() throws {
        let billing = try workspace.policy(
            "billing.yaml", edits: [("keys/demo-utility.pub.json", "keys/demo-utility.key.json")])
        let run = try CLIProcess.run(["--policy", billing.path, "--quiet"])
        XCTAssertNotEqual(run.exitCode, 0)
        assertOneReadableLine(run.stderr, mentioning: "private")
    }

    func testAnUnwritableSinkIsOneReadableFatalLine() throws {
        let billing = try workspace.policy(
            "billing.yaml", edits: [("path: \(workspace.folder.path)/billing.sqlite", "path: /proc/no-such-dir/billing.sqlite")])
        let run = try CLIProcess.run(["--policy", billing.path, "--quiet"])
        XCTAssertNotEqual(run.exitCode, 0)
        assertOneReadableLine(run.stderr, mentioning: "billing.sqlite")
    }

    func testAMissingPolicyFileIsOneReadableFatalLine() throws {
        let run = try CLIProcess.run(["--policy", workspace.folder.appendingPathComponent("nope.yaml").path])
        XCTAssertNotEqual(run.exitCode, 0)
        assertOneReadableLine(run.stderr, mentioning: "nope.yaml")
    }

    /// The rejects files' entries (one file per day, `household-billing.rejects.DAY.jsonl` next to the
    /// SQLite sink) by source line number, with their reasons.
    private func rejectedLines() throws -> [Int: String] {
        let files = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path)
            .filter { $0.hasPrefix("household-billing.rejects.") && $0.hasSuffix(".jsonl") }
        XCTAssertFalse(files.isEmpty, "no rejects file in \(workspace.folder.path)")
        let text = try files.map { try String(contentsOf: workspace.folder.appendingPathComponent($0), encoding: .utf8) }
        var result: [Int: String] = [:]
        for line in text.joined().split(separator: "\n") {
            let object = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any])
            let number = try XCTUnwrap(object["line"] as? Int, "\(object)")
            result[number] = try XCTUnwrap(object["reason"] as? String, "\(object)")
        }
        return result
    }

    private func assertOneReadableLine(_ stderr: String, mentioning word: String, file: StaticString = #filePath, line: UInt = #line) {
        let lines = stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, "expected one line, got: \(stderr)", file: file, line: line)
        XCTAssertTrue(stderr.contains(word), "expected '\(word)' in: \(stderr)", file: file, line: line)
        XCTAssertFalse(stderr.contains("Fatal error"), stderr, file: file, line: line)
    }
}
