import XCTest
@testable import Policy

final class WatermarkRuleTests: XCTestCase {
    private func watermark(_ lines: String...) throws -> WatermarkRule {
        try loadPolicy(policy(with: ["watermark:"] + lines)).watermark
    }

    /// The valid policy with `extra` lines appended.
    private func policy(with extra: [String]) -> String {
        (validPolicyLines + extra).joined(separator: "\n") + "\n"
    }

    func testDefaultsFollowAQuarterOfTheFleet() throws {
        let rule = try loadPolicy(policy(with: [])).watermark
        XCTAssertEqual(rule, WatermarkRule(quantilePerMille: 250, minMeters: 3, idleAfter: 3600, maxAhead: 7200))
        XCTAssertEqual(rule.quantileText, "0.25")
    }

    func testEveryKeyIsRead() throws {
        let rule = try watermark("  quantile: 0.5", "  min_meters: 10", "  idle_after: 30m", "  max_ahead: 1h")
        XCTAssertEqual(rule, WatermarkRule(quantilePerMille: 500, minMeters: 10, idleAfter: 1800, maxAhead: 3600))
        XCTAssertEqual(try watermark("  quantile: 1").quantileText, "1")
        XCTAssertEqual(try watermark("  quantile: 0.125").quantilePerMille, 125)
    }

    func testQuantileIndexIsTheLowerNearestRank() {
        let rule = WatermarkRule()
        XCTAssertEqual(rule.index(of: 250, count: 1), 0)
        XCTAssertEqual(rule.index(of: 250, count: 50), 12)   // 0.25 × 49 = 12.25
        XCTAssertEqual(rule.index(of: 1000, count: 50), 49)
        XCTAssertEqual(rule.index(of: 0, count: 50), 0)
    }

    func testBadWatermarkRulesAreLocated() {
        XCTAssertEqual(diagnostics(policy(with: ["watermark:", "  quantile: 1.5"])), [
            "test.yaml:18:13: error: invalid quantile '1.5' for 'watermark.quantile' (expected a number from 0 to 1 with at most 3 decimal places, e.g. 0.25)",
        ])
        XCTAssertEqual(diagnostics(policy(with: ["watermark:", "  quantile: 0.0001"])).count, 1)
        XCTAssertEqual(diagnostics(policy(with: ["watermark:", "  min_meters: 0"])), [
            "test.yaml:18:15: error: 'watermark.min_meters' must be between 1 and 1000000, found 0",
        ])
        XCTAssertEqual(diagnostics(policy(with: ["watermark:", "  max_ahead: 0s"])), [
            "test.yaml:18:14: error: 'watermark.max_ahead' must be longer than 0s",
        ])
        XCTAssertEqual(diagnostics(policy(with: ["watermark:", "  idle_after: 3h"])), [
            "test.yaml:18:15: error: watermark.idle_after 3h must be shorter than watermark.max_ahead 2h (else meters still reporting are rejected as future before silent ones are left out)",
        ])
        XCTAssertEqual(diagnostics(policy(with: ["watermark:", "  quantil: 0.5"])).first?.contains("did you mean 'quantile'?"), true)
    }
}
