import Crypto
import Foundation
@testable import MeterRegistry
import Policy
import RuntimeKeys
import XCTest

final class MeterRegistryTests: XCTestCase {
    private var folder: URL!

    override func setUpWithError() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("meter-registry-\(UUID())")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    private func file(_ name: String) -> URL { folder.appendingPathComponent(name) }

    private func mode(_ url: URL) throws -> Int? {
        try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int
    }

    /// Loading must fail with `code`.
    private func assertRefused(_ url: URL, authority: String, _ code: MeterRegistryError.Code, line: UInt = #line) {
        XCTAssertThrowsError(try MeterRegistry.load(contentsOf: url, authorityKey: authority), line: line) { error in
            XCTAssertEqual((error as? MeterRegistryError)?.code, code, "\(error)", line: line)
        }
    }

    /// A registry of two keyed meters signed by a new authority, written as `registry.json`.
    private func signedRegistry() throws -> (authority: RegistryAuthority, fleet: FleetKeys, url: URL) {
        let authority = RegistryAuthority.generate(label: "test authority")
        let fleet = FleetKeys.generate(meterIDs: ["M0001", "M0002"])
        let meters = [
            RegisteredMeter(meterID: "M0001", region: "north", publicKey: fleet.publicKey(for: "M0001")),
            RegisteredMeter(meterID: "M0002", region: "south", publicKey: fleet.publicKey(for: "M0002")),
        ]
        let url = file("registry.json")
        try authority.signRegistry(meters).write(to: url)
        return (authority, fleet, url)
    }

    func testASignedRegistryLoadsAndPythonVerifiesItsSignature() throws {
        let (authority, fleet, url) = try signedRegistry()
        let registry = try MeterRegistry.load(contentsOf: url, authorityKey: authority.publicKeyText)
        XCTAssertEqual(registry.meters.map(\.meterID), ["M0001", "M0002"])
        XCTAssertEqual(registry.meter("M0002")?.region, "south")
        XCTAssertEqual(registry.meter("M0001")?.publicKeyText, Ed25519Text.text(fleet.publicKey(for: "M0001")!))
        XCTAssertNil(registry.meter("M0003"))
        XCTAssertEqual(try RegistryPython.run(["verify-registry", url.path]), "valid")
    }

    func testATamperedRegistryIsRefused() throws {
        let (authority, fleet, url) = try signedRegistry()
        let original = try String(contentsOf: url, encoding: .utf8)
        let made = FleetKeys.generate(meterIDs: ["FAKE"])
        let tamperings: [(String, String)] = [
            ("\"south\"", "\"north\""),                                            // a meter moved to another region
            ("\"M0002\"", "\"M0003\""),                                            // a meter renamed
            (Ed25519Text.text(fleet.publicKey(for: "M0002")!), Ed25519Text.text(made.publicKey(for: "FAKE")!)), // a key swapped
            ("\"meters\" : [", "\"meters\" : [{\"meter_id\": \"FAKE\", \"region\": \"north\", \"public_key\": \"\"},"), // a meter added
        ]
        for (index, (old, new)) in tamperings.enumerated() {
            XCTAssertTrue(original.contains(old), "the registry has no \(old)")
            let tampered = file("tampered-\(index).json")
            try original.replacingOccurrences(of: old, with: new).write(to: tampered, atomically: true, encoding: .utf8)
            assertRefused(tampered, authority: authority.publicKeyText, .badSignature)
            XCTAssertEqual(try RegistryPython.run(["verify-registry", tampered.path]), "invalid")
        }
        // The same file, re-signed by another key (the key holder's, say) and named as such, is not the policy's authority.
        let other = RegistryAuthority.generate(label: "key holder")
        let resigned = file("resigned.json")
        try other.signRegistry(try MeterRegistry.load(contentsOf: url, authorityKey: authority.publicKeyText).meters).write(to: resigned)
        assertRefused(resigned, authority: authority.publicKeyText, .wrongAuthority)
        // Naming the policy's authority in the file does not help: the signature is the other key's.
        let forged = file("forged.json")
        try String(contentsOf: resigned, encoding: .utf8).replacingOccurrences(of: other.publicKeyText, with: authority.publicKeyText)
            .write(to: forged, atomically: true, encoding: .utf8)
        assertRefused(forged, authority: authority.publicKeyText, .badSignature)
    }

