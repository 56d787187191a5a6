import Foundation
import Paillier
import Policy
import PrivacyRuntime
import PrivacyRuntimeTesting
import RuntimeKeys
import XCTest

/// The runtime operator's key: its files, its three derived keys checked against an independent
/// Python implementation, and the refusals that keep it apart from the key holder's keys.
final class RuntimeKeyTests: XCTestCase {
    private var directory: TemporaryDirectory!

    override func setUpWithError() throws {
        directory = try TemporaryDirectory()
    }

    override func tearDown() {
        directory.remove()
    }

    private func url(_ name: String) -> URL { directory.url.appendingPathComponent(name) }

    private func mode(_ url: URL) throws -> Int {
        try XCTUnwrap(FileManager.default.attributesOfItem(atPath: url.path)[.posixPermissions] as? Int)
    }

    /// A new key written to `name`, returned with its URL.
    private func writtenKey(_ name: String = "site.runtime-key.json", label: String? = "test key") throws -> (RuntimeKey, URL) {
        let key = RuntimeKey.generate(label: label)
        let file = url(name)
        try key.write(to: file)
        return (key, file)
    }

    private func assertRefused(_ file: URL, code: RuntimeKeyError.Code, mentioning text: String,
                               line: UInt = #line) {
        XCTAssertThrowsError(try RuntimeKey.load(contentsOf: file), line: line) { error in
            let keyError = error as? RuntimeKeyError
            XCTAssertEqual(keyError?.code, code, "\(error)", line: line)
            XCTAssertTrue("\(error)".contains(text), "\(error)", line: line)
            XCTAssertTrue("\(error)".contains(file.path), "\(error)", line: line)
        }
    }

