import XCTest
@testable import Policy

final class ReadingRulesTests: XCTestCase {
    private func readings(_ section: String) throws -> ReadingRules {
        try loadPolicy(policy(appending: "readings:", section)).readings
    }

    func testValuesAreReadExactlyInUnitsOfTheResolution() throws {
        let rules = try readings("  resolution: 0.01\n  min: -5.5\n  max: 100")
        XCTAssertEqual(rules.decimalPlaces, 2)
        XCTAssertEqual(rules.min, -550)
        XCTAssertEqual(rules.max, 10_000)
        XCTAssertEqual(rules.resolutionText, "0.01")
        let whole = try readings("  resolution: 1\n  max: 250000")
        XCTAssertEqual(whole, ReadingRules(decimalPlaces: 0, min: 0, max: 250_000))
        let fine = try readings("  resolution: 0.000001\n  max: 0.1")
        XCTAssertEqual(fine, ReadingRules(decimalPlaces: 6, min: 0, max: 100_000))
    }

    func testDefaultsAreMilliwattHoursUpToAMegawattHour() throws {
        let rules = try readings("  min: 0")
        XCTAssertEqual(rules, ReadingRules(decimalPlaces: 3, min: 0, max: 1_000_000_000))
    }

    func testClockSkewDefaultsToFifteenMinutesAndIsADuration() throws {
        XCTAssertEqual(try readings("  min: 0").maxClockSkew, 900)
        XCTAssertEqual(try readings("  max_clock_skew: 2h").maxClockSkew, 7200)
        XCTAssertEqual(diagnostics(policy(appending: "readings:", "  max_clock_skew: 90")), [
            "test.yaml:18:19: error: invalid duration '90' for 'max_clock_skew' (a duration needs a unit: an integer and a unit s, m, h or d, e.g. 15m, 2h, 30d)",
        ])
    }

    func testBadReadingRules() {
        XCTAssertEqual(diagnostics(policy(appending: "readings:", "  resolution: 0.005")), [
            "test.yaml:18:15: error: invalid resolution '0.005' (expected 1, 0.1, 0.01, ... down to 0.000000001: the Wh in one integer unit)",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "readings:", "  resolution: 0.1", "  min: 0.25")), [
            "test.yaml:19:8: error: 'min' 0.25 has more decimal places than the resolution allows (1)",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "readings:", "  min: 10", "  max: 10")), [
            "test.yaml:18:3: error: readings.min must be below readings.max",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "readings:", "  max: 1e6")), [
            "test.yaml:18:8: error: invalid number '1e6' for 'max' (expected a decimal number of Wh, e.g. 0 or 1500.5)",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "readings:", "  max: 99999999999999999999")), [
            "test.yaml:18:8: error: 'max' 99999999999999999999 is out of range",
        ])
        XCTAssertEqual(diagnostics(policy(appending: "readings:", "  resolutoin: 1")), [
            "test.yaml:18:3: error: unknown key 'resolutoin' in readings (did you mean 'resolution'?)",
        ])
    }

    func testIntervalDefaultsCoverageToNineTenthsAndCoverageIsAFraction() throws {
        XCTAssertNil(try readings("  min: 0").interval)
        let rules = try readings("  interval: 5m")
        XCTAssertEqual(rules.interval, 300)
        XCTAssertEqual(rules.minCoveragePerMille, 900)
        XCTAssertEqual(rules.minCoverageText, "0.9")
        XCTAssertEqual(try readings("  interval: 15m\n  min_coverage: 1").minCoveragePerMille, 1000)
        XCTAssertEqual(try readings("  interval: 1h\n  min_coverage: 0.75").minCoverageText, "0.75")
    }

    func testBadIntervalsAndCoveragesAreLocated() {
        let cases: [(readings: [String], error: String)] = [
            (["  interval: 7m"], "test.yaml:18:13: error: readings.interval 7m does not divide an hour (e.g. 1m, 5m, 10m, 15m, 30m, 1h)"),
            (["  interval: 0s"], "test.yaml:18:13: error: 'readings.interval' must be longer than 0s"),
            (["  min_coverage: 0.9"], "test.yaml:18:17: error: readings.min_coverage needs readings.interval (the meters' reporting interval, e.g. 5m or 15m): coverage counts intervals"),
            (["  interval: 5m", "  min_coverage: 1.5"], "test.yaml:19:17: error: invalid coverage '1.5' for 'readings.min_coverage' (expected a number from 0 to 1 with at most 3 decimal places, e.g. 0.9)"),
        ]
        for (readings, error) in cases {
            XCTAssertEqual(diagnostics((validPolicyLines + ["readings:"] + readings).joined(separator: "\n")), [error])
        }
        var short = validPolicyLines
        short[2] = "window: 15m"
        XCTAssertEqual(diagnostics((short + ["readings:", "  interval: 30m"]).joined(separator: "\n")), [
            "test.yaml:18:13: error: readings.interval 30m does not divide the window 15m",
        ])
        var region = validPolicyLines
        region[1] = "scope: region"
        XCTAssertEqual(diagnostics((region + ["readings:", "  interval: 5m", "  min_coverage: 0.5"]).joined(separator: "\n")), [
            "test.yaml:19:17: error: readings.min_coverage applies to household windows only; a region window's meters are counted by min_meters",
        ])
        XCTAssertEqual(try loadPolicy((region + ["readings:", "  interval: 5m"]).joined(separator: "\n")).readings.interval, 300)
    }
}
