import NATSSource
import XCTest

/// The subject scheme meters publish on in NATS.
final class MeterSubjectTests: XCTestCase {
    func testRegionAndMeterAreTheLastTwoSubjectTokens() {
        XCTAssertEqual(MeterSubject.parse("meters.north.m-1")?.region, "north")
        XCTAssertEqual(MeterSubject.parse("meters.north.m-1")?.meterID, "m-1")
        XCTAssertEqual(MeterSubject.parse("utility.x.meters.south.m-2")?.region, "south")
        XCTAssertNil(MeterSubject.parse("meters.m-1"))
        XCTAssertNil(MeterSubject.parse("meters.north."))
        XCTAssertTrue(MeterSubject.isValidToken("m-0042"))
        for bad in ["", "a.b", "*", "a>", "a b"] { XCTAssertFalse(MeterSubject.isValidToken(bad), bad) }
        XCTAssertTrue(MeterSubject.isValidFilter("meters.>"))
        XCTAssertTrue(MeterSubject.isValidFilter("meters.*.m-1"))
        for bad in ["meters.>.x", "meters..x", "meters.n*", "", "meters.a b"] { XCTAssertFalse(MeterSubject.isValidFilter(bad), bad) }
    }
}
