import Foundation
import XCTest

/// The attack of issue 14 item 3 (n-1): the key holder, who runs the broker, publishes four made-up meter ids
/// reporting 0 Wh beside one real meter, so that a region hour reaches `min_meters` 5 and its released total is the
/// real meter's exact hourly value. A registry signed by a registry authority (not the key holder), with the meters'
/// keys, stops it: made-up ids are rejected as `unknown_meter` and the hour is suppressed.
final class MadeUpMeterTests: XCTestCase {
    private var workspace: Workspace!

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// Readings made up by the key holder: four ids, 0 Wh every 5 minutes of the first hour.
    private static let madeUp = 4 * 12

    /// One real meter (`M0001`, random values every 5 minutes for three hours) and four made-up ids reporting 0 Wh in
    /// the first hour, all in region `north`; returns the readings CSV and the real meter's exact sum per hour start.
    private func attackInput() throws -> (csv: URL, realHourSums: [Int64: Int64]) {
        var lines = ["meter_id,region,timestamp,energy_wh"]
        var sums: [Int64: Int64] = [:]
        let start: Int64 = 1_793_577_600 // 2026-11-02T00:00:00Z
        for minute in stride(from: 0, to: 180, by: 5) {
            let milliWh = Int64.random(in: 1_000...900_000)
            let time = start + Int64(minute) * 60
            lines.append(String(format: "M0001,north,2026-11-02T%02d:%02d:00Z,%lld.%03lld", minute / 60, minute % 60, milliWh / 1000, milliWh % 1000))
            sums[time - time % 3600, default: 0] += milliWh
            if minute < 60 {
                for fake in 1...4 {
                    lines.append(String(format: "FAKE%d,north,2026-11-02T%02d:%02d:00Z,0", fake, minute / 60, minute % 60))
                }
            }
        }
        return (try workspace.file("attack.csv", lines.joined(separator: "\n") + "\n"), sums)
    }

    /// The region windows the key holder decrypts from the run's SQLite sink.
    private func decryptedRegionWindows() throws -> [DecryptedOutput.Row] {
        let decrypted = try CLIProcess.run([
            "decrypt", "--key", try workspace.demoPrivateKey().path, "--input", "sqlite:\(workspace.folder.path)/regional.sqlite",
        ])
        XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
        return try DecryptedOutput.rows(decrypted.stdout)
    }

    /// Fails when a released window of `north` holds the real meter's exact sum of its hour.
    private func assertNotRecoverable(_ realHourSums: [Int64: Int64], line: UInt = #line) throws {
        let rows = try decryptedRegionWindows()
        for (hour, sum) in realHourSums {
            let recovered = rows.first { $0.key == WindowKey(scopeKey: "north", windowStart: hour) && $0.total.milliWh == sum }
            XCTAssertNil(recovered, "the key holder recovered the lone real meter's exact hourly sum \(sum) mWh for the hour at \(hour) from \(recovered.map { "\($0.total)" } ?? "")", line: line)
        }
    }

    /// Runs the CLI and fails the test on a non-zero exit.
    @discardableResult
    private func cli(_ arguments: [String], line: UInt = #line) throws -> CLIProcess.Result {
        let result = try CLIProcess.run(arguments)
        XCTAssertEqual(result.exitCode, 0, "\(arguments.prefix(2)): \(result.stderr)", line: line)
        return result
    }

    /// The registry authority's side, by the CLI: an authority key, keys for the region's five real meters
    /// (`M0001`…`M0005`, of which only `M0001` reports), the signed registry; and `input` signed by the fleet.
    /// Returns the signed readings, the registry and the authority's public key.
    private func makeRegistry(signing input: URL) throws -> (signed: URL, registry: URL, authorityKey: String) {
        let path = workspace.folder.path
        let meters = try workspace.file("meters.csv", "meter_id,region\n" + (1...5).map { String(format: "M%04d,north\n", $0) }.joined())
        let keygen = try cli(["registry", "keygen", "--out", "\(path)/authority"])
        let authorityKey = try XCTUnwrap(keygen.stdout.split(separator: "\n").first { $0.hasPrefix("registry.authority_key: ") })
            .dropFirst("registry.authority_key: ".count)
        try cli(["registry", "fleet-keys", "--meters", meters.path, "--out", "\(path)/fleet"])
        try cli(["registry", "sign", "--authority", "\(path)/authority.authority-key.json", "--meters", "\(path)/fleet.meters.csv",
                 "--out", "\(path)/registry.json"])
        try cli(["registry", "sign-readings", "--fleet-keys", "\(path)/fleet.fleet-keys.json", "--input", input.path,
                 "--out", "\(path)/signed.csv"])
        for secret in ["authority.authority-key.json", "fleet.fleet-keys.json"] {
            let mode = try FileManager.default.attributesOfItem(atPath: "\(path)/\(secret)")[.posixPermissions] as? Int
            XCTAssertEqual(mode, 0o600, secret)
        }
        return (URL(fileURLWithPath: "\(path)/signed.csv"), URL(fileURLWithPath: "\(path)/registry.json"), String(authorityKey))
    }

