import Foundation
import XCTest

/// Integrity of stored aggregates: a run with a runtime key signs every row; `decrypt --verify-with` decrypts them,
/// and refuses, naming the row and decrypting nothing, a row the database's owner changed, made up, or stripped.
final class SignedAggregateTests: XCTestCase {
    private var workspace: Workspace!
    private let runtimeSign = Workspace.shipped("examples/keys/demo-runtime.runtime-sign.pub.json").path

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// Runs the shipped billing policy (SQLite sink, demo runtime key) over the example's first two hours; returns
    /// the windows the input sums to.
    private func runBilling() throws -> [WindowKey: WindowTotal] {
        let input = try workspace.twoHoursOfExampleData()
        let policy = try workspace.policy("billing.yaml", edits: [(Workspace.shipped("examples/data/readings.csv").path, input.path)])
        let run = try CLIProcess.run(["--policy", policy.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        return ExpectedAggregates.windows(try ExpectedAggregates.readings(csv: input), windowSeconds: 7200) { $0.meterID }
    }

    private func decrypt(_ database: String, verify: Bool = true) throws -> CLIProcess.Result {
        try CLIProcess.run(["decrypt", "--key", try workspace.demoPrivateKey().path, "--input", "sqlite:\(database)"]
            + (verify ? ["--verify-with", runtimeSign] : []))
    }

    /// A copy of the run's database with `sql` (and its arguments) applied, as the database's owner could.
    private func changed(_ name: String, _ sql: String, _ arguments: [String]) throws -> String {
        let copy = workspace.folder.appendingPathComponent(name).path
        _ = try SQLitePython.run("copy", database: workspace.folder.appendingPathComponent("billing.sqlite").path, [copy])
        XCTAssertEqual(try SQLitePython.run("execute", database: copy, [sql] + arguments), ["1"], sql)
        return copy
    }

    /// `decrypt --verify-with` of `database` must fail with one line naming `key`'s window at `start`, and print nothing.
    private func assertRefused(_ database: String, key: String, start: Int64, because reason: String,
                               line: UInt = #line) throws {
        let result = try decrypt(database)
        XCTAssertNotEqual(result.exitCode, 0, line: line)
        XCTAssertEqual(result.stdout, "", "nothing decrypted", line: line)
        XCTAssertEqual(result.stderr.split(separator: "\n").count, 1, result.stderr, line: line)
        let window = Self.rfc3339(start) + "–" + Self.rfc3339(start + 7200)
        XCTAssertTrue(result.stderr.contains("refused: the row household-billing household '\(key)' \(window) \(reason)"),
                      result.stderr, line: line)
    }

    private static func rfc3339(_ seconds: Int64) -> String {
        ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: TimeInterval(seconds)))
    }

