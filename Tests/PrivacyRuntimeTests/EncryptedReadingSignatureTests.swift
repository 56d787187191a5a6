import Foundation
import MeterRegistry
@testable import PrivacyRuntime
import XCTest

/// A reading encrypted at the meter is signed like a plain one, over the ciphertext bytes it carries (key id,
/// exponent and `v` as written), and the registry gate checks it the same way.
final class EncryptedReadingSignatureTests: XCTestCase {
    private var directory: TemporaryDirectory!
    private var fleet: FleetKeys!
    private var gate: RegistryGate!
    private let time: Int64 = 1_793_577_900
    private let ciphertext = MeterCiphertext(decimal: "123456789012345678901234567890", exponent: 0, keyID: "0a1b2c3d4e5f6071")

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
        fleet = FleetKeys.generate(meterIDs: ["M1", "M2"])
        let authority = RegistryAuthority.generate(label: "gateway administrator")
        let meters = ["M1", "M2"].map { RegisteredMeter(meterID: $0, region: "north", publicKey: fleet.publicKey(for: $0)) }
        let url = URL(fileURLWithPath: directory.path("registry.json"))
        try authority.signRegistry(meters).write(to: url)
        gate = RegistryGate(registry: try MeterRegistry.load(contentsOf: url, authorityKey: authority.publicKeyText), path: url.path)
    }

    override func tearDown() {
        directory.remove()
    }

    private func record(_ meter: String, _ carried: MeterCiphertext, signature: String?) -> SourceRecord {
        SourceRecord(meterID: meter, region: "north", timestamp: time, reading: .encrypted(carried),
                     position: SourcePosition(source: "test", line: 1), rawText: "", signature: signature)
    }

    private func signed(_ meter: String, _ carried: MeterCiphertext) throws -> String {
        try XCTUnwrap(try fleet.signature(meterID: meter, timestamp: time, keyID: carried.keyID, exponent: carried.exponent,
                                          ciphertext: carried.decimal))
    }

    func testAnEncryptedReadingSignedByItsMeterPasses() throws {
        XCTAssertNil(gate.check(record("M1", ciphertext, signature: try signed("M1", ciphertext))))
    }

    func testChangingAnyCarriedPartOrTheSignerIsBadSignature() throws {
        let signature = try signed("M1", ciphertext)
        let changed = [
            MeterCiphertext(decimal: "123456789012345678901234567891", exponent: 0, keyID: ciphertext.keyID),
            MeterCiphertext(decimal: ciphertext.decimal, exponent: -1, keyID: ciphertext.keyID),
            MeterCiphertext(decimal: ciphertext.decimal, exponent: 0, keyID: "ffffffffffffffff"),
        ]
        for carried in changed {
            XCTAssertEqual(gate.check(record("M1", carried, signature: signature))?.reason, .badSignature, "\(carried)")
        }
        XCTAssertEqual(gate.check(record("M1", ciphertext, signature: try signed("M2", ciphertext)))?.reason, .badSignature)
        XCTAssertEqual(gate.check(record("M1", ciphertext, signature: nil))?.reason, .badSignature)
        // A plain reading's signature does not sign a ciphertext.
        let plain = try XCTUnwrap(try fleet.signature(meterID: "M1", timestamp: time, value: ExactDecimal("12.5")!))
        XCTAssertEqual(gate.check(record("M1", ciphertext, signature: plain))?.reason, .badSignature)
    }
}
