import Foundation
import XCTest

/// What `decrypt` prints is safe to open in a spreadsheet, and it refuses a ciphertext exponent it cannot honour.
final class SafeDecryptOutputTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// Runs the billing policy over `lines` (meter id, value) at 00:00 and 00:05, into SQLite and JSON Lines.
    private func run(meters: [String]) throws {
        var csv = ["meter_id,region,timestamp,energy_wh"]
        for (index, meter) in meters.enumerated() {
            let quoted = "\"" + meter.replacingOccurrences(of: "\"", with: "\"\"") + "\""
            csv.append("\(quoted),north,2026-11-02T00:00:00Z,\(index + 1)")
        }
        let input = try workspace.file("ids.csv", csv.joined(separator: "\n") + "\n")
        // One reading per meter: min_coverage 0 releases windows however few of their intervals they cover.
        let policy = try workspace.policy("billing.yaml", edits: [
            (Workspace.shipped("examples/data/readings.csv").path, input.path), ("min_coverage: 0.9", "min_coverage: 0"),
            ("/billing.sqlite\n", "/billing.sqlite\n  - type: jsonl\n    path: \(workspace.folder.path)/billing.jsonl\n"),
        ])
        let run = try CLIProcess.run(["--policy", policy.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
    }

    func testCellsASpreadsheetWouldRunAsFormulasAreNeutralisedAndQuoted() throws {
        let meters = ["=HYPERLINK(\"http://x\",\"y\")", "+1+1", "-2", "@SUM(A1)", "plain", "a,b"]
        try run(meters: meters)
        let decrypted = try CLIProcess.run([
            "decrypt", "--key", try workspace.demoPrivateKey().path, "--format", "csv",
            "--input", "sqlite:\(workspace.folder.path)/billing.sqlite",
        ])
        XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
        // Each key as RFC 4180 writes it after the quote prefix, with its total (the value in Wh), complete.
        let expected: [String: String] = [
            "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"": "1.000,false",
            "'+1+1": "2.000,false", "'-2": "3.000,false", "'@SUM(A1)": "4.000,false", "plain": "5.000,false", "\"a,b\"": "6.000,false",
        ]
        let prefix = "household-billing,household,"
        let suffix = ",2026-11-02T00:00:00Z,2026-11-02T02:00:00Z,1,1,"
        var got: [String: String] = [:]
        for line in decrypted.stdout.split(separator: "\n").dropFirst() {
            XCTAssertTrue(line.hasPrefix(prefix), String(line))
            let rest = line.dropFirst(prefix.count)
            guard let range = rest.range(of: suffix) else { XCTFail(String(line)); continue }
            got[String(rest[..<range.lowerBound])] = String(rest[range.upperBound...])
        }
        XCTAssertEqual(got, expected)
        XCTAssertEqual(decrypted.stdout.split(separator: "\n").first, "policy,scope,key,window_start,window_end,readings,meters,total,incomplete")
    }

    func testDecryptRefusesAnExponentItDoesNotSupport() throws {
        try run(meters: ["m1", "m2"])
        let path = workspace.folder.appendingPathComponent("billing.jsonl")
        let text = try String(contentsOf: path, encoding: .utf8)
        XCTAssertTrue(text.contains("\"e\":0"), text)
        try text.replacingOccurrences(of: "\"e\":0", with: "\"e\":-3").write(to: path, atomically: true, encoding: .utf8)
        let decrypted = try CLIProcess.run(["decrypt", "--key", try workspace.demoPrivateKey().path, "--input", "jsonl:\(path.path)"])
        XCTAssertNotEqual(decrypted.exitCode, 0)
        XCTAssertEqual(decrypted.stdout.split(separator: "\n").count, 1, "only the header: \(decrypted.stdout)")
        // Besides the warning that the rows' signatures are not verified (no --verify-with), one line.
        let lines = decrypted.stderr.split(separator: "\n").filter { !$0.hasPrefix("privacy-runtime: warning: ") }
        XCTAssertEqual(lines.count, 1, decrypted.stderr)
        XCTAssertTrue(decrypted.stderr.contains("exponent -3"), decrypted.stderr)
    }
}