    func testARegistryMadeByPythonLoadsAndItsMetersSignaturesVerify() throws {
        let registryURL = file("python-registry.json")
        let made = try JSONSerialization.jsonObject(with: Data(try RegistryPython.run(["make", registryURL.path]).utf8)) as! [String: String]
        let registry = try MeterRegistry.load(contentsOf: registryURL, authorityKey: made["authority"]!)
        XCTAssertEqual(registry.meters.map(\.meterID), ["M1", "M2", "M3"])
        XCTAssertNil(registry.meter("M3")?.publicKey)
        XCTAssertEqual(registry.signedMeterCount, 2)
        let m1 = try XCTUnwrap(registry.meter("M1")?.publicKey)
        let value = try XCTUnwrap(ExactDecimal("12.50"))
        XCTAssertTrue(ReadingSignature.isValid(made["by_m1"]!, meterID: "M1", timestamp: 1_793_577_600, value: value, key: m1))
        // Another meter's signature, a changed value, time or meter id: all invalid.
        XCTAssertFalse(ReadingSignature.isValid(made["by_m2"]!, meterID: "M1", timestamp: 1_793_577_600, value: value, key: m1))
        XCTAssertFalse(ReadingSignature.isValid(made["by_m1"]!, meterID: "M1", timestamp: 1_793_577_600, value: ExactDecimal("12.6")!, key: m1))
        XCTAssertFalse(ReadingSignature.isValid(made["by_m1"]!, meterID: "M1", timestamp: 1_793_577_601, value: value, key: m1))
        XCTAssertFalse(ReadingSignature.isValid(made["by_m1"]!, meterID: "M2", timestamp: 1_793_577_600, value: value,
                                                key: try XCTUnwrap(registry.meter("M2")?.publicKey)))
        XCTAssertFalse(ReadingSignature.isValid("not base64url!", meterID: "M1", timestamp: 1_793_577_600, value: value, key: m1))
        // A wrong authority key in the policy: refused.
        assertRefused(registryURL, authority: RegistryAuthority.generate(label: "x").publicKeyText, .wrongAuthority)
    }

    func testReadingSignaturesMadeHereVerifyInPythonOverTheCanonicalValue() throws {
        let fleet = FleetKeys.generate(meterIDs: ["M 7"])
        let key = try XCTUnwrap(fleet.publicKey(for: "M 7"))
        for (written, canonical) in [("0012.500", "12.5"), ("-0.0", "0"), ("3", "3"), ("-1.25", "-1.25")] {
            let signature = try XCTUnwrap(try fleet.signature(meterID: "M 7", timestamp: 1_793_577_900, value: ExactDecimal(written)!))
            XCTAssertEqual(Ed25519Text.signature(signature)?.count, 64)
            XCTAssertEqual(try RegistryPython.run(["verify-reading", Ed25519Text.text(key), signature, "M 7", "1793577900", canonical]), "valid", written)
        }
        XCTAssertNil(try fleet.signature(meterID: "other", timestamp: 0, value: ExactDecimal("1")!))
    }

    func testSecretKeyFilesAre0600AndRefusedWhenOthersMayReadThem() throws {
        let authority = RegistryAuthority.generate(label: "gateway administrator")
        let authorityURL = file("authority.json")
        try authority.write(to: authorityURL)
        XCTAssertEqual(try mode(authorityURL), 0o600)
        XCTAssertEqual(try RegistryAuthority.load(contentsOf: authorityURL).publicKeyText, authority.publicKeyText)
        XCTAssertThrowsError(try authority.write(to: authorityURL), "a key file is never overwritten")

        let fleet = FleetKeys.generate(meterIDs: ["A", "B"])
        let fleetURL = file("fleet.json")
        try fleet.write(to: fleetURL)
        XCTAssertEqual(try mode(fleetURL), 0o600)
        let loaded = try FleetKeys.load(contentsOf: fleetURL)
        XCTAssertEqual(loaded.meterIDs, ["A", "B"])
        XCTAssertEqual(loaded.publicKey(for: "B")?.rawRepresentation, fleet.publicKey(for: "B")?.rawRepresentation)

        for file in [authorityURL, fleetURL] {
            try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: file.path)
        }
        XCTAssertThrowsError(try RegistryAuthority.load(contentsOf: authorityURL)) { error in
            XCTAssertEqual((error as? MeterRegistryError)?.code, .insecureFile)
            XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
        }
        XCTAssertThrowsError(try FleetKeys.load(contentsOf: fleetURL)) { error in
            XCTAssertEqual((error as? MeterRegistryError)?.code, .insecureFile)
        }
        // One kind of key file is not taken for the other.
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: fleetURL.path)
        XCTAssertThrowsError(try RegistryAuthority.load(contentsOf: fleetURL)) { error in
            XCTAssertEqual((error as? MeterRegistryError)?.code, .malformed)
        }
    }

    func testADuplicateMeterOrABadKeyIsRefused() throws {
        let authority = RegistryAuthority.generate(label: "a")
        let twice = [RegisteredMeter(meterID: "M", region: "n", publicKey: nil), RegisteredMeter(meterID: "M", region: "s", publicKey: nil)]
        XCTAssertThrowsError(try authority.signRegistry(twice)) { error in
            XCTAssertEqual((error as? MeterRegistryError)?.code, .duplicateMeter)
        }
        XCTAssertThrowsError(try Ed25519Text.publicKey("short", what: "registry.authority_key")) { error in
            XCTAssertEqual((error as? MeterRegistryError)?.code, .badKey)
        }
    }
}
