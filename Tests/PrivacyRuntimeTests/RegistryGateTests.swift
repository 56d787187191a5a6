import Foundation
import MeterRegistry
@testable import PrivacyRuntime
import XCTest

/// Admission against a meter registry: registered meters in their region, signed by their own key over the reading.
final class RegistryGateTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var fleet: FleetKeys!
    private var gate: RegistryGate!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        fleet = FleetKeys.generate(meterIDs: ["M1", "M2"])
        let authority = RegistryAuthority.generate(label: "gateway administrator")
        let meters = [
            RegisteredMeter(meterID: "M1", region: "north", publicKey: fleet.publicKey(for: "M1")),
            RegisteredMeter(meterID: "M2", region: "north", publicKey: fleet.publicKey(for: "M2")),
            RegisteredMeter(meterID: "M3", region: "south", publicKey: nil),
        ]
        let url = URL(fileURLWithPath: directory.path("registry.json"))
        try authority.signRegistry(meters).write(to: url)
        gate = RegistryGate(registry: try MeterRegistry.load(contentsOf: url, authorityKey: authority.publicKeyText), path: url.path)
    }

    override func tearDown() {
        directory.remove()
    }

    /// A record of `meter` at 00:05, `value` Wh, with `signature`.
    private func record(_ meter: String, region: String = "north", value: String = "12.5", signature: String?) -> SourceRecord {
        SourceRecord(meterID: meter, region: region, timestamp: 1_793_577_900, value: ExactDecimal(value)!,
                     position: SourcePosition(source: "test", line: 1), rawText: "", signature: signature)
    }

    private func signed(_ meter: String, value: String = "12.5") throws -> String {
        try XCTUnwrap(try fleet.signature(meterID: meter, timestamp: 1_793_577_900, value: ExactDecimal(value)!))
    }

    func testARegisteredMeterSignedByItsOwnKeyPasses() throws {
        XCTAssertNil(gate.check(record("M1", signature: try signed("M1"))))
        // The same value written differently signs the same.
        XCTAssertNil(gate.check(record("M1", value: "12.500", signature: try signed("M1"))))
        // A registered meter without a key needs no signature.
        XCTAssertNil(gate.check(record("M3", region: "south", signature: nil)))
    }

    func testUnknownMetersAndOtherRegionsAreUnknownMeter() throws {
        XCTAssertEqual(gate.check(record("FAKE1", signature: nil))?.reason, .unknownMeter)
        XCTAssertEqual(gate.check(record("FAKE1", signature: try signed("M1")))?.reason, .unknownMeter)
        let moved = gate.check(record("M1", region: "south", signature: try signed("M1")))
        XCTAssertEqual(moved, RegistryGate.Refusal(reason: .unknownMeter, detail: "meter 'M1' is registered in region 'north', not 'south'"))
    }

    func testMissingOrWrongSignaturesAreBadSignature() throws {
        XCTAssertEqual(gate.check(record("M1", signature: nil))?.reason, .badSignature)
        XCTAssertEqual(gate.check(record("M1", signature: try signed("M2")))?.reason, .badSignature)        // another meter's key
        XCTAssertEqual(gate.check(record("M1", value: "12.6", signature: try signed("M1")))?.reason, .badSignature) // value changed
        XCTAssertEqual(gate.check(record("M1", signature: "!!"))?.reason, .badSignature)
    }

    func testTheCachedVerdictIsOnlyReusedForTheSameReading() throws {
        let good = record("M1", signature: try signed("M1"))
        XCTAssertNil(gate.check(good))
        XCTAssertNil(gate.check(good))
        // Same position and meter, other value: verified afresh, not taken from the cache.
        XCTAssertEqual(gate.check(record("M1", value: "99", signature: try signed("M1")))?.reason, .badSignature)
        XCTAssertNil(gate.check(good))
    }

    func testSourcesCarryTheSignatureColumnOrMember() throws {
        let signature = try signed("M1")
        let csv = try CSVRecordDecoder(header: "meter_id,region,timestamp,energy_wh,signature", names: .canonical,
                                       position: SourcePosition(source: "f.csv", line: 1))
        guard case .record(let fromCSV) = csv.decode("M1,north,2026-11-02T00:05:00Z,12.5,\(signature)", position: .init(source: "f.csv", line: 2))
        else { return XCTFail("expected a record") }
        XCTAssertEqual(fromCSV.signature, signature)
        XCTAssertNil(gate.check(fromCSV))
        guard case .record(let unsigned) = csv.decode("M1,north,2026-11-02T00:05:00Z,12.5,", position: .init(source: "f.csv", line: 3))
        else { return XCTFail("expected a record") }
        XCTAssertNil(unsigned.signature)

        let json = JSONLRecordDecoder(names: .canonical)
        let line = #"{"meter_id":"M1","region":"north","timestamp":"2026-11-02T00:05:00Z","energy_wh":12.5,"signature":"\#(signature)"}"#
        guard case .record(let fromJSON) = json.decode(line, position: .init(source: "f.jsonl", line: 1))
        else { return XCTFail("expected a record") }
        XCTAssertEqual(fromJSON.signature, signature)
        XCTAssertNil(gate.check(fromJSON))
    }
}
