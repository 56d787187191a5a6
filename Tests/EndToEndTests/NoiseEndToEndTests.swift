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

    /// `scope_key window_start` to the total python-paillier decrypts from each row of `database`, in policy units.
    private static func pheTotals(key: String, database: String) throws -> [String: Int64] {
        let script = """
            import base64, json, sqlite3, sys
            from phe import paillier
            number = lambda text: int.from_bytes(base64.urlsafe_b64decode(text + "=" * (-len(text) % 4)), "big")
            key = json.load(open(sys.argv[1]))
            public = paillier.PaillierPublicKey(number(key["pub"]["n"]))
            private = paillier.PaillierPrivateKey(public, number(key["p"]), number(key["q"]))
            for scope_key, start, ciphertext, exponent in sqlite3.connect(sys.argv[2]).execute(
                    "SELECT scope_key, window_start, ciphertext, exponent FROM aggregates"):
                print(scope_key, start, private.decrypt(paillier.EncryptedNumber(public, int(ciphertext), exponent)))
            """
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script, key, database]
        let output = Pipe(), errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        let stdout = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        if stderr.contains("ModuleNotFoundError") {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail("python3 with phe is required: \(stderr)") }
            throw XCTSkip("python3 with phe is required (pip install phe): \(stderr)")
        }
        XCTAssertEqual(process.terminationStatus, 0, stderr)
        var totals: [String: Int64] = [:]
        for line in stdout.split(separator: "\n") {
            let fields = line.split(separator: " ")
            totals["\(fields[0]) \(fields[1])"] = Int64(fields[2])
        }
        return totals
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

    func testANoisyRegionRunsBesideABillingPolicyOutsideTheJointRelease() throws {
        let perWindow = [("obfuscation: djn", "obfuscation: djn\n  mode: per_window")]
        let noisy = try workspace.policy("regional-statistics-noisy.yaml", edits: perWindow)
        let billing = try workspace.policy("billing.yaml", edits: perWindow)
        let check = try CLIProcess.run(["check", noisy.path, billing.path])
        XCTAssertEqual(check.exitCode, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("Region policies with noise ('regional-statistics-noisy') are released on their own"), check.stdout)
        let run = try CLIProcess.run(["--policy", noisy.path, "--policy", billing.path])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        let readings = try ExpectedAggregates.readings(csv: Workspace.shipped("examples/data/readings.csv"))
        let bills = ExpectedAggregates.windows(readings, windowSeconds: 7200) { $0.meterID }
        let key = try workspace.demoPrivateKey().path
        let billed = try CLIProcess.run(["decrypt", "--key", key, "--input", "sqlite:\(workspace.folder.path)/billing.sqlite"])
        XCTAssertEqual(DecryptedOutput.windows(try DecryptedOutput.rows(billed.stdout), policy: "household-billing"), bills)
        let regional = try CLIProcess.run(["decrypt", "--key", key, "--input", "sqlite:\(workspace.folder.path)/regional-noisy.sqlite"])
        XCTAssertGreaterThan(try DecryptedOutput.rows(regional.stdout).count, 20, regional.stderr)
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

        // python-paillier, the key holder's own tool, decrypts the same signed totals (values above n − n/3 negative).
        let phe = try Self.pheTotals(key: try workspace.demoPrivateKey().path, database: "\(workspace.folder.path)/regional-noisy.sqlite")
        XCTAssertEqual(phe, Dictionary(uniqueKeysWithValues: rows.map { ("\($0.key.scopeKey) \($0.key.windowStart)", $0.total.milliWh) }))

        let purgeLog = try String(contentsOf: workspace.folder.appendingPathComponent("regional-statistics-noisy.purge.jsonl"), encoding: .utf8)
        XCTAssertTrue(purgeLog.contains("\"budget_spent\""), purgeLog)
        XCTAssertTrue(purgeLog.contains("epsilon 1 per window and meter (sum 0.8, meters 0.1, readings 0.1)"), purgeLog)

        let second = try CLIProcess.run(["--policy", policy.path])
        XCTAssertEqual(second.exitCode, 0, second.stderr)
        XCTAssertTrue(second.stderr.contains("already_released"), second.stderr)
        let again = try CLIProcess.run(decrypt)
        XCTAssertEqual(again.stdout, decrypted.stdout, "a second run released (and noised) windows again")
    }

    /// The key holder's attack on a crash (issue 18): a run dies after its sinks stored some windows but before it
    /// saved its release point, so the next run releases those windows again, each with a fresh noise draw; two
    /// draws of one window average its noise down (variance halved). The crash is played by removing the release
    /// state after a run (the state such a crash leaves: windows stored, release point not moved past them), then the
    /// input is run again. The key holder then finds every file the runs wrote that holds a ciphertext, decrypts
    /// them all and groups the values by window: each window must have one value, the first run's.
    func testAWindowReleasedAgainAfterACrashKeepsItsFirstDrawWhereverTheKeyHolderLooks() throws {
        let policy = try workspace.policy("regional-statistics-noisy.yaml", edits: [
            (Workspace.shipped("examples/data/readings.csv").path, try workspace.twoHoursOfExampleData().path)])
        let first = try CLIProcess.run(["--policy", policy.path])
        XCTAssertEqual(first.exitCode, 0, first.stderr)
        let released = try keyHolderDecryptsEverything()
        // Two hours of five regions: ten windows, each released when its noisy meter count reaches min_meters 5.
        XCTAssertFalse(released.isEmpty)

        let state = workspace.folder.appendingPathComponent("regional-statistics-noisy.release.json")
        XCTAssertTrue(FileManager.default.fileExists(atPath: state.path), "the run saved its release point at \(state.path)")
        try FileManager.default.removeItem(at: state)
        let second = try CLIProcess.run(["--policy", policy.path])
        XCTAssertEqual(second.exitCode, 0, second.stderr)
        XCTAssertFalse(second.stderr.contains("already_released"), "the second run releases the windows again: \(second.stderr)")

        let afterCrash = try keyHolderDecryptsEverything()
        for (window, values) in Dictionary(grouping: afterCrash, by: \.key) {
            XCTAssertEqual(Set(values.map(\.total.milliWh)).count, 1, "\(window): draws \(values.map(\.total.milliWh)) for the key holder to average")
        }
        // A window the first run suppressed (noisy meter count below 5) may be released by the second: one draw.
        let kept = Dictionary(afterCrash.map { ($0.key, $0.total) }) { first, _ in first }
        for row in released {
            XCTAssertEqual(kept[row.key], row.total, "\(row.key): the stored value is no longer the first run's draw")
        }
    }

    /// What the key holder decrypts from every file in the workspace holding a ciphertext, read as the sink kind its
    /// name says (an SQLite database or JSON Lines); fails on a file holding ciphertexts that is neither.
    private func keyHolderDecryptsEverything() throws -> [DecryptedOutput.Row] {
        let key = try workspace.demoPrivateKey().path
        return try Self.filesHoldingCiphertexts(in: workspace.folder).flatMap { name -> [DecryptedOutput.Row] in
            let kind = name.hasSuffix(".sqlite") ? "sqlite" : name.hasSuffix(".jsonl") ? "jsonl" : nil
            guard let kind else {
                XCTFail("\(name) holds ciphertexts the key holder can read, and is no sink's file")
                return []
            }
            let decrypted = try CLIProcess.run(["decrypt", "--key", key, "--input", "\(kind):\(workspace.folder.path)/\(name)"])
            XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
            return try DecryptedOutput.rows(decrypted.stdout)
        }
    }

    /// Names of the files in `folder` holding a run of 600 or more decimal digits: a 2048-bit ciphertext written as text.
    private static func filesHoldingCiphertexts(in folder: URL) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: folder.path).sorted().filter { name in
            guard let bytes = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else { return false }
            var run = 0
            for byte in bytes {
                run = (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) ? run + 1 : 0
                if run >= 600 { return true }
            }
            return false
        }
    }
}
