import XCTest
@testable import PrivacyRuntime

/// The character checks `ReadingFields` applies to every reading, decided without Unicode property lookups: they must
/// agree with the Unicode properties and the scalar-by-scalar trim they replace.
final class ReadingFieldsCharacterTests: XCTestCase {
    func testControlCharactersAreExactlyGeneralCategoryCc() {
        var controls = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let isCc = scalar.properties.generalCategory == .control
            XCTAssertEqual(scalar.isControlCharacter, isCc, "U+\(String(value, radix: 16))")
            if isCc { controls += 1 }
        }
        XCTAssertEqual(controls, 65)
    }

    func testTrimmingDropsOnlyLeadingAndTrailingSpacesAndTabs() {
        let cases = ["m1", " m1", "m1 ", "\tm 1\t ", "  ", "", "\t", "é", " é ", "a\u{0301} ", "\u{00A0}x\u{00A0}", "x\n"]
        for text in cases {
            let scalars = Array(text.unicodeScalars)
            let kept = scalars.drop(while: { $0 == " " || $0 == "\t" }).reversed().drop(while: { $0 == " " || $0 == "\t" }).reversed()
            var expected = String.UnicodeScalarView()
            expected.append(contentsOf: kept)
            XCTAssertEqual(text.trimmingSpaces, String(expected), text.debugDescription)
        }
    }
}
