import Foundation
import XCTest

/// Bills computed inside the ciphertext, end to end with the built CLI on real household load data (vpplib 0.0.6's 74
/// German households, 15-minute values of 2010, resampled into a small fleet by scripts/load-data/make_fleet.py),
/// checked to the cent against `BillOracle` (Python's decimal), plus the guards a billing policy enforces.
final class TimeOfUseBillingTests: XCTestCase {
    private var workspace: Workspace!
    private let runtimeSign = Workspace.shipped("examples/keys/demo-runtime.runtime-sign.pub.json").path

    override func setUpWithError() throws {
        workspace = try Workspace()
    }

    override func tearDown() {
        workspace.remove()
    }

    /// A band as the test writes it into both the policy and the oracle's spec.
    private struct Band {
        let name: String, price: String, days: [String], from: Int?, to: Int?
        var yaml: String {
            var fields = ["name: \(name)", "price: \(price)"]
            if !days.isEmpty { fields.append("days: [\(days.joined(separator: ", "))]") }
            if let from, let to { fields += ["from: \"\(Self.clock(from))\"", "to: \"\(Self.clock(to))\""] }
            return "{" + fields.joined(separator: ", ") + "}"
        }
        var json: [String: Any] {
            var object: [String: Any] = ["name": name, "price": price, "days": days]
            if let from, let to { object["from"] = from; object["to"] = to }
            return object
        }
        static func clock(_ minutes: Int) -> String { String(format: "%02d:%02d", minutes / 60, minutes % 60) }
    }

    /// `make_fleet.py` output here; skips when vpplib's data are not installed (pip install --no-deps vpplib==0.0.6).
    private func fleet(meters: Int, start: String, days: Int, holidays: [String] = []) throws -> URL {
        let out = workspace.folder.appendingPathComponent("fleet.csv")
        let script = Workspace.shipped("scripts/load-data/make_fleet.py").path
        do {
            _ = try BillOracle.python([script, "--meters", "\(meters)", "--regions", "1", "--start", start, "--days", "\(days)",
                                       "--tz", "Europe/Berlin", "--holidays", holidays.joined(separator: ","), "--out", out.path])
        } catch let error as BillOracle.CLIError where error.message.contains("not installed") {
            if ProcessInfo.processInfo.environment["CI"] == "true" { XCTFail(error.message) }
            throw XCTSkip(error.message)
        }
        return out
    }

    /// The shipped tou-billing policy with this test's source, period, zone, tariff and encryption mode.
    private func policy(readings: URL, period: String, tariff: String, stamp: String = "interval_start", interval: String = "15m",
                        mode: String? = nil) throws -> URL {
        let shipped = try String(contentsOf: Workspace.shipped("policies/tou-billing.yaml"), encoding: .utf8)
        let tariffStart = shipped.range(of: "tariff:\n")!.lowerBound, tariffEnd = shipped.range(of: "source:\n")!.lowerBound
        var text = String(shipped[..<tariffStart]) + tariff + String(shipped[tariffEnd...])
        text = text.replacingOccurrences(of: "billing_period: 1d", with: "billing_period: \(period)\ntimezone: Europe/Berlin")
            .replacingOccurrences(of: "interval: 5m", with: "interval: \(interval)")
            .replacingOccurrences(of: "timestamp: interval_start", with: "timestamp: \(stamp)")
            .replacingOccurrences(of: "../examples/data/readings.csv", with: readings.path)
            .replacingOccurrences(of: "../examples/", with: Workspace.shipped("examples").path + "/")
            .replacingOccurrences(of: "../out/", with: workspace.folder.path + "/")
        if let mode { text = text.replacingOccurrences(of: "  obfuscation: djn", with: "  obfuscation: djn\n  mode: \(mode)") }
        return try workspace.file("policy.yaml", text)
    }

