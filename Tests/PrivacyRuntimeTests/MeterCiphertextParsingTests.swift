import XCTest
@testable import PrivacyRuntime

/// The JSON form of a value encrypted at the meter, `{"v": "<decimal>", "e": 0, "key_id": "…"}`, as the line and
/// broker sources read it (one parser: `ReadingFields`).
final class MeterCiphertextParsingTests: XCTestCase {
    private let position = SourcePosition(source: "t.jsonl", line: 1)

    private func decode(_ value: String) -> SourceItem {
        JSONLRecordDecoder(names: .canonical).decode(
            #"{"meter_id":"m1","region":"north","timestamp":"2024-01-01T00:00:00Z","energy_wh":\#(value)}"#, position: position)
    }

    private func assertRejected(_ value: String, _ reason: RejectReason, mentions text: String,
                                file: StaticString = #filePath, line: UInt = #line) {
        guard case .malformed(let rejected) = decode(value) else { return XCTFail("accepted \(value)", file: file, line: line) }
        XCTAssertEqual(rejected.reason, reason, file: file, line: line)
        XCTAssertTrue(rejected.detail.contains(text), rejected.detail, file: file, line: line)
        XCTAssertFalse(rejected.detail.contains("98765"), "the detail quotes the ciphertext: \(rejected.detail)", file: file, line: line)
    }

    func testAnEncryptedValueBecomesARecordCarryingItsCiphertext() throws {
        guard case .record(let record) = decode(#"{"v": "98765432123456789", "e": 0, "key_id": "0a1b2c3d4e5f6071"}"#) else {
            return XCTFail("not a record")
        }
        XCTAssertEqual(record.reading, .encrypted(MeterCiphertext(decimal: "98765432123456789", exponent: 0, keyID: "0a1b2c3d4e5f6071")))
        XCTAssertNil(record.value)
        let roundTrip = MeterCiphertext(decimal: "98765432123456789", exponent: 0, keyID: "0a1b2c3d4e5f6071").json
        guard case .record(let again) = decode(roundTrip) else { return XCTFail("json form not read back") }
        XCTAssertEqual(again.reading, record.reading)
    }

    func testEncryptedValuesOfTheWrongFormAreBadCiphertexts() {
        assertRejected(#"{"e": 0, "key_id": "k"}"#, .badCiphertext, mentions: "needs 'v'")
        assertRejected(#"{"v": 98765, "e": 0, "key_id": "k"}"#, .badCiphertext, mentions: "needs 'v'")
        assertRejected(#"{"v": "098765", "e": 0, "key_id": "k"}"#, .badCiphertext, mentions: "without leading zeros")
        assertRejected(#"{"v": "98765x", "e": 0, "key_id": "k"}"#, .badCiphertext, mentions: "decimal digits")
        assertRejected(#"{"v": "98765", "e": "0", "key_id": "k"}"#, .badCiphertext, mentions: "needs 'e'")
        assertRejected(#"{"v": "98765", "e": 0.5, "key_id": "k"}"#, .badCiphertext, mentions: "needs 'e'")
        assertRejected(#"{"v": "98765", "e": 0}"#, .badCiphertext, mentions: "needs 'key_id'")
        assertRejected(#"{"v": "98765", "e": 0, "key_id": "k", "n": "3"}"#, .badCiphertext, mentions: "unknown member 'n'")
        assertRejected(#"{"v": "\#(String(repeating: "9", count: MeterCiphertext.maxDigits + 1))", "e": 0, "key_id": "k"}"#,
                       .badCiphertext, mentions: "more than any accepted key's ciphertext")
    }

    func testARepeatedMemberCountsOnceAndItsLastOccurrenceIsRead() throws {
        guard case .record(let record) = decode(#"{"v": "12x", "e": 1, "key_id": "k", "e": 0, "v": "12345"}"#) else {
            return XCTFail("a repeated v or e is not unknown; their last values are read")
        }
        XCTAssertEqual(record.reading, .encrypted(MeterCiphertext(decimal: "12345", exponent: 0, keyID: "k")))
        assertRejected(#"{"v": "98765", "e": 0, "key_id": "k", "v": "012"}"#, .badCiphertext, mentions: "without leading zeros")
        assertRejected(#"{"v": "98765", "e": 0, "key_id": "k", "z": 1, "n": 2, "z": 3}"#, .badCiphertext, mentions: "unknown member 'n'")
    }

    func testObjectsDeeperThanTheValueAreSkippedNotRead() throws {
        let members = try FlatJSONObject.parse(#"{"a": {"b": {"c": [1, {"d": 2}]}, "e": 3}, "f": [4]}"#)
        XCTAssertEqual(members["a"], .object(["b": .nested, "e": .number("3")]))
        XCTAssertEqual(members["f"], .nested)
        // A deep nesting costs no recursion beyond the first level.
        let deep = String(repeating: #"{"a":"#, count: 100_000) + "1" + String(repeating: "}", count: 100_000)
        XCTAssertNoThrow(try FlatJSONObject.parse(deep))
    }
}
