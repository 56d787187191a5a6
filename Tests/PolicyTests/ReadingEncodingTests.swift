import XCTest
@testable import Policy

/// `readings.encoding`: which readings a policy accepts, and what `check` says of encrypted ones.
final class ReadingEncodingTests: XCTestCase {
    func testEncodingDefaultsToPlainAndReadsEachChoice() throws {
        XCTAssertEqual(try loadPolicy(policy(appending: "readings:", "  min: 0")).readings.encoding, .plain)
        for encoding in ReadingEncoding.allCases {
            XCTAssertEqual(try loadPolicy(policy(appending: "readings:", "  encoding: \(encoding.rawValue)")).readings.encoding, encoding)
        }
    }

    func testUnknownEncodingIsAnErrorAtItsValueWithASuggestion() {
        XCTAssertEqual(diagnostics(policy(appending: "readings:", "  encoding: encryptd")), [
            "test.yaml:18:13: error: invalid value 'encryptd' for 'readings.encoding' (expected plain, encrypted or either; did you mean 'encrypted'?)",
        ])
    }

    func testCheckSaysTheRangeOfEncryptedReadingsCannotBeChecked() throws {
        let plain = try loadPolicy(policy(appending: "readings:", "  encoding: plain"))
        XCTAssertNil(DisclosureSummary(policy: plain, facts: .init(keyID: "k", isDemoKey: false)).readingEncoding)
        for encoding in ["encrypted", "either"] {
            let loaded = try loadPolicy(policy(appending: "readings:", "  encoding: \(encoding)"))
            let text = DisclosureSummary(policy: loaded, facts: .init(keyID: "k", isDemoKey: false)).description
            XCTAssertTrue(text.contains("Readings (readings.encoding: \(encoding))"), text)
            XCTAssertTrue(text.contains("cannot check the range of a value it cannot see (a range proof would)"), text)
            XCTAssertTrue(text.contains("readings.min and readings.max are not enforced for encrypted readings"), text)
        }
    }
}
