@testable import MQTTSource
@testable import PrivacyRuntime
import XCTest

final class MeterPayloadDecoderTests: XCTestCase {
    private func records(_ items: [SourceItem]) -> [SourceRecord] {
        items.compactMap { if case .record(let record) = $0 { record } else { nil } }
    }

    private func rejects(_ items: [SourceItem]) -> [RejectedReading] {
        items.compactMap { if case .malformed(let rejected) = $0 { rejected } else { nil } }
    }

    private func message(_ topic: String, _ payload: String) -> MQTTMessage {
        MQTTMessage(topic: topic, payload: Array(payload.utf8))
    }

    func testAPayloadOverTheLimitIsCutOnArrivalAndRejectedAsTooLong() throws {
        let json = #"{"timestamp":"2026-01-01T00:05:00Z","energy_wh":1.5,"note":""# + String(repeating: "x", count: 100_000) + #""}"#
        let bytes = Array(json.utf8)
        let cut = bytes.withUnsafeBytes { MQTTMessage(topic: "meters/north/m-7", bytes: $0, limit: 65_536) }
        XCTAssertTrue(cut.isOversized)
        XCTAssertEqual(cut.receivedBytes, bytes.count)
        XCTAssertEqual(cut.payload, Array(bytes.prefix(MQTTMessage.shownBytes)))
        let rejected = try XCTUnwrap(rejects(try MeterPayloadDecoder(format: .json).decode(cut, sequence: 4)).first)
        XCTAssertEqual(rejected.reason, .tooLong)
        XCTAssertEqual(rejected.detail, "payload of \(bytes.count) bytes is longer than the source's max_payload_bytes; only its first bytes are kept here")
        XCTAssertEqual(rejected.rawText, String(decoding: bytes.prefix(MQTTMessage.shownBytes), as: UTF8.self) + "…")

        let whole = bytes.withUnsafeBytes { MQTTMessage(topic: "meters/north/m-7", bytes: $0, limit: bytes.count) }
        XCTAssertFalse(whole.isOversized)
        XCTAssertEqual(records(try MeterPayloadDecoder(format: .json).decode(whole, sequence: 5)).first?.value, ExactDecimal(significand: 15, scale: 1))
    }

