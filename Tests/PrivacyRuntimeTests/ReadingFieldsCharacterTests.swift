import XCTest
@testable import PrivacyRuntime

/// The character checks `ReadingFields` applies to every reading, decided from UTF-8 bytes without Unicode property
/// lookups: they must agree with the Unicode properties and a scalar-by-scalar trim.
final class ReadingFieldsCharacterTests: XCTestCase {
    func testControlCharactersAreExactlyGeneralCategoryCc() {
        var controls = 0
        for value in UInt32(0)...0x10FFFF {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let isCc = scalar.properties.generalCategory == .control
            // Between characters whose bytes look like a C1 control's (0xC2 0xA0, and 0xC4 0x80) but are not one.
            let text = "\u{00A0}" + String(scalar) + "\u{0100}"
            XCTAssertEqual(text.containsControlCharacter, isCc, "U+\(String(value, radix: 16))")
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
