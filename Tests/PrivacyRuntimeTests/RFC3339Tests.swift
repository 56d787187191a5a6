import XCTest
@testable import PrivacyRuntime

final class RFC3339Tests: XCTestCase {
    func testParsesUTCAndOffsets() {
        XCTAssertEqual(RFC3339.parse("1970-01-01T00:00:00Z"), 0)
        XCTAssertEqual(RFC3339.parse("2024-03-01T12:05:00Z"), 1_709_294_700)
        XCTAssertEqual(RFC3339.parse("2024-03-01T13:05:00+01:00"), 1_709_294_700)
        XCTAssertEqual(RFC3339.parse("2024-03-01 07:05:00.999-05:00"), 1_709_294_700)
        XCTAssertEqual(RFC3339.parse("2024-02-29T00:00:00Z"), 1_709_164_800)
    }

    func testRejectsInvalidDates() {
        for text in ["2023-02-29T00:00:00Z", "2024-13-01T00:00:00Z", "2024-01-01T24:00:00Z", "2024-01-01T00:00:00",
                     "2024-01-01", "2024-01-01T00:00:00+0100", "yesterday", "2024-01-01T00:00:00Zjunk"] {
            XCTAssertNil(RFC3339.parse(text), text)
        }
    }

    func testOffsetsThatLeaveTheFourDigitYearsAreRejected() {
        // Found by the RFC3339Fuzz target: in year 10000 UTC, which `format` cannot write back.
        XCTAssertNil(RFC3339.parse("9999-12-31T23:59:59-07:00"))
        XCTAssertNil(RFC3339.parse("0000-01-01T00:00:00+01:00"))
        XCTAssertEqual(RFC3339.parse("9999-12-31T23:59:59Z"), RFC3339.representable.upperBound)
        XCTAssertEqual(RFC3339.parse("0000-01-01T00:00:00Z"), RFC3339.representable.lowerBound)
        for bound in [RFC3339.representable.lowerBound, RFC3339.representable.upperBound] {
            XCTAssertEqual(RFC3339.parse(RFC3339.format(bound)), bound)
        }
    }

    func testFormatIsTheInverseOfParse() {
        for seconds: Int64 in [0, 1_709_294_700, 951_782_400, -86_400, 4_102_444_799] {
            XCTAssertEqual(RFC3339.parse(RFC3339.format(seconds)), seconds)
        }
        XCTAssertEqual(RFC3339.format(1_709_294_700), "2024-03-01T12:05:00Z")
    }
}
