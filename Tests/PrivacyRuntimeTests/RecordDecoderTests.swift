import XCTest
@testable import PrivacyRuntime

final class RecordDecoderTests: XCTestCase {
    private func reason(_ item: SourceItem) -> RejectReason? {
        if case .malformed(let rejected) = item { return rejected.reason }
        return nil
    }

    func testCSVHeaderOrderAndExtraColumnsAreFollowed() throws {
        let decoder = try CSVRecordDecoder(
            header: "timestamp,extra,energy_wh,region,meter_id", names: .canonical, position: .init(source: "f.csv", line: 1))
        guard case .record(let record) = decoder.decode("2024-01-01T00:05:00Z,x,\"12.5\",north,m1", position: .init(source: "f.csv", line: 2))
        else { return XCTFail("expected a record") }
        XCTAssertEqual(record.meterID, "m1")
        XCTAssertEqual(record.region, "north")
        XCTAssertEqual(record.timestamp, 300 + 1_704_067_200)
        XCTAssertEqual(record.value?.units(decimalPlaces: 3), 12_500)
        XCTAssertEqual(record.position.line, 2)
    }

    func testConfiguredColumnNames() throws {
        let names = ColumnNames(meterID: "id", region: "zone", timestamp: "time", value: "kwh")
        let decoder = try CSVRecordDecoder(header: "id,zone,time,kwh", names: names, position: .init(source: "f.csv", line: 1))
        guard case .record(let record) = decoder.decode("a,b,2024-01-01T00:00:00Z,1", position: .init(source: "f.csv", line: 2))
        else { return XCTFail("expected a record") }
        XCTAssertEqual(record.meterID, "a")
    }

    func testCSVHeaderWithoutARequiredColumnIsAnError() {
        XCTAssertThrowsError(try CSVRecordDecoder(header: "meter_id,region,time,energy_wh", names: .canonical, position: .init(source: "f.csv", line: 1))) {
            XCTAssertEqual("\($0)", "f.csv:1: CSV header has no column 'timestamp' (it has: meter_id, region, time, energy_wh)")
        }
    }

    func testCSVLineProblemsAreRejectedWithReasons() throws {
        let decoder = try CSVRecordDecoder(header: "meter_id,region,timestamp,energy_wh", names: .canonical, position: .init(source: "f.csv", line: 1))
        let cases: [(String, RejectReason, String)] = [
            ("m1,north,2024-01-01T00:00:00Z", .malformed, "expected 4 columns as in the header, found 3"),
            ("m1,\"north,2024-01-01T00:00:00Z,1", .malformed, "column 32: unterminated quoted field"),
            ("m1,,2024-01-01T00:00:00Z,1", .missingField, "missing field 'region'"),
            ("m1,north,01/01/2024,1", .badTimestamp, "'##/##/####' in 'timestamp' is not an RFC 3339 timestamp"),
            ("m1,north,2024-01-01T00:00:00Z,twelve", .badNumber, "'twelve' in 'energy_wh' is not a decimal number"),
            ("  ,north,2024-01-01T00:00:00Z,1", .missingField, "missing field 'meter_id'"),
            ("m1,\t ,2024-01-01T00:00:00Z,1", .missingField, "missing field 'region'"),
            ("m\u{1B}[2J1,north,2024-01-01T00:00:00Z,1", .badIdentifier, "'meter_id' contains a control character"),
            ("m1,no\rrth,2024-01-01T00:00:00Z,1", .badIdentifier, "'region' contains a control character"),
            ("m1,north\u{0},2024-01-01T00:00:00Z,1", .badIdentifier, "'region' contains a control character"),
            ("m1,north,2024-01-01T00:00:00Z,\(String(repeating: "9", count: 100_000))", .badNumber,
             "'\(String(repeating: "#", count: 100_000))' in 'energy_wh' is not a decimal number"),
        ]
        for (line, expectedReason, detail) in cases {
            guard case .malformed(let rejected) = decoder.decode(line, position: .init(source: "f.csv", line: 9)) else {
                XCTFail("\(line) was accepted"); continue
            }
            XCTAssertEqual(rejected.reason, expectedReason, line)
            XCTAssertEqual(rejected.detail, detail, line)
            XCTAssertEqual(rejected.rawText, line)
            XCTAssertEqual(rejected.position, SourcePosition(source: "f.csv", line: 9))
        }
    }

    func testJSONLNumbersStayExactAndStringsAreAccepted() {
        let decoder = JSONLRecordDecoder(names: .canonical)
        let line = #"{"meter_id":"m\"1","region":"north","timestamp":"2024-01-01T00:00:00Z","energy_wh":0.30000000000000004,"meta":{"a":[1,2]}}"#
        guard case .record(let record) = decoder.decode(line, position: .init(source: "f.jsonl", line: 3)) else {
            return XCTFail("expected a record")
        }
        XCTAssertEqual(record.meterID, "m\"1")
        XCTAssertEqual(record.value?.description, "0.30000000000000004")
        XCTAssertNil(record.value?.units(decimalPlaces: 3))
        guard case .record(let second) = decoder.decode(#"{"meter_id":"m","region":"r","timestamp":"2024-01-01T00:00:00Z","energy_wh":"1.25"}"#,
                                                        position: .init(source: "f.jsonl", line: 4))
        else { return XCTFail("expected a record") }
        XCTAssertEqual(second.value?.units(decimalPlaces: 2), 125)
    }

    func testJSONLProblemsAreRejectedWithColumns() {
        let decoder = JSONLRecordDecoder(names: .canonical)
        let cases: [(String, RejectReason, String)] = [
            ("[1,2]", .malformed, "column 1: expected '{' (each line must be a JSON object)"),
            (#"{"meter_id":"m1" "region":"r"}"#, .malformed, "column 18: expected ',' or '}'"),
            (#"{"meter_id":"m1","region":"r","timestamp":"2024-01-01T00:00:00Z"}"#, .missingField, "missing field 'energy_wh'"),
            (#"{"meter_id":"m1","region":"r","timestamp":"2024-01-01T00:00:00Z","energy_wh":null}"#, .missingField, "missing field 'energy_wh'"),
            (#"{"meter_id":"m1","region":"r","timestamp":"2024-01-01T00:00:00Z","energy_wh":1e3}"#, .badNumber, "'#e#' in 'energy_wh' is not a decimal number"),
        ]
        for (line, expectedReason, detail) in cases {
            guard case .malformed(let rejected) = decoder.decode(line, position: .init(source: "f.jsonl", line: 5)) else {
                XCTFail("\(line) was accepted"); continue
            }
            XCTAssertEqual(rejected.reason, expectedReason, line)
            XCTAssertEqual(rejected.detail, detail, line)
        }
    }
}
