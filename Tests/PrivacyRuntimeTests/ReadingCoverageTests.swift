import Foundation
import Policy
import XCTest
@testable import PrivacyRuntime

/// `readings.interval`: the grid readings must lie on, and the coverage a household window needs to be released.
final class ReadingCoverageTests: XCTestCase {
    private let start: Int64 = 1_704_067_200  // 2024-01-01T00:00:00Z

    func testTheGridIsAlignedToTheIntervalInThePolicysTimeZone() {
        let utc = ReadingGrid(interval: 300, timeZone: nil)
        XCTAssertTrue(utc.contains(start))
        XCTAssertTrue(utc.contains(start + 300))
        XCTAssertTrue(utc.contains(-600))
        XCTAssertFalse(utc.contains(start + 60))
        XCTAssertFalse(utc.contains(start + 299))
        XCTAssertFalse(utc.contains(-1))
        // India is 5h30 ahead of UTC: an hourly grid there falls on the half hours of UTC.
        let india = ReadingGrid(interval: 3600, timeZone: TimeZone(identifier: "Asia/Kolkata"))
        XCTAssertFalse(india.contains(start))
        XCTAssertTrue(india.contains(start + 1800))
        XCTAssertTrue(ReadingGrid(interval: 3600, timeZone: nil).contains(start))
    }

    func testSlotsCountTheWindowsIntervalsIncludingShortDSTDays() {
        let grid = ReadingGrid(interval: 300, timeZone: TimeZone(identifier: "Europe/Berlin"))
        XCTAssertEqual(grid.slots(start: start, end: start + 7200), 24)
        // 2024-03-31 in Berlin has 23 hours.
        let assigner = WindowAssigner(length: 86_400, timeZone: TimeZone(identifier: "Europe/Berlin"))
        let day = assigner.window(containing: 1_711_886_400)  // 2024-03-31T12:00:00Z
        XCTAssertEqual(day.end - day.start, 23 * 3600)
        XCTAssertEqual(grid.slots(start: day.start, end: day.end), 23 * 12)
    }

    func testAWindowBelowMinCoverageIsCaughtAndOneAboveIsNot() throws {
        let rules = ReadingRules(decimalPlaces: 3, min: 0, max: 1000, interval: 300)
        let rule = try XCTUnwrap(CoverageRule(readings: rules, timeZone: nil))
        XCTAssertNil(CoverageRule(readings: ReadingRules.standard, timeZone: nil), "no interval, no rule")
        func window(covering slots: Range<Int64>) -> OpenWindow<Int> {
            let window = OpenWindow(scopeKey: "m1", start: start, end: start + 7200, payload: 0)
            for slot in slots { XCTAssertTrue(window.record(meterID: "m1", timestamp: start + slot * 300)) }
            return window
        }
        // 22 of 24 intervals is 91.7%, above 0.9; 21 is 87.5%, below.
        XCTAssertNil(rule.shortfall(of: window(covering: 0..<22)))
        XCTAssertNil(rule.shortfall(of: window(covering: 2..<24)))
        XCTAssertEqual(rule.shortfall(of: window(covering: 0..<21)), "its readings cover 21 of its 24 5m intervals, less than min_coverage 0.9")
        // The attack: the second hour dropped.
        XCTAssertEqual(rule.shortfall(of: window(covering: 0..<12)), "its readings cover 12 of its 24 5m intervals, less than min_coverage 0.9")
        let strict = try XCTUnwrap(CoverageRule(readings: ReadingRules(decimalPlaces: 3, min: 0, max: 1000, interval: 300, minCoveragePerMille: 1000), timeZone: nil))
        XCTAssertNotNil(strict.shortfall(of: window(covering: 0..<23)))
        XCTAssertNil(strict.shortfall(of: window(covering: 0..<24)))
    }

    func testDroppingAnItemsRawTextKeepsEverythingElse() throws {
        let position = SourcePosition(source: "test", line: 7)
        var record = SourceItem.record(SourceRecord(meterID: "m1", region: "north", timestamp: start, value: ExactDecimal("12.5")!,
                                                    position: position, rawText: "m1,north,2024-01-01T00:00:00Z,12.5"))
        record.dropRawText()
        guard case .record(let kept) = record else { return XCTFail("still a record") }
        XCTAssertEqual(kept.rawText, "")
        XCTAssertEqual(kept.meterID, "m1")
        XCTAssertEqual(kept.value, ExactDecimal("12.5")!)
        var malformed = SourceItem.malformed(RejectedReading(position: position, rawText: "garbage 12.5", reason: .malformed, detail: "x"))
        malformed.dropRawText()
        guard case .malformed(let rejected) = malformed else { return XCTFail("still malformed") }
        XCTAssertEqual(rejected.rawText, "")
        XCTAssertEqual(rejected.reason, .malformed)
    }
}
