import XCTest
@testable import PrivacyRuntime
import Policy

final class WindowTableTests: XCTestCase {
    /// Payload: the list of values folded in, so the test can see what went where.
    private func table(scope: Scope = .household, length: Int64 = 3600, lateness: Int64 = 600) -> WindowTable<[Int]> {
        WindowTable(assigner: WindowAssigner(length: length), lateness: lateness, scope: scope, makePayload: { [] })
    }

    private func admit(_ table: inout WindowTable<[Int]>, _ meter: String, _ region: String, _ t: Int64, _ value: Int) -> RejectReason? {
        switch table.admit(meterID: meter, region: region, timestamp: t) {
        case .accepted(let window):
            window.payload.append(value)
            return nil
        case .rejected(let reason, _):
            return reason
        }
    }

    func testWindowClosesWhenTheWatermarkPassesItsEndAndLaterReadingsAreLate() {
        var t = table()
        XCTAssertNil(admit(&t, "m1", "r", 0, 1))
        XCTAssertNil(admit(&t, "m1", "r", 3000, 2))
        XCTAssertNil(admit(&t, "m1", "r", 3700, 3))      // watermark 3100: window [0,3600) stays open
        XCTAssertTrue(t.takeClosed().isEmpty)
        XCTAssertNil(admit(&t, "m1", "r", 3500, 4))      // within lateness: accepted into [0,3600)
        XCTAssertNil(admit(&t, "m1", "r", 4200, 5))      // watermark 3600 reaches the end: closes [0,3600)
        let closed = t.takeClosed()
        XCTAssertEqual(closed.map(\.start), [0])
        XCTAssertEqual(closed.first?.payload, [1, 2, 4])
        XCTAssertEqual(closed.first?.readings, 3)
        XCTAssertEqual(admit(&t, "m1", "r", 3599, 6), .late)
        XCTAssertEqual(t.openCount, 1)
        let rest = t.closeAll()
        XCTAssertEqual(rest.map(\.start), [3600])
        XCTAssertEqual(rest.first?.payload, [3, 5])
    }

    func testOneWatermarkClosesTheWindowsOfEveryScopeKey() {
        var t = table()
        XCTAssertNil(admit(&t, "m1", "r", 0, 1))
        XCTAssertNil(admit(&t, "m2", "r", 100, 2))
        XCTAssertNil(admit(&t, "m2", "r", 9000, 3))     // watermark 8400 closes [0,3600) for m1 and m2
        XCTAssertEqual(t.takeClosed().map { "\($0.scopeKey)=\($0.payload)" }, ["m1=[1]", "m2=[2]"])
        XCTAssertEqual(admit(&t, "m1", "r", 200, 4), .late)   // a silent meter cannot keep its window open
        XCTAssertNil(admit(&t, "m1", "r", 8500, 5))     // [7200,10800) is still open
        XCTAssertEqual(t.openCount, 2)
        XCTAssertEqual(t.closeAll().map { "\($0.scopeKey)@\($0.start)=\($0.payload)" }, ["m1@7200=[5]", "m2@7200=[3]"])
    }

    func testDuplicateMeterAndTimestampIsRejectedOnlyWithinTheWindow() {
        var t = table(scope: .region)
        XCTAssertNil(admit(&t, "m1", "north", 60, 1))
        XCTAssertEqual(admit(&t, "m1", "north", 60, 9), .duplicate)
        XCTAssertNil(admit(&t, "m2", "north", 60, 2))   // other meter, same time: fine
        XCTAssertNil(admit(&t, "m1", "north", 120, 3))
        let windows = t.closeAll()
        XCTAssertEqual(windows.count, 1)
        XCTAssertEqual(windows[0].payload, [1, 2, 3])
        XCTAssertEqual(windows[0].meters, 2)
        XCTAssertEqual(windows[0].readings, 3)
    }

    func testRegionScopeGroupsMetersOfARegion() {
        var t = table(scope: .region, length: 900, lateness: 0)
        for (meter, region, time, value) in [("a", "n", 0, 1), ("b", "n", 10, 2), ("c", "s", 20, 4), ("a", "n", 900, 8)] {
            XCTAssertNil(admit(&t, meter, region, Int64(time), value))
        }
        // The reading at 900 moves the watermark to 900 (no lateness): both regions' first windows close.
        let closedByWatermark = t.takeClosed().map { "\($0.scopeKey)@\($0.start)=\($0.payload)" }
        XCTAssertEqual(closedByWatermark, ["n@0=[1, 2]", "s@0=[4]"])
        let rest = t.closeAll().map { "\($0.scopeKey)@\($0.start)=\($0.payload)" }
        XCTAssertEqual(rest, ["n@900=[8]"])
    }

    func testTimeZoneAlignsWindowsToLocalMidnight() throws {
        let zone = try XCTUnwrap(TimeZone(identifier: "Europe/Berlin"))
        let assigner = WindowAssigner(length: 86_400, timeZone: zone)
        // 2024-03-31 is Berlin's spring-forward day: 23 hours, from 2024-03-30T23:00Z to 2024-03-31T22:00Z.
        let window = assigner.window(containing: RFC3339.parse("2024-03-31T12:00:00Z")!)
        XCTAssertEqual(RFC3339.format(window.start), "2024-03-30T23:00:00Z")
        XCTAssertEqual(RFC3339.format(window.end), "2024-03-31T22:00:00Z")
        let utcWindow = WindowAssigner(length: 7200).window(containing: RFC3339.parse("2024-03-31T13:59:59Z")!)
        XCTAssertEqual(RFC3339.format(utcWindow.start), "2024-03-31T12:00:00Z")
    }
}
