import Foundation
import XCTest

/// `noise:` through the CLI: what `check` states and refuses, and a run whose noisy totals (negative ones too) the key
/// holder decrypts, whose budget the purge log records, and which a second run does not noise again.
final class NoiseEndToEndTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    func testCheckStatesTheRelationTheEnforcementTheSplitAndTheBudget() throws {
        let check = try CLIProcess.run(["check", "policies/regional-statistics-noisy.yaml"])
        XCTAssertEqual(check.exitCode, 0, check.stderr)
        for expected in [
            "Noise (differential privacy): discrete_laplace, epsilon 1 per window:",
            "Neighbouring relation: one meter's readings in one window, added, removed or changed",
            "one meter adds at most 1000 Wh × 12 readings = 12000 Wh to a window, within contribution_bound 12000 Wh",
            "sum 0.8 (sensitivity 12000 Wh), meters count 0.1 (sensitivity 1), readings count 0.1 (sensitivity 12)",
            "min_meters 5 decides on the noisy meter count",
            "epsilon 1 per window, 24 per day (24 windows), 8760 per year; ceiling 24 per day",
        ] {
            XCTAssertTrue(check.stdout.contains(expected), "missing '\(expected)' in\n\(check.stdout)")
        }
    }

    func testCheckRefusesAnUnenforceableBoundABrokenCeilingAndExactWindowsThatCancelTheNoise() throws {
        let loose = try workspace.policy("regional-statistics-noisy.yaml", edits: [("contribution_bound: 12000", "contribution_bound: 11999")])
        let unbounded = try CLIProcess.run(["check", loose.path])
        XCTAssertEqual(unbounded.exitCode, 1)
        XCTAssertTrue(unbounded.stderr.contains("regional-statistics-noisy.yaml:29:23: error: noise.contribution_bound 11999 Wh cannot be enforced: one meter can add readings.max 1000 Wh × 12 readings"), unbounded.stderr)

        let greedy = try workspace.policy("regional-statistics-noisy.yaml", edits: [("max_epsilon_per_day: 24", "max_epsilon_per_day: 23.5")])
        let ceiling = try CLIProcess.run(["check", greedy.path])
        XCTAssertEqual(ceiling.exitCode, 1)
        XCTAssertTrue(ceiling.stderr.contains("spends epsilon 24 per meter per day, above its noise.max_epsilon_per_day 23.5"), ceiling.stderr)

        let noisy = try workspace.policy("regional-statistics-noisy.yaml")
        let exact = try workspace.policy("regional-statistics.yaml", edits: [("max: 1000000", "max: 1000")])
        let together = try CLIProcess.run(["check", noisy.path, exact.path])
        XCTAssertEqual(together.exitCode, 1)
        XCTAssertTrue(together.stderr.contains("releases exact totals of the same readings over windows that tile its windows"), together.stderr)
        let run = try CLIProcess.run(["--policy", noisy.path, "--policy", exact.path, "--quiet"])
        XCTAssertNotEqual(run.exitCode, 0)
        XCTAssertTrue(run.stderr.contains("releases exact totals"), run.stderr)
    }

    func testTheKeyHolderDecryptsNoisyTotalsNegativeOnesTooAndARestartDrawsNoNewNoise() throws {
        let policy = try workspace.policy("regional-statistics-noisy.yaml", edits: [("obfuscation: djn", "obfuscation: djn\n  mode: per_window")])
        let first = try CLIProcess.run(["--policy", policy.path])
        XCTAssertEqual(first.exitCode, 0, first.stderr)
        let decrypt = ["decrypt", "--key", try workspace.demoPrivateKey().path, "--input", "sqlite:\(workspace.folder.path)/regional-noisy.sqlite"]
        let decrypted = try CLIProcess.run(decrypt)
        XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
        let rows = try DecryptedOutput.rows(decrypted.stdout)
        XCTAssertGreaterThan(rows.count, 20)
        // Region hours of about 6 kWh against noise of scale 15 kWh: about a third of the totals are negative.
        XCTAssertTrue(rows.contains { $0.total.milliWh < 0 }, "no negative total among \(rows.map(\.total.milliWh))")

        let purgeLog = try String(contentsOf: workspace.folder.appendingPathComponent("regional-statistics-noisy.purge.jsonl"), encoding: .utf8)
        XCTAssertTrue(purgeLog.contains("\"budget_spent\""), purgeLog)
        XCTAssertTrue(purgeLog.contains("epsilon 1 per window and meter (sum 0.8, meters 0.1, readings 0.1)"), purgeLog)

        let second = try CLIProcess.run(["--policy", policy.path])
        XCTAssertEqual(second.exitCode, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("already_released"), second.stderr)
        let again = try CLIProcess.run(decrypt)
        XCTAssertEqual(again.stdout, decrypted.stdout, "a second run released (and noised) windows again")
    }
}
