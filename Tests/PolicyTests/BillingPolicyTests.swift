import Crypto
import Foundation
import XCTest
@testable import Policy

/// `billing_period:`, `tariff:` and `readings.timestamp` in a policy: what loads, and the guards that refuse a billing
/// policy that could reveal more than a band register, each at the file, line and column of the cause.
final class BillingPolicyTests: XCTestCase {
    private let head = """
        policy: tou
        scope: household
        billing_period: 1 month
        timezone: Europe/Berlin
        readings:
          interval: 15m
          timestamp: interval_end
        source: {type: csv, path: data.csv}
        encrypt: {type: paillier, public_key: key.pub.json}
        aggregate: {type: sum}
        sinks: [{type: stdout}]

        """

    private let tariff = """
        tariff:
          currency: EUR
          release: both
          versions:
            - effective: 2026-01-01
              standing_charge: 0.45
              bands:
                - {name: peak, price: 0.3985, days: [weekday], from: "17:00", to: "20:00"}
                - {name: standard, price: 0.3185}

        """

    private func load(_ yaml: String, directory: URL = FileManager.default.temporaryDirectory) -> (Policy?, [String]) {
        do {
            return (try PolicyLoader.load(yaml: yaml, fileName: "p.yaml", baseDirectory: directory, catalog: TestCatalog()), [])
        } catch {
            return (nil, error.diagnostics.filter { $0.severity == .error }.map(\.description))
        }
    }

    func testATimeOfUsePolicyLoadsWithItsPeriodTariffAndTimestampRule() throws {
        let (policy, problems) = load(head + tariff)
        XCTAssertEqual(problems, [])
        let billing = try XCTUnwrap(policy?.billing)
        XCTAssertEqual(billing.period, .month)
        XCTAssertEqual(billing.release, .both)
        XCTAssertEqual(billing.registers, ["peak", "standard"])
        XCTAssertEqual(policy?.readings.timestamp, .intervalEnd)
        XCTAssertEqual(policy?.window.seconds, 86_400)
        let learns = BillingDisclosure.learns(billing, zone: "Europe/Berlin")
        XCTAssertEqual(learns.first, "per household and calendar month (from local midnight, Europe/Berlin), nothing finer: one encrypted register (consumption) per band: peak, standard and one encrypted bill amount in EUR — 3 values per household per period (3 a month), against twelve a day for household totals every 2h")
    }

    func testBillingPolicyMistakesAreLocated() {
        XCTAssertEqual(load(head + "window: 2h\n" + tariff).1, ["p.yaml:12:1: error: a billing policy's windows are its billing periods: remove 'window:'"])
        XCTAssertEqual(load(head.replacingOccurrences(of: "scope: household", with: "scope: region") + tariff).1.first,
                       "p.yaml:13:3: error: a tariff bills one household: 'billing_period:' and 'tariff:' need scope: household")
        XCTAssertEqual(load(head.replacingOccurrences(of: "  interval: 15m\n", with: "")).1,
                       ["p.yaml:3:17: error: a billing policy needs both 'billing_period:' and 'tariff:'"])
        XCTAssertEqual(load(head.replacingOccurrences(of: "  interval: 15m\n", with: "") + tariff).1,
                       ["p.yaml:12:3: error: a billing policy needs readings.interval (the meters' reporting interval, e.g. 15m): bands and prices apply per interval"])
        XCTAssertEqual(load(head.replacingOccurrences(of: "1 month", with: "2d") + tariff).1,
                       ["p.yaml:3:17: error: invalid billing_period '2d' (expected 1d, 1w or 1 month, in the policy's time zone)"])
    }

    /// A tariff change in mid-month halves each peak price's share; 0.3001 for a quarter hour isolates it.
    func testTariffsThatSingleOutLessThanARegisterAreRefused() {
        let isolating = tariff.replacingOccurrences(of: "price: 0.3985, days: [weekday], from: \"17:00\", to: \"20:00\"",
                                                    with: "price: 0.3001, from: \"07:00\", to: \"07:15\"")
        let problems = load(head.replacingOccurrences(of: "1 month", with: "1d") + isolating).1
        XCTAssertEqual(problems.count, 1)
        XCTAssertTrue(problems[0].hasPrefix("p.yaml:13:3: error: the tariff can single out less than a band register, so it is refused"), problems[0])
        XCTAssertTrue(problems[0].contains("period from 2026-01-01: price 0.3001 covers 1 of 96 intervals, less than min_share 0.05"), problems[0])
        let changed = tariff + """
                - effective: 2026-12-15
                  standing_charge: 0.5
                  bands:
                    - {name: peak, price: 0.42, days: [weekday], from: "17:00", to: "20:00"}
                    - {name: standard, price: 0.3185}

            """
        let december = load(head + changed.replacingOccurrences(of: "tariff:\n", with: "tariff:\n  holidays: [2026-12-25]\n")).1
        XCTAssertTrue(december.first?.contains("period from 2026-12-01: price 0.3985 covers 120 of 2976 intervals, less than min_share 0.05") == true, "\(december)")
    }

    func testDynamicPricesReleaseTheBillOnlyAndFixTheFilesHash() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("billing-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let prices = "start,price\n2026-03-01T00:00:00Z,0.25\n2026-03-01T01:00:00Z,-0.01\n"
        try prices.write(to: directory.appendingPathComponent("prices.csv"), atomically: true, encoding: .utf8)
        let sha = SHA256.hash(data: Data(prices.utf8)).map { String(format: "%02x", $0) }.joined()
        let dynamic = "tariff:\n  currency: EUR\n  standing_charge: 0.3\n  price_file: {path: prices.csv, sha256: \(sha)}\n"
        let (policy, problems) = load(head + dynamic, directory: directory)
        XCTAssertEqual(problems, [])
        guard case .dynamic(let loaded)? = policy?.billing?.pricing else { return XCTFail("not dynamic") }
        XCTAssertEqual(loaded.interval, 3600)
        XCTAssertEqual(loaded.price(at: 1_772_326_800 + 1800), ExactDecimal("-0.01"), "2026-03-01T01:30Z")
        XCTAssertNil(loaded.price(at: 1_772_326_800 + 3600))
        XCTAssertEqual(load(head + dynamic.replacingOccurrences(of: "currency: EUR", with: "currency: EUR\n  release: both"), directory: directory).1,
                       ["p.yaml:14:12: error: dynamic prices release the bill only (release: bill): per-band registers under prices chosen per interval would single out intervals"])
        let wrong = String(repeating: "0", count: 64)
        XCTAssertEqual(load(head + dynamic.replacingOccurrences(of: sha, with: wrong), directory: directory).1,
                       ["p.yaml:15:15: error: price file 'prices.csv' has SHA-256 \(sha), not the \(wrong) the policy fixes: the prices changed after the policy was written"])
    }
}
