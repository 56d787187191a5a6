import XCTest
@testable import PrivacyRuntime
import Policy

final class WindowTableTests: XCTestCase {
    /// The fastest clock decides (quantile 1, one meter, nobody idle, no bound ahead): the rule before the
    /// watermark followed the fleet, which the first tests check for the windows' mechanics.
    private static let fastestClock = WatermarkRule(quantilePerMille: 1000, minMeters: 1, idleAfter: 1 << 40, maxAhead: 1 << 40)

    /// Payload: the list of values folded in, so the test can see what went where.
    private func table(scope: Scope = .household, length: Int64 = 3600, lateness: Int64 = 600,
                       rule: WatermarkRule = fastestClock) -> WindowTable<[Int]> {
        WindowTable(assigner: WindowAssigner(length: length), lateness: lateness, watermark: rule, scope: scope, makePayload: { [] })
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
        XCTAssertNil(admit(&t, "m2", "r", 9000, 3))
        XCTAssertNil(admit(&t, "m1", "r", 8900, 4))     // fourth reading: fleet time 9000, watermark 8400
        XCTAssertEqual(t.takeClosed().map { "\($0.scopeKey)=\($0.payload)" }, ["m1=[1]", "m2=[2]"])
        XCTAssertEqual(admit(&t, "m1", "r", 200, 5), .late)
        XCTAssertNil(admit(&t, "m1", "r", 8500, 6))     // [7200,10800) is still open
        XCTAssertEqual(t.openCount, 2)
        XCTAssertEqual(t.closeAll().map { "\($0.scopeKey)@\($0.start)=\($0.payload)" }, ["m1@7200=[4, 6]", "m2@7200=[3]"])
    }

    /// Readings of `meters` meters every 5 minutes from 0 to `until`, interleaved in time order.
    private func fleet(_ meters: Int, until: Int64) -> [(meter: String, time: Int64)] {
        stride(from: 0, through: until, by: 300).flatMap { time in (1...meters).map { ("m\($0)", Int64(time)) } }
    }

    func testOneMeterADayAheadIsRejectedAsFutureAndClosesNoOtherWindow() {
        var t = table(length: 3600, lateness: 300, rule: WatermarkRule())
        var windows: [String] = []
        for (index, reading) in fleet(10, until: 7 * 3600).enumerated() {
            if index == 100 { XCTAssertEqual(admit(&t, "m3", "r", reading.time + 86_400, 0), .future) }
            XCTAssertNil(admit(&t, reading.meter, "r", reading.time, 1), "\(reading)")
            windows += t.takeClosed().map { "\($0.scopeKey)@\($0.start)=\($0.readings)" }
        }
        XCTAssertGreaterThan(windows.count, 0)
        windows += t.closeAll().map { "\($0.scopeKey)@\($0.start)=\($0.readings)" }
        // Every meter's hours 00:00-06:00 with 12 readings each, and 07:00 with one; nothing a day ahead.
        let expected = (1...10).flatMap { meter in (0...7).map { hour in "m\(meter)@\(hour * 3600)=\(hour < 7 ? 12 : 1)" } }
        XCTAssertEqual(windows.sorted(), expected.sorted())
    }

    func testAFastMeterBeforeTheWatermarkExistsDoesNotMoveIt() {
        var t = table(length: 3600, lateness: 300, rule: WatermarkRule())
        XCTAssertNil(admit(&t, "fast", "r", 86_400, 0))  // first reading of all, a day ahead: nothing to compare with
        for reading in fleet(5, until: 3 * 3600) {
            XCTAssertNil(admit(&t, reading.meter, "r", reading.time, 1), "\(reading)")
        }
        let watermark = t.watermark ?? 0
        XCTAssertTrue((2 * 3600..<3 * 3600).contains(watermark), "\(watermark)")
        XCTAssertEqual(t.takeClosed().map { "\($0.scopeKey)@\($0.start)" }, (0...1).flatMap { hour in (1...5).map { "m\($0)@\(hour * 3600)" } })
        XCTAssertEqual(admit(&t, "fast", "r", 86_400 + 300, 0), .future)
    }

    func testSilentMetersAreLeftOutAfterIdleAfter() {
        // Six meters, two of them silent from 01:00: more than the quantile 0.25, so they hold the watermark at
        // 01:00 until they are more than 1h (idle_after) behind the others; then the other four decide.
        var t = table(length: 3600, lateness: 0, rule: WatermarkRule(idleAfter: 3600, maxAhead: 7200))
        func report(until end: Int64, from begin: Int64) {
            for time in stride(from: begin, through: end, by: 300) {
                for meter in 1...6 where meter > 2 || time <= 3600 {
                    XCTAssertNil(admit(&t, "m\(meter)", "r", time, 1))
                }
            }
        }
        report(until: 2 * 3600, from: 0)
        XCTAssertEqual(t.watermark, 3600)
        report(until: 6 * 3600, from: 2 * 3600 + 300)
        XCTAssertGreaterThanOrEqual(t.watermark ?? 0, 6 * 3600 - 600)
    }

    func testAFleetThatResumesAfterAGapLongerThanMaxAheadIsNotRejectedForever() {
        // Ten meters report 00:00-01:00, then nothing until 04:00 (a broker outage, a missing file): the first
        // round after the gap is more than max_ahead (2h) ahead of the fleet, after that the fleet has moved.
        var t = table(length: 3600, lateness: 300, rule: WatermarkRule())
        for reading in fleet(10, until: 3600) { XCTAssertNil(admit(&t, reading.meter, "r", reading.time, 1)) }
        var reasons: [String] = []
        for reading in fleet(10, until: 3 * 3600) {
            reasons.append(admit(&t, reading.meter, "r", reading.time + 4 * 3600, 1).map { "\($0)" } ?? "ok")
        }
        let future = reasons.prefix { $0 == "future" }.count
        XCTAssertGreaterThan(future, 0)
        XCTAssertLessThanOrEqual(future, 10, "about one round of readings is lost")
        XCTAssertEqual(Set(reasons.dropFirst(future)), ["ok"])
        XCTAssertGreaterThanOrEqual(t.watermark ?? 0, 7 * 3600 - 900)
    }

    func testTheWatermarkWaitsForMinMetersAndTheSameInputGivesTheSameWindows() {
        func run() -> [String] {
            var t = table(length: 3600, lateness: 0, rule: WatermarkRule(minMeters: 3))
            var log: [String] = []
            for (index, reading) in fleet(2, until: 5 * 3600).enumerated() {
                log.append("\(admit(&t, reading.meter, "r", reading.time, index).map { "\($0)" } ?? "ok")")
                log += t.takeClosed().map { "closed \($0.scopeKey)@\($0.start)=\($0.payload)" }
            }
            XCTAssertNil(t.watermark)                    // two meters never reach min_meters 3
            return log + t.closeAll().map { "end \($0.scopeKey)@\($0.start)=\($0.payload.count)" }
        }
        let first = run()
        XCTAssertEqual(first.filter { $0.hasPrefix("end") }.count, 12)
        XCTAssertFalse(first.contains { $0.hasPrefix("closed") })
        XCTAssertEqual(first, run())
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