    /// `regional-statistics.yaml` (min_meters 5) reading `input`, with `registry` when given.
    private func regionalPolicy(input: URL, registry: (url: URL, key: String)?) throws -> URL {
        var edits = [(Workspace.shipped("examples/data/readings.csv").path, input.path)]
        if let registry {
            edits.append(("on_shutdown:", "registry:\n  path: \(registry.url.path)\n  authority_key: \(registry.key)\non_shutdown:"))
        }
        return try workspace.policy("regional-statistics.yaml", edits: edits)
    }

    /// The rejects the run wrote, as JSON objects.
    private func rejectEntries() throws -> [[String: Any]] {
        let files = try FileManager.default.contentsOfDirectory(atPath: workspace.folder.path)
            .filter { $0.hasPrefix("regional-statistics.rejects.") && $0.hasSuffix(".jsonl") }
        return try files.flatMap { name in
            try String(contentsOf: workspace.folder.appendingPathComponent(name), encoding: .utf8).split(separator: "\n").map {
                try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
            }
        }
    }

    func testFourMadeUpMetersDoNotRevealALoneRealMetersHour() throws {
        let (input, realHourSums) = try attackInput()
        let (signed, registry, key) = try makeRegistry(signing: input)
        let policy = try regionalPolicy(input: signed, registry: (registry, key))
        let run = try cli(["--policy", policy.path])

        try assertNotRecoverable(realHourSums)
        XCTAssertTrue(run.stderr.contains("0 windows released, 3 suppressed"), run.stderr)
        let rejects = try rejectEntries()
        XCTAssertEqual(rejects.count, Self.madeUp, "\(rejects)")
        XCTAssertEqual(Set(rejects.map { $0["reason"] as? String }), ["unknown_meter"])
        XCTAssertEqual(Set(rejects.compactMap { $0["meter"] as? String }), ["FAKE1", "FAKE2", "FAKE3", "FAKE4"])
    }

    /// The limit `check` states: without a registry, min_meters counts meter ids, and the attack works.
    func testWithoutARegistryTheAttackSucceedsAndCheckSaysMinMetersStopsOutsidersOnly() throws {
        let (input, realHourSums) = try attackInput()
        let policy = try regionalPolicy(input: input, registry: nil)
        try cli(["--policy", policy.path, "--quiet"])
        let rows = try decryptedRegionWindows()
        let firstHour = try XCTUnwrap(realHourSums.keys.min())
        XCTAssertEqual(rows.first { $0.key == WindowKey(scopeKey: "north", windowStart: firstHour) }?.total.milliWh, realHourSums[firstHour])

        let check = try cli(["check", policy.path])
        XCTAssertTrue(check.stdout.contains("Meter registry: none (no registry:): min_meters counts whatever meter ids arrive, so it stops outsiders only"), check.stdout)
        XCTAssertTrue(check.stdout.contains("noise (`noise:`, for region policies) is what bounds an insider"), check.stdout)
        XCTAssertTrue(check.stdout.contains("no registry: min_meters counts meter ids, not meters"), check.stdout)
    }

