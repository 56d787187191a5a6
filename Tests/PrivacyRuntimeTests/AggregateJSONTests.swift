import Foundation
import XCTest
@testable import PrivacyRuntime

final class AggregateJSONTests: XCTestCase {
    func testLineHasTheDocumentedShapeAndReadsBack() throws {
        let record = AggregateRecord(policy: "billing", scope: "household", scopeKey: "m\"1", windowStart: 1_704_067_200,
                                     windowEnd: 1_704_074_400, readings: 24, meters: 1, keyID: "kid-1", ciphertext: "98765",
                                     decimalPlaces: 3)
        let line = AggregateJSON.line(record)
        XCTAssertEqual(line, #"{"policy":"billing","scope":"household","scope_key":"m\"1","window_start":"2024-01-01T00:00:00Z","window_end":"2024-01-01T02:00:00Z","readings":24,"meters":1,"decimal_places":3,"key_id":"kid-1","ciphertext":{"v":"98765","e":0}}"#)
        XCTAssertEqual(try AggregateJSON.record(line), record)
    }

    func testAWindowMarkedIncompleteCarriesTheFlagAndReadsBack() throws {
        var record = AggregateRecord(policy: "p", scope: "region", scopeKey: "north", windowStart: 0, windowEnd: 3600,
                                     readings: 3, meters: 3, keyID: "k", ciphertext: "5", decimalPlaces: 0)
        XCTAssertFalse(AggregateJSON.line(record).contains("incomplete"), "a complete window's line is unchanged")
        record.incomplete = true
        let line = AggregateJSON.line(record)
        XCTAssertTrue(line.hasSuffix(#","incomplete":true}"#), line)
        XCTAssertEqual(try AggregateJSON.record(line), record)
    }

    func testReaderNamesTheBadLine() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let good = AggregateJSON.line(AggregateRecord(policy: "p", scope: "region", scopeKey: "n", windowStart: 0, windowEnd: 3600,
                                                      readings: 1, meters: 1, keyID: "k", ciphertext: "5", decimalPlaces: 0))
        try directory.write("a.jsonl", good + "\n" + #"{"policy":"p"}"# + "\n")
        var seen = 0
        XCTAssertThrowsError(try JSONLAggregateReader(path: directory.path("a.jsonl")).forEach { _ in seen += 1 }) {
            XCTAssertEqual("\($0)", "\(directory.path("a.jsonl")):2: missing 'scope'")
        }
        XCTAssertEqual(seen, 1)
    }
}
