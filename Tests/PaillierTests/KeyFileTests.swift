import Foundation
import XCTest
@testable import Paillier

final class KeyFileTests: XCTestCase {
    private var directory: URL!

    override func setUpWithError() throws {
        directory = try TestKeys.temporaryDirectory()
    }

    override func tearDownWithError() throws {
        try? FileManager.default.removeItem(at: directory)
    }

    private func mode(_ url: URL) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as! NSNumber).intValue
    }

    private func write(_ text: String, to name: String, mode: Int = 0o600) throws -> URL {
        let url = directory.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: url.path)
        return url
    }

    private func assertKeyFileError(_ body: @autoclosure () throws -> Any, kind: PaillierError.Kind = .invalidKeyFile,
                                    mentions text: String, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertThrowsError(try body(), file: file, line: line) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, kind, "\(error)", file: file, line: line)
            XCTAssertTrue("\(error)".contains(text), "'\(error)' should mention '\(text)'", file: file, line: line)
        }
    }

    func testPrivateKeyIsWrittenWith0600AndLoadsBack() throws {
        let key = TestKeys.key2048
        let url = directory.appendingPathComponent("private.json")
        try Data("old".utf8).write(to: url)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: url.path)
        try key.write(to: url)
        XCTAssertEqual(try mode(url), 0o600)
        let loaded = try PaillierPrivateKey.load(contentsOf: url)
        XCTAssertEqual(loaded.publicKey, key.publicKey)
        XCTAssertEqual(loaded.publicKey.keyID, key.publicKey.keyID)
        let ciphertext = TestKeys.djn2048.encrypt(-99)
        XCTAssertEqual(try loaded.decrypt(ciphertext), BigInteger(-99))
    }

    func testJWKShapeMatchesPheutil() throws {
        let key = TestKeys.key2048
        let publicObject = try JSONSerialization.jsonObject(with: key.publicKey.jwkData()) as! [String: Any]
        XCTAssertEqual(Set(publicObject.keys), ["kty", "alg", "key_ops", "n", "kid"])
        XCTAssertEqual(publicObject["kty"] as? String, "DAJ")
        XCTAssertEqual(publicObject["alg"] as? String, "PAI-GN1")
        XCTAssertEqual(publicObject["key_ops"] as? [String], ["encrypt"])
        let n = publicObject["n"] as! String
        XCTAssertFalse(n.contains("=") || n.contains("+") || n.contains("/"))
        // Decode independently with Foundation's base64 after undoing the URL-safe alphabet.
        var standard = n.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        standard += String(repeating: "=", count: (4 - standard.count % 4) % 4)
        XCTAssertEqual(Array(Data(base64Encoded: standard)!), key.publicKey.n.bigEndianMagnitude)
        let privateObject = try JSONSerialization.jsonObject(with: key.jwkData()) as! [String: Any]
        XCTAssertEqual(Set(privateObject.keys), ["kty", "key_ops", "p", "q", "pub", "kid"])
        XCTAssertEqual(privateObject["key_ops"] as? [String], ["decrypt"])
        XCTAssertEqual((privateObject["pub"] as? [String: Any])?["n"] as? String, n)
    }

    func testGroupOrWorldReadablePrivateKeyIsRefusedWithFix() throws {
        let url = directory.appendingPathComponent("loose.json")
        try TestKeys.key2048.write(to: url)
        for loose in [0o640, 0o604, 0o644, 0o660] {
            try FileManager.default.setAttributes([.posixPermissions: loose], ofItemAtPath: url.path)
            assertKeyFileError(try PaillierPrivateKey.load(contentsOf: url), kind: .insecureKeyFile, mentions: "chmod 600 \(url.path)")
        }
    }

    func testPublicKeyRoundTripAndKidIsKept() throws {
        let key = TestKeys.key2048.publicKey
        let url = directory.appendingPathComponent("public.json")
        try key.jwkData().write(to: url)
        let loaded = try PaillierPublicKey.load(contentsOf: url)
        XCTAssertEqual(loaded.n, key.n)
        XCTAssertEqual(loaded.keyID, key.keyID)
        let withoutKid = try write("{\"kty\":\"DAJ\",\"alg\":\"PAI-GN1\",\"key_ops\":[\"encrypt\"],\"n\":\"\(JWK.encode(key.n))\"}", to: "nokid.json")
        XCTAssertEqual(try PaillierPublicKey.load(contentsOf: withoutKid).keyID, key.fingerprint)
        XCTAssertNil(try PaillierPublicKey.load(contentsOf: withoutKid).label)
        let named = try write("{\"kty\":\"DAJ\",\"alg\":\"PAI-GN1\",\"key_ops\":[\"encrypt\"],\"n\":\"\(JWK.encode(key.n))\",\"kid\":\"utility-2026\"}", to: "named.json")
        // The file's kid names the key; the id aggregates carry stays the fingerprint of n.
        XCTAssertEqual(try PaillierPublicKey.load(contentsOf: named).label, "utility-2026")
        XCTAssertEqual(try PaillierPublicKey.load(contentsOf: named).keyID, key.fingerprint)
        let renamed = directory.appendingPathComponent("renamed.json")
        try PaillierPublicKey.load(contentsOf: named).jwkData().write(to: renamed)
        XCTAssertEqual(try PaillierPublicKey.load(contentsOf: renamed).label, "utility-2026")
    }

    func testPublicKeyLoaderRefusesPrivateKeys() throws {
        let url = directory.appendingPathComponent("private.json")
        try TestKeys.key2048.write(to: url)
        assertKeyFileError(try PaillierPublicKey.load(contentsOf: url), mentions: "public keys only")
    }

    func testMalformedKeyFilesGiveClearErrors() throws {
        let n = JWK.encode(TestKeys.key2048.publicKey.n)
        let cases: [(String, String)] = [
            ("not json", "not valid JSON"),
            ("{\"kty\":\"DAJ\",\"alg\":\"PAI-GN1\"}", "missing field 'n'"),
            ("{\"kty\":\"RSA\",\"alg\":\"PAI-GN1\",\"n\":\"\(n)\"}", "expected 'DAJ'"),
            ("{\"kty\":\"DAJ\",\"alg\":\"XYZ\",\"n\":\"\(n)\"}", "unsupported Paillier key algorithm"),
            ("{\"kty\":\"DAJ\",\"alg\":\"PAI-GN1\",\"n\":\"!!!\"}", "not base64url"),
            ("{\"kty\":\"DAJ\",\"alg\":\"PAI-GN1\",\"n\":12}", "wrong type"),
            ("{\"kty\":\"DAJ\",\"alg\":\"PAI-GN1\",\"n\":\"AQAB\"}", "bits"),
            ("{\"kty\":\"DAJ\",\"alg\":\"PAI-GN1\",\"n\":\"\(JWK.encode(TestKeys.key2048.publicKey.n + BigInteger(1)))\"}", "odd"),
        ]
        for (index, (text, message)) in cases.enumerated() {
            let url = try write(text, to: "bad\(index).json")
            assertKeyFileError(try PaillierPublicKey.load(contentsOf: url), mentions: message)
            assertKeyFileError(try PaillierPublicKey.load(contentsOf: url), mentions: url.path)
        }
        assertKeyFileError(try PaillierPublicKey.load(contentsOf: directory.appendingPathComponent("missing.json")), mentions: "cannot read")
    }

    func testPrivateKeyWithWrongFactorsIsRefused() throws {
        let key = TestKeys.key2048
        let other = TestKeys.key3072
        let pub = String(decoding: key.publicKey.jwkData(), as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        let swapped = "{\"kty\":\"DAJ\",\"key_ops\":[\"decrypt\"],\"p\":\"\(JWK.encode(other.p))\",\"q\":\"\(JWK.encode(key.q))\",\"pub\":\(pub)}"
        assertKeyFileError(try PaillierPrivateKey.load(contentsOf: write(swapped, to: "swapped.json")), mentions: "p·q does not equal n")
        let missing = "{\"kty\":\"DAJ\",\"key_ops\":[\"decrypt\"],\"p\":\"\(JWK.encode(key.p))\",\"pub\":\(pub)}"
        assertKeyFileError(try PaillierPrivateKey.load(contentsOf: write(missing, to: "missing.json")), mentions: "missing field 'q'")
        let encryptOnly = "{\"kty\":\"DAJ\",\"key_ops\":[\"encrypt\"],\"p\":\"\(JWK.encode(key.p))\",\"q\":\"\(JWK.encode(key.q))\",\"pub\":\(pub)}"
        assertKeyFileError(try PaillierPrivateKey.load(contentsOf: write(encryptOnly, to: "ops.json")), mentions: "lacks \"decrypt\"")
    }
}