    /// Runs `policy`, decrypts its database as JSON (verifying signatures) and compares with the oracle given `spec`.
    private func runAndCompare(policy: URL, readings: URL, spec: [String: Any], expectedBills: Int) throws -> String {
        let run = try CLIProcess.run(["--policy", policy.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        let database = workspace.folder.appendingPathComponent("tou-billing.sqlite").path
        let decrypted = try CLIProcess.run(["decrypt", "--key", try workspace.demoPrivateKey().path, "--input", "sqlite:\(database)",
                                            "--format", "json", "--verify-with", runtimeSign])
        XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
        let output = try workspace.file("decrypted.jsonl", decrypted.stdout)
        let specURL = workspace.folder.appendingPathComponent("spec.json")
        try JSONSerialization.data(withJSONObject: spec).write(to: specURL)
        XCTAssertEqual(try BillOracle.compare(spec: specURL, readings: readings, decrypted: output), ["ok \(expectedBills)"])
        return database
    }

    /// Two months (March and April 2026, Berlin; DST on March 29) of three resampled households, monthly bills with a
    /// tariff change on April 15 and Easter holidays: every decrypted bill equals the oracle's to the cent (exactly
    /// before rounding), per-band registers sum to the month's consumption, and a changed bill row fails verification.
    func testMonthlyTimeOfUseBillsAcrossDaylightSavingAndATariffChangeEqualIndependentBills() throws {
        let holidays = ["2026-04-03", "2026-04-06"]
        let readings = try fleet(meters: 3, start: "2026-03-01", days: 61, holidays: holidays)
        let versions: [(effective: String, charge: String, bands: [Band])] = [
            ("2026-01-01", "0.45", [Band(name: "peak", price: "0.3985", days: ["weekday"], from: 1020, to: 1200),
                                    Band(name: "night", price: "0.2200", days: [], from: 1320, to: 360),
                                    Band(name: "standard", price: "0.3185", days: [], from: nil, to: nil)]),
            ("2026-04-15", "0.5", [Band(name: "peak", price: "0.4210", days: ["weekday"], from: 1020, to: 1200),
                                   Band(name: "night", price: "-0.0150", days: [], from: 1320, to: 360),
                                   Band(name: "standard", price: "0.3320", days: [], from: nil, to: nil)]),
        ]
        let tariff = "tariff:\n  currency: EUR\n  release: both\n  max_distinct_prices: 6\n  min_share: 0.02\n  holidays: [\(holidays.joined(separator: ", "))]\n  versions:\n"
            + versions.map { "    - effective: \($0.effective)\n      standing_charge: \($0.charge)\n      bands:\n"
                + $0.bands.map { "        - \($0.yaml)\n" }.joined() }.joined()
        let policy = try policy(readings: readings, period: "1 month", tariff: tariff, mode: "per_window")
        let spec: [String: Any] = [
            "tz": "Europe/Berlin", "interval": 900, "stamp": "interval_start", "period": "1 month", "release": "both",
            "holidays": holidays,
            "versions": versions.map { ["effective": $0.effective, "standing_charge": $0.charge, "bands": $0.bands.map(\.json)] },
        ]
        let database = try runAndCompare(policy: policy, readings: readings, spec: spec, expectedBills: 6)

        // The database's owner swaps two households' bills: decrypt --verify-with refuses and decrypts nothing.
        let copy = workspace.folder.appendingPathComponent("swapped.sqlite").path
        _ = try SQLitePython.run("copy", database: database, [copy])
        XCTAssertEqual(try SQLitePython.run("execute", database: copy, ["""
            UPDATE aggregates SET ciphertext = (SELECT ciphertext FROM aggregates WHERE kind = 'bill:EUR' AND scope_key = 'M0002' LIMIT 1)
            WHERE kind = 'bill:EUR' AND scope_key = 'M0001' AND window_start = (SELECT min(window_start) FROM aggregates)
            """]), ["1"])
        let refused = try CLIProcess.run(["decrypt", "--key", try workspace.demoPrivateKey().path, "--input", "sqlite:\(copy)",
                                          "--verify-with", runtimeSign])
        XCTAssertNotEqual(refused.exitCode, 0)
        XCTAssertEqual(refused.stdout, "")
        XCTAssertTrue(refused.stderr.contains("does not verify"), refused.stderr)

        // One HTML bill per household, with its bands and a chart.
        let html = workspace.folder.appendingPathComponent("bills")
        let written = try CLIProcess.run(["decrypt", "--key", try workspace.demoPrivateKey().path, "--input", "sqlite:\(database)",
                                          "--verify-with", runtimeSign, "--html", html.path])
        XCTAssertEqual(written.exitCode, 0, written.stderr)
        let files = try FileManager.default.contentsOfDirectory(atPath: html.path).sorted()
        XCTAssertEqual(files, ["tou-billing_M0001.html", "tou-billing_M0002.html", "tou-billing_M0003.html"])
        let page = try String(contentsOf: html.appendingPathComponent(files[0]), encoding: .utf8)
        XCTAssertTrue(page.contains("peak (kWh)") && page.contains("<svg") && page.contains(" EUR</td>"), page)
    }

    /// Four days across the spring DST change at hourly day-ahead prices with negative hours, readings stamped at
    /// their interval's end, encrypted per reading and raised to their hour's price: daily bills equal the oracle's.
    func testDynamicPriceBillsWithNegativeHoursEqualIndependentBills() throws {
        let fleet = try fleet(meters: 2, start: "2026-03-27", days: 4)
        // Stamp each reading at its interval's end (15 minutes later).
        let formatter = ISO8601DateFormatter()
        let lines = try String(contentsOf: fleet, encoding: .utf8).split(separator: "\n")
        let shifted = [String(lines[0])] + lines.dropFirst().map { line -> String in
            var fields = line.split(separator: ",").map(String.init)
            fields[2] = formatter.string(from: formatter.date(from: fields[2])!.addingTimeInterval(900))
            return fields.joined(separator: ",")
        }
        let readings = try workspace.file("shifted.csv", shifted.joined(separator: "\n") + "\n")
        // Hourly prices over the four local days (95 hours from 2026-03-26T23:00Z), every fifth hour negative.
        let first = formatter.date(from: "2026-03-26T23:00:00Z")!
        let rows = (0..<95).map { hour in
            let price = hour % 5 == 2 ? "-0.0\(hour % 9 + 1)17" : "0.\(20 + hour % 17)\(hour % 10)3"
            return "\(formatter.string(from: first.addingTimeInterval(Double(hour) * 3600))),\(price)"
        }
        let prices = try workspace.file("prices.csv", "start,price\n" + rows.joined(separator: "\n") + "\n")
        let sha = try BillOracle.python(["-c", "import hashlib,sys; print(hashlib.sha256(open(sys.argv[1],'rb').read()).hexdigest())", prices.path])[0]
        let tariff = "tariff:\n  currency: EUR\n  standing_charge: 0.30\n  price_file:\n    path: \(prices.path)\n    sha256: \(sha)\n"
        let policy = try policy(readings: readings, period: "1d", tariff: tariff, stamp: "interval_end")
        let spec: [String: Any] = ["tz": "Europe/Berlin", "interval": 900, "stamp": "interval_end", "period": "1d", "release": "bill",
                                   "price_file": prices.path, "standing_charge": "0.30"]
        _ = try runAndCompare(policy: policy, readings: readings, spec: spec, expectedBills: 8)

        // A price file changed after the policy was written is refused at load.
        try (rows.joined(separator: "\n") + "\n").write(to: prices, atomically: true, encoding: .utf8)
        let check = try CLIProcess.run(["check", policy.path])
        XCTAssertNotEqual(check.exitCode, 0)
        XCTAssertTrue(check.stderr.contains("not the \(sha) the policy fixes"), check.stderr)
    }

    /// A tariff that prices one quarter hour a day apart (0.3001 against 0.3000) isolates that interval modulo 3000
    /// units: `check` refuses it, naming the price and its share.
    func testATariffIsolatingOneIntervalIsRefusedByCheck() throws {
        let tariff = """
            tariff:
              currency: EUR
              versions:
                - effective: 2026-01-01
                  bands:
                    - {name: probe, price: 0.3001, from: "07:00", to: "07:15"}
                    - {name: flat, price: 0.3000}

            """
        let policy = try policy(readings: Workspace.shipped("examples/data/readings.csv"), period: "1d", tariff: tariff)
        let check = try CLIProcess.run(["check", policy.path])
        XCTAssertNotEqual(check.exitCode, 0)
        XCTAssertTrue(check.stderr.contains("the tariff can single out less than a band register"), check.stderr)
        XCTAssertTrue(check.stderr.contains("price 0.3001 covers 1 of 96 intervals, less than min_share 0.05"), check.stderr)
    }

    /// Amounts of exactly half a cent round half to even, once, at decryption: 0.125 EUR prints 0.12 and 0.135 EUR 0.14,
    /// with every digit kept in amount_exact.
    func testAmountsRoundHalfToEvenAtDecryption() throws {
        let formatter = ISO8601DateFormatter()
        let first = formatter.date(from: "2026-11-01T23:00:00Z")!
        var lines = ["meter_id,region,timestamp,energy_wh"]
        for (meter, (usual, last)) in [("M1", ("1300", "1500")), ("M2", ("1400", "2000"))] {
            for slot in 0..<96 {
                lines.append("\(meter),r,\(formatter.string(from: first.addingTimeInterval(Double(slot) * 900))),\(slot == 95 ? last : usual)")
            }
        }
        let readings = try workspace.file("ties.csv", lines.joined(separator: "\n") + "\n")
        let tariff = "tariff:\n  currency: EUR\n  release: bill\n  versions:\n    - effective: 2026-01-01\n      bands:\n        - {name: flat, price: 0.001}\n"
        let policy = try policy(readings: readings, period: "1d", tariff: tariff, mode: "per_window")
        XCTAssertEqual(try CLIProcess.run(["--policy", policy.path, "--quiet"]).exitCode, 0)
        let decrypted = try CLIProcess.run(["decrypt", "--key", try workspace.demoPrivateKey().path, "--input",
                                            "sqlite:\(workspace.folder.path)/tou-billing.sqlite", "--verify-with", runtimeSign])
        XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
        XCTAssertEqual(decrypted.stdout.split(separator: "\n").dropFirst(), [
            "tou-billing,M1,2026-11-01T23:00:00Z,2026-11-02T23:00:00Z,96,0.12,EUR,0.125000000000,false",
            "tou-billing,M2,2026-11-01T23:00:00Z,2026-11-02T23:00:00Z,96,0.14,EUR,0.135000000000,false",
        ])

        // Partial-decryption lines carry no kind yet: a custodian's decrypt-share refuses billing rows.
        let prefix = workspace.folder.appendingPathComponent("custodians").path
        XCTAssertEqual(try CLIProcess.run(["keygen", "--threshold", "2", "--shares", "2", "--out", prefix]).exitCode, 0)
        let share = try CLIProcess.run(["decrypt-share", "--share", "\(prefix).share-1.json", "--input",
                                        "sqlite:\(workspace.folder.path)/tou-billing.sqlite"])
        XCTAssertNotEqual(share.exitCode, 0)
        XCTAssertEqual(share.stdout, "")
        XCTAssertTrue(share.stderr.contains("is a billing row ('bill:EUR'): threshold decryption of bills is not supported yet"), share.stderr)
    }

    /// The shipped policy runs on the shipped example data, and `check` states its disclosure against 2h totals.
    func testShippedTimeOfUsePolicyChecksAndRuns() throws {
        let policy = try workspace.policy("tou-billing.yaml")
        let check = try CLIProcess.run(["check", policy.path])
        XCTAssertEqual(check.exitCode, 0, check.stderr)
        XCTAssertTrue(check.stdout.contains("3 values per household per period (3 a day), against twelve a day for household totals every 2h"), check.stdout)
        let run = try CLIProcess.run(["--policy", policy.path, "--quiet"])
        XCTAssertEqual(run.exitCode, 0, run.stderr)
        let decrypted = try CLIProcess.run(["decrypt", "--key", try workspace.demoPrivateKey().path, "--input",
                                            "sqlite:\(workspace.folder.path)/tou-billing.sqlite", "--verify-with", runtimeSign])
        XCTAssertEqual(decrypted.exitCode, 0, decrypted.stderr)
        let lines = decrypted.stdout.split(separator: "\n")
        XCTAssertEqual(lines.first, "policy,household,period_start,period_end,readings,peak_wh,standard_wh,amount,currency,amount_exact,incomplete")
        XCTAssertEqual(lines.count, 51, "one bill per meter of the example's 50 for its one day")
    }
}
