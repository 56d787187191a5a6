import Foundation
import XCTest
@testable import PrivacyRuntime

/// `FlatJSONObject`'s strings, with and without escapes (the escape-free ones are copied in one step): each must read
/// as Foundation's JSON decoder reads it.
final class FlatJSONObjectStringTests: XCTestCase {
    func testStringsReadAsFoundationReadsThem() throws {
        let digits = String(repeating: "1234567890", count: 124)
        let line = #"{"plain":"north","digits":"\#(digits)","escaped":"a\"b\\c\/d\n\te\u00e9","trailing":"x\\","lead":"\"y","empty":""}"#
        let members = try FlatJSONObject.parse(line)
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: String])
        XCTAssertEqual(members.count, expected.count)
        for (name, text) in expected {
            XCTAssertEqual(members[name], .string(text), name)
        }
    }

    func testUnterminatedStringIsAFailure() {
        for line in [#"{"a":"abc"#, #"{"a":"ab\"#, #"{"a":"ab\"c"#] {
            XCTAssertThrowsError(try FlatJSONObject.parse(line), line)
        }
    }
}
