import XCTest
@testable import PrivacyRuntime

/// `FlatJSONObject.Members` replaced the `[String: Value]` the parser used to fill in document order: lookups, the
/// count and equality must be what that dictionary gave, for repeated names too.
final class FlatJSONObjectMembersTests: XCTestCase {
    /// Names that repeat, that differ only in spelling but are canonically equivalent ("é" composed and decomposed,
    /// KELVIN SIGN and "K"), as dictionary keys are compared, and a name that is never written.
    private let names = ["v", "e", "key_id", "meter_id", "\u{00E9}", "e\u{0301}", "\u{212A}", "K", "absent"]

    private func jsonString(_ text: String) -> String {
        let escaped = text.unicodeScalars.map { scalar in
            guard !scalar.isASCII else { return String(scalar) }
            let hex = String(scalar.value, radix: 16)
            return "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
        }
        return "\"" + escaped.joined() + "\""
    }

    func testLookupsAndCountAgreeWithADictionaryFilledInDocumentOrder() throws {
        var generator = SystemRandomNumberGenerator()
        let written = names.dropLast()
        for _ in 0..<500 {
            var pairs: [(name: String, value: FlatJSONObject.Value)] = []
            for _ in 0..<Int.random(in: 0...12, using: &generator) {
                let value: FlatJSONObject.Value = Bool.random(using: &generator)
                    ? .number(String(Int.random(in: 0...99, using: &generator)))
                    : .string(String(Int.random(in: 0...99, using: &generator)))
                pairs.append((name: written.randomElement(using: &generator)!, value: value))
            }
            var dictionary: [String: FlatJSONObject.Value] = [:]
            for pair in pairs { dictionary[pair.name] = pair.value }
            let line = "{" + pairs.map { pair in
                let value = switch pair.value {
                case .string(let text): jsonString(text)
                default: pair.value.text!
                }
                return jsonString(pair.name) + ":" + value
            }.joined(separator: ",") + "}"

            let parsed = try FlatJSONObject.parse(line)
            XCTAssertEqual(parsed.pairs.map(\.name), pairs.map(\.name), line)
            XCTAssertEqual(parsed.pairs.map(\.value), pairs.map(\.value), line)
            XCTAssertEqual(parsed.count, dictionary.count, line)
            for name in names {
                XCTAssertEqual(parsed[name], dictionary[name], "\(line) [\(name)]")
            }
            XCTAssertEqual(parsed, FlatJSONObject.Members(dictionary.map { (name: $0.key, value: $0.value) }), line)
        }
    }

    func testARepeatedNameCountsOnceAndItsLastValueWins() throws {
        let members = try FlatJSONObject.parse(#"{"a": 1, "b": {"x": "1", "x": "2"}, "a": 3}"#)
        XCTAssertEqual(members.pairs.map(\.name), ["a", "b", "a"])
        XCTAssertEqual(members.count, 2)
        XCTAssertEqual(members["a"], .number("3"))
        guard case .object(let inner)? = members["b"] else { return XCTFail("b is not an object") }
        XCTAssertEqual(inner.count, 1)
        XCTAssertEqual(inner["x"], .string("2"))
    }

    func testEqualityIgnoresOrderAndHiddenValuesLikeDictionaryEquality() {
        let ordered: FlatJSONObject.Members = ["a": .number("1"), "b": .null]
        XCTAssertEqual(ordered, ["b": .null, "a": .number("1")])
        XCTAssertEqual(ordered, FlatJSONObject.Members([(name: "a", value: .bool(true)), (name: "b", value: .null), (name: "a", value: .number("1"))]))
        XCTAssertNotEqual(ordered, ["a": .number("1")])
        XCTAssertNotEqual(ordered, ["a": .number("1"), "b": .bool(false)])
        XCTAssertNotEqual(ordered, ["a": .number("1"), "b": .null, "c": .null])
    }
}