    func testJSONTakesMeterAndRegionFromTopicAndKeepsTheValueExact() throws {
        let decoder = try MeterPayloadDecoder(format: .json)
        let items = decoder.decode(message("meters/north/m-7", #"{"timestamp":"2026-01-01T00:05:00Z","energy_wh":0.1}"#), sequence: 3)
        let record = try XCTUnwrap(records(items).first)
        XCTAssertEqual(record.meterID, "m-7")
        XCTAssertEqual(record.region, "north")
        XCTAssertEqual(record.timestamp, 1_767_225_900)
        XCTAssertEqual(record.value, ExactDecimal(significand: 1, scale: 1))
        XCTAssertEqual(record.position.description, "mqtt:meters/north/m-7:3")
    }

    func testJSONAcceptsEpochSecondsAndPayloadIdentifiers() throws {
        let decoder = try MeterPayloadDecoder(format: .json)
        let items = decoder.decode(
            message("meters/x", #"{"meter_id":"m-1","region":"south","timestamp":1767225900,"energy_wh":"12.345"}"#), sequence: 1)
        let record = try XCTUnwrap(records(items).first)
        XCTAssertEqual([record.meterID, record.region], ["m-1", "south"])
        XCTAssertEqual(record.value?.units(decimalPlaces: 3), 12_345)
    }

    func testJSONIgnoresOtherMembersNestedOrNot() throws {
        let decoder = try MeterPayloadDecoder(format: .json)
        let payload = #"{"firmware":{"version":"1.2","flags":[1,2]},"timestamp":"2026-01-01T00:05:00Z","ok":true,"energy_wh":1.5,"note":null}"#
        let items = decoder.decode(message("meters/north/m-7", payload), sequence: 1)
        XCTAssertEqual(rejects(items).map(\.detail), [])
        XCTAssertEqual(records(items).map { $0.value?.units(decimalPlaces: 3) }, [1_500])
    }

    func testJSONProblemsBecomeRejectsWithReasons() throws {
        let decoder = try MeterPayloadDecoder(format: .json)
        let cases: [(String, String, RejectReason)] = [
            ("meters/north/m-1", #"{"timestamp":"2026-01-01T00:05:00Z","energy_wh":1e3}"#, .badNumber),
            ("meters/north/m-1", #"{"timestamp":"yesterday","energy_wh":1}"#, .badTimestamp),
            ("meters/north/m-1", #"{"energy_wh":1}"#, .missingField),
            ("meters/north/m-1", #"{"meter_id":"m-2","timestamp":"2026-01-01T00:05:00Z","energy_wh":1}"#, .malformed),
            ("meters/north/m-1", #"{"timestamp": ["x"]}"#, .malformed),
            ("meters/north/m-1", #"{"meter_id": true, "timestamp": 1767225900, "energy_wh": 1}"#, .malformed),
            ("meters/north/m-1", "not json", .malformed),
        ]
        for (topic, payload, reason) in cases {
            let rejected = rejects(decoder.decode(message(topic, payload), sequence: 1))
            XCTAssertEqual(rejected.map(\.reason), [reason], payload)
        }
    }

    func testCSVPayloadsWithFourOrTwoColumns() throws {
        let decoder = try MeterPayloadDecoder(format: .csv)
        // A topic without region and meter levels leaves the payload's identifiers unchecked.
        let four = decoder.decode(message("meters/batch", """
            meter_id,region,timestamp,energy_wh
            m-1,north,2026-01-01T00:00:00Z,1.5
            m-2,south,2026-01-01T00:05:00Z,2.25
            """), sequence: 1)
        XCTAssertEqual(records(four).map(\.meterID), ["m-1", "m-2"])
        XCTAssertEqual(records(four).map { $0.value?.units(decimalPlaces: 3) }, [1_500, 2_250])
        let two = decoder.decode(message("meters/east/m-9", "2026-01-01T00:10:00Z,3"), sequence: 2)
        XCTAssertEqual(records(two).map(\.region), ["east"])
        XCTAssertEqual(records(two).map(\.meterID), ["m-9"])
    }

    func testCSVPayloadsAreCheckedAgainstTheTopicAsJSONOnesAre() throws {
        let decoder = try MeterPayloadDecoder(format: .csv)
        let items = decoder.decode(message("meters/north/m-1", """
            m-1,north,2026-01-01T00:00:00Z,1.5
            m-2,north,2026-01-01T00:00:00Z,0
            m-1,south,2026-01-01T00:05:00Z,0
            2026-01-01T00:10:00Z,2
            """), sequence: 7)
        XCTAssertEqual(records(items).map(\.meterID), ["m-1", "m-1"])
        XCTAssertEqual(records(items).map { $0.value?.units(decimalPlaces: 3) }, [1_500, 2_000])
        XCTAssertEqual(rejects(items).map(\.reason), [.malformed, .malformed])
        XCTAssertEqual(rejects(items).map(\.detail), [
            "'meter_id' is 'm-2' in the payload but 'm-1' in the topic",
            "'region' is 'south' in the payload but 'north' in the topic",
        ])
        XCTAssertEqual(rejects(decoder.decode(message("meters/north/m-1", "a,b,c,d,e,f"), sequence: 8)).map(\.reason), [.malformed])
    }

    func testPayloadsCarryTheMetersSignature() throws {
        let signature = String(repeating: "A", count: 85) + "w"
        let json = try MeterPayloadDecoder(format: .json).decode(
            message("meters/north/m-1", #"{"timestamp":"2026-01-01T00:05:00Z","energy_wh":1.5,"signature":"\#(signature)"}"#), sequence: 1)
        XCTAssertEqual(records(json).map(\.signature), [signature])
        let wrongType = try MeterPayloadDecoder(format: .json).decode(
            message("meters/north/m-1", #"{"timestamp":"2026-01-01T00:05:00Z","energy_wh":1.5,"signature":7}"#), sequence: 2)
        XCTAssertEqual(rejects(wrongType).map(\.reason), [.malformed])
        let csv = try MeterPayloadDecoder(format: .csv).decode(message("meters/north/m-1", """
            2026-01-01T00:00:00Z,1.5,\(signature)
            m-1,north,2026-01-01T00:05:00Z,2,\(signature)
            2026-01-01T00:10:00Z,3
            """), sequence: 3)
        XCTAssertEqual(records(csv).map(\.signature), [signature, signature, nil])
    }

    func testThePublishPayloadCarriesTheSignatureWhenThereIsOne() {
        XCTAssertEqual(CSVReplay.payload(timestamp: "2026-01-01T00:00:00Z", energy: "1.50", signature: "c2ln"),
                       #"{"timestamp":"2026-01-01T00:00:00Z","energy_wh":1.50,"signature":"c2ln"}"#)
        XCTAssertEqual(CSVReplay.payload(timestamp: "2026-01-01T00:00:00Z", energy: "1.50"),
                       #"{"timestamp":"2026-01-01T00:00:00Z","energy_wh":1.50}"#)
    }
}
