import XCTest
@testable import Paillier

/// `BigInteger(decimal:)` converts the digits itself, 19 at a time with eight-digit SWAR steps (`DecimalLimbs`): its
/// values must be those the test builds digit by digit (Horner's rule with GMP's multiplication and addition), and
/// only `-?[0-9]+` parses, whichever byte of a group is not a digit.
final class DecimalParsingTests: XCTestCase {
    /// The value of `digits` by Horner's rule, one digit at a time.
    private func horner(_ digits: String) -> BigInteger {
        var value = BigInteger(0)
        for digit in digits.utf8 { value = value * BigInteger(10) + BigInteger(Int64(digit - UInt8(ascii: "0"))) }
        return value
    }

    func testDigitsOfEveryLengthParseToTheirValue() throws {
        var generator = SystemRandomNumberGenerator()
        for length in Array(1...80) + [150, 616, 617, 1_232, 1_233, 1_234, 4_933, 10_000] {
            let digits = String((0..<length).map { _ in Character(String(Int.random(in: 0...9, using: &generator))) })
            let value = try XCTUnwrap(BigInteger(decimal: digits), "\(length) digits")
            XCTAssertEqual(value, horner(digits), "\(length) digits")
            let negative = try XCTUnwrap(BigInteger(decimal: "-" + digits), "-\(length) digits")
            XCTAssertEqual(negative, BigInteger(0) - horner(digits), "-\(length) digits")
        }
    }

    func testLeadingZerosAndSmallValues() throws {
        XCTAssertEqual(BigInteger(decimal: "0"), BigInteger(0))
        XCTAssertEqual(BigInteger(decimal: "-0"), BigInteger(0))
        XCTAssertEqual(BigInteger(decimal: String(repeating: "0", count: 300)), BigInteger(0))
        XCTAssertEqual(BigInteger(decimal: String(repeating: "0", count: 300) + "42"), BigInteger(42))
        XCTAssertEqual(BigInteger(decimal: "-" + String(repeating: "0", count: 40) + "7"), BigInteger(-7))
        XCTAssertEqual(BigInteger(decimal: String(Int64.max)), BigInteger(Int64.max))
        XCTAssertEqual(BigInteger(decimal: String(Int64.min)), BigInteger(Int64.min))
        XCTAssertEqual(BigInteger(decimal: "18446744073709551616")?.description, "18446744073709551616")  // 2^64
    }

    func testANonDigitAtAnyPlaceOfAnyGroupIsRefused() {
        let digits = Array("3141592653589793238462643383279502884197169399375105820974944592".utf8)
        // The bytes just outside '0'...'9', bytes that share a digit's low nibble, and the extremes.
        let strangers: [UInt8] = [0x2F, 0x3A, 0x3F, 0x20, 0x40, 0x70, 0x39 + 0x80, 0x30 - 0x10, 0x00, 0xFF]
        for length in [19, 20, 38, 45, 64] {
            for place in 0..<length {
                for stranger in strangers {
                    var text = Array(digits.prefix(length))
                    text[place] = stranger
                    XCTAssertNil(BigInteger(decimal: String(decoding: text, as: UTF8.self)), "byte \(stranger) at \(place) of \(length)")
                }
            }
        }
    }

    func testAnythingButOptionalMinusAndDigitsIsRefused() {
        for text in ["", "-", "+1", " 1", "1 ", "1_000", "12a", "0x1f", "--1", "1-", "١٢", "1\n", "\u{0}1", "1.0", "1e3"] {
            XCTAssertNil(BigInteger(decimal: text), text.debugDescription)
        }
    }
}
