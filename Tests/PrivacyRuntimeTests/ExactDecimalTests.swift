import XCTest
@testable import PrivacyRuntime

final class ExactDecimalTests: XCTestCase {
    func testParsesDecimalTextIntoUnitsOfTheResolutionExactly() {
        XCTAssertEqual(ExactDecimal("12.345")?.units(decimalPlaces: 3), 12_345)
        XCTAssertEqual(ExactDecimal("12.3")?.units(decimalPlaces: 3), 12_300)
        XCTAssertEqual(ExactDecimal("7")?.units(decimalPlaces: 3), 7_000)
        XCTAssertEqual(ExactDecimal("-0.5")?.units(decimalPlaces: 1), -5)
        XCTAssertEqual(ExactDecimal("+003.100")?.units(decimalPlaces: 1), 31)
        // 0.1 + 0.2 in binary floating point is not 0.3; exact decimals are.
        XCTAssertEqual(ExactDecimal("0.1")!.units(decimalPlaces: 3)! + ExactDecimal("0.2")!.units(decimalPlaces: 3)!,
                       ExactDecimal("0.3")!.units(decimalPlaces: 3)!)
    }

    func testMoreFractionDigitsThanTheResolutionHasNoUnits() {
        XCTAssertNil(ExactDecimal("12.3456")?.units(decimalPlaces: 3))
        XCTAssertNotNil(ExactDecimal("12.3450")?.units(decimalPlaces: 3), "trailing zeros carry no precision")
    }

    func testRejectsTextThatIsNotAPlainDecimal() {
        for text in ["", "-", "1.", ".5", "1e3", "1,5", "12.3.4", " 1", "0x10", "nan", "1234567890123456789"] {
            XCTAssertNil(ExactDecimal(text), text)
        }
    }

    func testDigitLimitCountsSignificantDigitsOnly() {
        XCTAssertEqual(ExactDecimal("123456789012345678")?.significand, 123_456_789_012_345_678)
        XCTAssertEqual(ExactDecimal("-12345678901234567.8")?.significand, -123_456_789_012_345_678)
        XCTAssertEqual(ExactDecimal("0.12345678901234567"), ExactDecimal(significand: 12_345_678_901_234_567, scale: 17))
        XCTAssertNil(ExactDecimal("0.123456789012345678"), "19 digits with the integer 0")
        XCTAssertEqual(ExactDecimal(String(repeating: "0", count: 5000) + "12.5"), ExactDecimal(significand: 125, scale: 1))
        XCTAssertEqual(ExactDecimal("1." + String(repeating: "0", count: 5000)), ExactDecimal(significand: 1, scale: 0))
        XCTAssertEqual(ExactDecimal("1.0000000000000000002"), nil, "the 2 makes it 20 digits")
        XCTAssertEqual(ExactDecimal("1.05"), ExactDecimal(significand: 105, scale: 2))
    }

    func testOverflowingUnitsAreNil() {
        XCTAssertNil(ExactDecimal("999999999999999999")?.units(decimalPlaces: 3))
    }

    func testDescriptionRoundTrips() {
        for text in ["12.345", "-0.05", "7", "0.001"] {
            XCTAssertEqual(ExactDecimal(text)?.description, text)
        }
    }
}