    func testATamperedRegistryStopsTheRunWithOneLineAndCheckRefusesIt() throws {
        let (input, _) = try attackInput()
        let (signed, registry, key) = try makeRegistry(signing: input)
        let policy = try regionalPolicy(input: signed, registry: (registry, key))
        let check = try cli(["check", policy.path])
        XCTAssertTrue(check.stdout.contains("5 meters, 5 with signing keys, signature verified"), check.stdout)
        XCTAssertTrue(check.stdout.contains("This stops the key holder only if the registry authority is not the key holder"), check.stdout)

        // The key holder adds its made-up meters to the authority's registry.
        let original = try String(contentsOf: registry, encoding: .utf8)
        let added = original.replacingOccurrences(
            of: "\"meters\" : [", with: "\"meters\" : [{\"meter_id\": \"FAKE1\", \"region\": \"north\", \"public_key\": \"\"},")
        XCTAssertNotEqual(added, original)
        try added.write(to: registry, atomically: true, encoding: .utf8)
        let run = try CLIProcess.run(["--policy", policy.path])
        XCTAssertEqual(run.exitCode, 1)
        let lines = run.stderr.split(separator: "\n")
        XCTAssertEqual(lines.count, 1, run.stderr)
        XCTAssertTrue(run.stderr.contains("registry: \(registry.path): the registry's signature does not verify under authority key \(key)"), run.stderr)
        XCTAssertFalse(FileManager.default.fileExists(atPath: "\(workspace.folder.path)/regional.sqlite"))
        let refused = try CLIProcess.run(["check", policy.path])
        XCTAssertEqual(refused.exitCode, 1)
        XCTAssertTrue(refused.stderr.contains("signature does not verify"), refused.stderr)
    }

    func testReadingsSignedByAnotherMeterOrOverAChangedValueOrForAnotherRegionAreRejected() throws {
        let (input, _) = try attackInput()
        let (signed, registry, key) = try makeRegistry(signing: input)
        var lines = try String(contentsOf: signed, encoding: .utf8).split(separator: "\n").map(String.init)
        XCTAssertEqual(lines[0], "meter_id,region,timestamp,energy_wh,signature")
        let real = lines.indices.filter { lines[$0].hasPrefix("M0001,") }
        func fields(_ index: Int) -> [String] { lines[index].split(separator: ",", omittingEmptySubsequences: false).map(String.init) }
        // Line A: M0001's reading with another reading's signature (same meter, other time and value).
        var a = fields(real[0])
        a[4] = fields(real[1])[4]
        lines[real[0]] = a.joined(separator: ",")
        // Line B: the value changed after signing.
        var b = fields(real[2])
        b[3] = "\(Int(Double(b[3])!) + 1)"
        lines[real[2]] = b.joined(separator: ",")
        // Line C: the region changed.
        var c = fields(real[3])
        c[1] = "south"
        lines[real[3]] = c.joined(separator: ",")
        // Line D: signed by another registered meter (M0002 signs a reading it claims as M0001's).
        let other = try workspace.file("other.csv", "meter_id,region,timestamp,energy_wh\nM0002,north,2026-11-02T00:20:00Z,\(fields(real[4])[3])\n")
        try cli(["registry", "sign-readings", "--fleet-keys", "\(workspace.folder.path)/fleet.fleet-keys.json",
                 "--input", other.path, "--out", "\(workspace.folder.path)/other-signed.csv"])
        let otherSignature = try String(contentsOf: URL(fileURLWithPath: "\(workspace.folder.path)/other-signed.csv"), encoding: .utf8)
            .split(separator: "\n")[1].split(separator: ",")[4]
        var d = fields(real[4])
        XCTAssertEqual(d[2], "2026-11-02T00:20:00Z")
        d[4] = String(otherSignature)
        lines[real[4]] = d.joined(separator: ",")
        // Line E: no signature.
        var e = fields(real[5])
        e[4] = ""
        lines[real[5]] = e.joined(separator: ",")
        let tampered = try workspace.file("tampered.csv", lines.joined(separator: "\n") + "\n")
        let policy = try regionalPolicy(input: tampered, registry: (registry, key))
        try cli(["--policy", policy.path, "--quiet"])

        let byLine = Dictionary(uniqueKeysWithValues: try rejectEntries().compactMap { entry -> (Int, String)? in
            guard entry["meter"] as? String == "M0001" else { return nil }
            return (entry["line"] as! Int, entry["reason"] as! String)
        })
        XCTAssertEqual(byLine, [
            real[0] + 1: "bad_signature", real[2] + 1: "bad_signature", real[3] + 1: "unknown_meter",
            real[4] + 1: "bad_signature", real[5] + 1: "bad_signature",
        ])
    }
}