    func testWrittenFileHasMode0600AndLoadsBackTheSameKey() throws {
        let created = Date(timeIntervalSince1970: 1_790_000_000)
        let key = RuntimeKey.generate(label: "site A", created: created)
        let file = url("a.runtime-key.json")
        try key.write(to: file)
        XCTAssertEqual(try mode(file), 0o600)
        let json = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: file)) as? [String: String])
        XCTAssertEqual(json["kty"], "privacy-runtime")
        XCTAssertEqual(json["kid"], "site A")
        XCTAssertEqual(json["created"], "2026-09-21T14:13:20Z")
        XCTAssertEqual(json["secret"]?.count, 43, "32 bytes in unpadded base64url")

        let loaded = try RuntimeKey.load(contentsOf: file)
        XCTAssertEqual(loaded.keyID, key.keyID)
        XCTAssertEqual(loaded.label, "site A")
        XCTAssertEqual(loaded.created, created)
        XCTAssertEqual(loaded.signingPublicKey, key.signingPublicKey)
        XCTAssertEqual(loaded.mac(Data("line".utf8)), key.mac(Data("line".utf8)))
        let sealed = try key.seal(Data("state".utf8), associatedData: Data("ad".utf8))
        XCTAssertEqual(try loaded.open(sealed, associatedData: Data("ad".utf8)), Data("state".utf8))
    }

    func testBase64URLEncodesRFC4648VectorsWithoutPaddingAndRoundTrips() {
        // RFC 4648 section 10's vectors, unpadded, and the two characters the URL alphabet changes.
        let vectors: [([UInt8], String)] = [([], ""), (Array("f".utf8), "Zg"), (Array("fo".utf8), "Zm8"),
                                            (Array("foo".utf8), "Zm9v"), (Array("foobar".utf8), "Zm9vYmFy"),
                                            ([0xfb, 0xff], "-_8"), ([0xfb, 0xef, 0xbe], "----"), ([0xff, 0xff, 0xff], "____")]
        for (bytes, text) in vectors {
            XCTAssertEqual(Base64URL.encode(bytes), text)
            XCTAssertEqual(Base64URL.decode(text).map { Array($0) }, bytes)
        }
        for count in 0..<70 {
            let bytes = (0..<count).map { _ in UInt8.random(in: 0...255) }
            XCTAssertEqual(Base64URL.decode(Base64URL.encode(bytes)).map { Array($0) }, bytes, "\(count) bytes")
        }
    }

    func testFreshKeysDiffer() throws {
        let first = RuntimeKey.generate(), second = RuntimeKey.generate()
        XCTAssertNotEqual(first.keyID, second.keyID)
        XCTAssertNotEqual(first.mac(Data("x".utf8)), second.mac(Data("x".utf8)))
        XCTAssertTrue(first.label.hasPrefix("privacy-runtime runtime key generated "), first.label)
    }

    func testAFileGroupOrOthersCanReadIsRefused() throws {
        let (_, file) = try writtenKey()
        for mode in [0o644, 0o640, 0o604] {
            XCTAssertEqual(chmod(file.path, mode_t(mode)), 0)
            assertRefused(file, code: .insecureFile, mentioning: "run `chmod 600 \(file.path)`")
        }
        XCTAssertEqual(chmod(file.path, 0o400), 0)
        XCTAssertNoThrow(try RuntimeKey.load(contentsOf: file))
    }

    func testAnExistingFileIsNeverOverwritten() throws {
        let (_, file) = try writtenKey()
        let before = try Data(contentsOf: file)
        XCTAssertThrowsError(try RuntimeKey.generate().write(to: file)) { error in
            XCTAssertEqual((error as? RuntimeKeyError)?.code, .fileExists, "\(error)")
        }
        XCTAssertEqual(try Data(contentsOf: file), before)
        let publicFile = url("site.runtime-sign.pub.json")
        try RuntimeKey.generate().signingPublicKey.write(to: publicFile)
        XCTAssertEqual(try mode(publicFile), 0o644)
        XCTAssertThrowsError(try RuntimeKey.generate().signingPublicKey.write(to: publicFile))
    }

    func testOtherKindsOfFileAreRefusedWithWhatTheyAre() throws {
        let examples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("examples/keys")
        let paillierPrivate = url("utility.key.json")
        try FileManager.default.copyItem(at: examples.appendingPathComponent("demo-utility.key.json"), to: paillierPrivate)
        XCTAssertEqual(chmod(paillierPrivate.path, 0o600), 0)
        assertRefused(paillierPrivate, code: .wrongKind, mentioning: "is a Paillier private key, which belongs to the key holder")
        let paillierPublic = url("utility.pub.json")
        try FileManager.default.copyItem(at: examples.appendingPathComponent("demo-utility.pub.json"), to: paillierPublic)
        assertRefused(paillierPublic, code: .wrongKind, mentioning: "is a Paillier public key")

        let (key, secretFile) = try writtenKey()
        let signingPublic = url("site.runtime-sign.pub.json")
        try key.signingPublicKey.write(to: signingPublic)
        assertRefused(signingPublic, code: .wrongKind, mentioning: "is the exported signing public key")
        XCTAssertThrowsError(try RuntimeSigningPublicKey.load(contentsOf: secretFile)) { error in
            XCTAssertEqual((error as? RuntimeKeyError)?.code, .wrongKind, "\(error)")
            XCTAssertTrue("\(error)".contains("the key holder must never hold"), "\(error)")
        }

        assertRefused(url("absent.runtime-key.json"), code: .missingFile, mentioning: "No such file")
        let cases: [(String, RuntimeKeyError.Code, String)] = [
            ("{not json", .malformedFile, "not a JSON object with a string \"kty\""),
            (#"{"kty":"RSA","n":"AQAB"}"#, .wrongKind, "has \"kty\" 'RSA', expected 'privacy-runtime'"),
            (#"{"kty":"privacy-runtime","kid":"k","created":"2026-01-01T00:00:00Z"}"#, .malformedFile, "missing field 'secret'"),
            (#"{"kty":"privacy-runtime","secret":"AAAA","created":"2026-01-01T00:00:00Z"}"#, .malformedFile, "field 'secret' must be 32 bytes"),
            (#"{"kty":"privacy-runtime","secret":"\#(String(repeating: "A", count: 43))","created":"yesterday"}"#, .malformedFile, "field 'created' must be an RFC 3339 time"),
        ]
        for (index, (text, code, message)) in cases.enumerated() {
            let file = url("bad\(index).json")
            XCTAssertEqual(FileManager.default.createFile(atPath: file.path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]), true)
            assertRefused(file, code: code, mentioning: message)
        }
    }

    func testSealOpensOnlyUnalteredDataWithTheSameAssociatedDataAndKey() throws {
        let key = RuntimeKey.generate()
        let plaintext = Data((0..<100).map { UInt8($0) })
        let associated = Data("policy=p window=2026-01-01T00:00Z".utf8)
        let sealed = try key.seal(plaintext, associatedData: associated)
        XCTAssertEqual(sealed.count, 12 + plaintext.count + 16)
        XCTAssertEqual(try key.open(sealed, associatedData: associated), plaintext)
        XCTAssertNotEqual(try key.seal(plaintext, associatedData: associated), sealed, "each seal draws a fresh nonce")

        // A flipped bit anywhere (nonce, ciphertext, tag) is detected.
        for index in [0, 11, 12, 60, sealed.count - 1] {
            var altered = sealed
            altered[altered.startIndex + index] ^= 0x01
            XCTAssertThrowsError(try key.open(altered, associatedData: associated), "byte \(index)") { error in
                XCTAssertEqual((error as? RuntimeKeyError)?.code, .openFailed)
            }
        }
        XCTAssertThrowsError(try key.open(sealed.dropLast(), associatedData: associated))
        XCTAssertThrowsError(try key.open(sealed, associatedData: Data("policy=p window=2026-01-01T01:00Z".utf8)))
        XCTAssertThrowsError(try key.open(sealed, associatedData: Data()))
        XCTAssertThrowsError(try RuntimeKey.generate().open(sealed, associatedData: associated))
    }

    func testSealedDataOpensWithPythonsAESGCMUnderTheHKDFDerivedKey() throws {
        let (key, file) = try writtenKey()
        let plaintext = Data("window state: ciphertexts and counts".utf8)
        let associated = Data("checkpoint v1".utf8)
        let sealed = try key.seal(plaintext, associatedData: associated)
        XCTAssertEqual(try RuntimeKeyPython.run("open", keyFile: file.path, input: [sealed, associated]),
                       [RuntimeKeyPython.hex(plaintext)])
    }

    func testMACMatchesPythonsHKDFAndHMAC() throws {
        let (key, file) = try writtenKey()
        let lines = ["m1,north,2026-01-01T00:05:00Z,12.5", "", "not,a,reading", String(repeating: "x", count: 1000)].map { Data($0.utf8) }
        let ours = lines.map { key.mac($0) }
        XCTAssertEqual(try RuntimeKeyPython.run("mac", keyFile: file.path, input: lines), ours)
        XCTAssertTrue(ours.allSatisfy { $0.count == 64 && $0.allSatisfy(\.isHexDigit) })
        XCTAssertEqual(Set(ours).count, lines.count)
    }

    func testSignatureVerifiesWithTheExportedPublicKeyHereAndInPython() throws {
        let (key, file) = try writtenKey()
        let publicFile = url("site.runtime-sign.pub.json")
        try key.signingPublicKey.write(to: publicFile)
        let exported = try RuntimeSigningPublicKey.load(contentsOf: publicFile)
        XCTAssertEqual(exported.keyID, key.keyID)
        XCTAssertEqual(exported.label, "test key")
        XCTAssertEqual(try RuntimeKeyPython.run("signing-public", keyFile: file.path, input: []),
                       [RuntimeKeyPython.hex(exported.rawRepresentation)], "the seed is HKDF(secret, signing label)")

        let message = Data(#"{"policy":"p","scope_key":"m1","window_start":"2026-01-01T00:00:00Z","total":"..."}"#.utf8)
        let signature = try key.sign(message)
        XCTAssertEqual(signature.count, 64)
        XCTAssertTrue(exported.verify(signature: signature, for: message))
        var changed = message
        changed[changed.startIndex + 12] ^= 0x01
        XCTAssertFalse(exported.verify(signature: signature, for: changed))
        var forged = signature
        forged[forged.startIndex] ^= 0x01
        XCTAssertFalse(exported.verify(signature: forged, for: message))
        XCTAssertFalse(RuntimeKey.generate().signingPublicKey.verify(signature: signature, for: message))

        XCTAssertEqual(try RuntimeKeyPython.run("verify", keyFile: publicFile.path, input: [signature, message]), ["valid"])
        XCTAssertEqual(try RuntimeKeyPython.run("verify", keyFile: publicFile.path, input: [signature, changed]), ["invalid"])
        XCTAssertEqual(try RuntimeKeyPython.run("verify", keyFile: publicFile.path, input: [forged, message]), ["invalid"])
    }

    func testLoadForPolicyReadsTheNamedFileAndRefusesThePaillierPrivateKey() throws {
        let (key, _) = try writtenKey()
        func policy(_ extra: String) throws -> Policy {
            try PolicyLoader.load(yaml: """
                policy: p
                scope: household
                window: 1h
                source: {type: csv, path: in.csv}
                encrypt: {type: paillier, public_key: key.pub.json}
                aggregate: {type: sum}
                sinks: [{type: stdout}]
                \(extra)
                """, fileName: "p.yaml", baseDirectory: directory.url, environment: [:])
        }
        XCTAssertNil(try RuntimeKey.load(for: policy("")))
        XCTAssertEqual(try RuntimeKey.load(for: policy("runtime_key: site.runtime-key.json"))?.keyID, key.keyID)

        let paillierPrivate = url("utility.key.json")
        try TestKeys.privateKey.write(to: paillierPrivate)
        XCTAssertThrowsError(try RuntimeKey.load(for: policy("runtime_key: utility.key.json"))) { error in
            XCTAssertTrue("\(error)".hasPrefix(directory.url.appendingPathComponent("p.yaml").path + ": error: runtime_key: "), "\(error)")
            XCTAssertTrue("\(error)".contains("is a Paillier private key"), "\(error)")
        }
    }
}