    func testSignedRowsDecryptToTheInputSumsAndAChangedForgedOrUnsignedRowIsRefused() throws {
        let expected = try runBilling()
        XCTAssertEqual(expected.count, 50)
        let database = workspace.folder.appendingPathComponent("billing.sqlite").path

        let verified = try decrypt(database)
        XCTAssertEqual(verified.exitCode, 0, verified.stderr)
        XCTAssertEqual(DecryptedOutput.windows(try DecryptedOutput.rows(verified.stdout), policy: "household-billing"), expected)
        XCTAssertFalse(verified.stderr.contains("warning"), verified.stderr)
        let unverified = try decrypt(database, verify: false)
        XCTAssertEqual(unverified.exitCode, 0, unverified.stderr)
        XCTAssertEqual(unverified.stderr, "privacy-runtime: warning: the rows carry the runtime's signatures but are not verified; "
            + "add --verify-with PREFIX.runtime-sign.pub.json to refuse rows changed or forged in the database\n")

        // Python verifies every row over the documented bytes with the exported public key.
        let python = try SQLitePython.run("verify", database: database, [runtimeSign])
        XCTAssertEqual(python.count, expected.count)
        XCTAssertEqual(python.filter { $0.hasSuffix(" valid") }.count, expected.count, python.joined(separator: "\n"))

        let keys = expected.keys.sorted { ($0.scopeKey, $0.windowStart) < ($1.scopeKey, $1.windowStart) }
        let (a, b) = (keys[0], keys[1])
        let row = [a.scopeKey, String(a.windowStart)]
        let doesNotVerify = "has a signature that does not verify under runtime key"

        // Row a given row b's ciphertext: without verification it decrypts to b's total, with it is refused.
        let swapped = try changed("swapped.sqlite", """
            UPDATE aggregates SET ciphertext = (SELECT ciphertext FROM aggregates WHERE scope_key = ? AND window_start = ?)
            WHERE scope_key = ? AND window_start = ?
            """, [b.scopeKey, String(b.windowStart)] + row)
        let fooled = try decrypt(swapped, verify: false)
        XCTAssertEqual(fooled.exitCode, 0, fooled.stderr)
        let fooledTotals = DecryptedOutput.windows(try DecryptedOutput.rows(fooled.stdout), policy: "household-billing")
        XCTAssertEqual(fooledTotals[a]?.milliWh, expected[b]?.milliWh, "the change is real")
        try assertRefused(swapped, key: a.scopeKey, start: a.windowStart, because: doesNotVerify)
        XCTAssertEqual(try SQLitePython.run("verify", database: swapped, [runtimeSign]).filter { $0.hasSuffix(" invalid") },
                       ["\(a.scopeKey) \(a.windowStart) invalid"])

        let recounted = try changed("recounted.sqlite", "UPDATE aggregates SET readings = readings + 1 WHERE scope_key = ? AND window_start = ?", row)
        try assertRefused(recounted, key: a.scopeKey, start: a.windowStart, because: doesNotVerify)

        // A made-up row: row a copied, signature and all, to the next window.
        let forged = try changed("forged.sqlite", """
            INSERT INTO aggregates (policy, scope, scope_key, window_start, window_end, readings, meters, key_id, ciphertext,
                                    decimal_places, exponent, incomplete, signature, written_at)
            SELECT policy, scope, scope_key, window_start + 7200, window_end + 7200, readings, meters, key_id, ciphertext,
                   decimal_places, exponent, incomplete, signature, written_at
            FROM aggregates WHERE scope_key = ? AND window_start = ?
            """, row)
        try assertRefused(forged, key: a.scopeKey, start: a.windowStart + 7200, because: doesNotVerify)

        let stripped = try changed("stripped.sqlite", "UPDATE aggregates SET signature = NULL WHERE scope_key = ? AND window_start = ?", row)
        try assertRefused(stripped, key: a.scopeKey, start: a.windowStart, because: "carries no signature")

        // Signed by another runtime key: refused as well.
        let other = workspace.folder.appendingPathComponent("other").path
        let keygen = try CLIProcess.run(["runtime-keygen", "--out", other])
        XCTAssertEqual(keygen.exitCode, 0, keygen.stderr)
        let foreign = try CLIProcess.run(["decrypt", "--key", try workspace.demoPrivateKey().path, "--input", "sqlite:\(database)",
                                          "--verify-with", other + ".runtime-sign.pub.json"])
        XCTAssertNotEqual(foreign.exitCode, 0)
        XCTAssertEqual(foreign.stdout, "")
        XCTAssertTrue(foreign.stderr.contains(doesNotVerify), foreign.stderr)
    }

    func testAnSQLiteFileFromBeforeSignaturesStillDecryptsUnverifiedWithAWarning() throws {
        let expected = try runBilling()
        let database = workspace.folder.appendingPathComponent("billing.sqlite").path
        // The file as the sink wrote it before migration v3: no signature column, no v3 migration recorded.
        let old = workspace.folder.appendingPathComponent("old.sqlite").path
        _ = try SQLitePython.run("copy", database: database, [old])
        _ = try SQLitePython.run("execute", database: old, ["ALTER TABLE aggregates DROP COLUMN signature"])
        XCTAssertEqual(try SQLitePython.run("execute", database: old, ["DELETE FROM grdb_migrations WHERE identifier = ?", "v3: signed aggregates"]), ["1"])

        let decrypted = try decrypt(old, verify: false)
        XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
        XCTAssertEqual(DecryptedOutput.windows(try DecryptedOutput.rows(decrypted.stdout), policy: "household-billing"), expected)
        XCTAssertEqual(decrypted.stderr.split(separator: "\n").count, 1, decrypted.stderr)
        XCTAssertTrue(decrypted.stderr.contains("warning: rows without the runtime's signature"), decrypted.stderr)
        let verified = try decrypt(old)
        XCTAssertNotEqual(verified.exitCode, 0)
        XCTAssertTrue(verified.stderr.contains("carries no signature"), verified.stderr)
    }
}
