import Foundation
import XCTest
@testable import Paillier

/// Threshold key files at a real size (2048 bits): shares written 0600 and read back, the public file
/// readable as an ordinary public key, and every wrong kind of file refused with a message that says what it is.
final class ThresholdKeyFileTests: XCTestCase {
    static let dealing: ThresholdDealing = {
        do { return try ThresholdKeyGeneration.deal(bits: 2048, threshold: 2, shares: 3) } catch { fatalError("dealing failed: \(error)") }
    }()

    private var folder: URL!

    override func setUpWithError() throws {
        folder = try TestKeys.temporaryDirectory()
    }

    override func tearDown() {
        try? FileManager.default.removeItem(at: folder)
    }

    private func url(_ name: String) -> URL { folder.appendingPathComponent(name) }

    func testASharesFileIsOwnerOnlyAndReadsBackToTheSameShare() throws {
        let share = Self.dealing.shares[1]
        try share.write(to: url("share-2.json"))
        let mode = try FileManager.default.attributesOfItem(atPath: url("share-2.json").path)[.posixPermissions] as? Int
        XCTAssertEqual(mode, 0o600)
        let text = try String(contentsOf: url("share-2.json"), encoding: .utf8)
        XCTAssertTrue(text.hasSuffix(",\"s\":\"\(JWK.encode(share.secret))\"}\n"), text)

        let loaded = try KeyShare.load(contentsOf: url("share-2.json"))
        XCTAssertEqual(loaded.index, 2)
        XCTAssertEqual(loaded.secret, share.secret)
        XCTAssertEqual(loaded.publicKey, Self.dealing.publicKey)
        XCTAssertEqual(loaded.publicKey.dealingID, Self.dealing.publicKey.dealingID)

        try FileManager.default.setAttributes([.posixPermissions: 0o640], ofItemAtPath: url("share-2.json").path)
        XCTAssertThrowsError(try KeyShare.load(contentsOf: url("share-2.json"))) { error in
            XCTAssertTrue("\(error)".contains("chmod 600"), "\(error)")
        }
    }

    func testAnAlteredShareOrPublicKeyIsRefused() throws {
        let share = Self.dealing.shares[0]
        try share.write(to: url("share-1.json"))
        let text = try String(contentsOf: url("share-1.json"), encoding: .utf8)
        let altered = text.replacingOccurrences(of: JWK.encode(share.secret), with: JWK.encode(share.secret + BigInteger(1)))
        try altered.withCString { pointer in
            try OwnerOnlyFile.write(UnsafeRawBufferPointer(start: pointer, count: strlen(pointer)), to: url("altered.json"), what: "test file")
        }
        XCTAssertThrowsError(try KeyShare.load(contentsOf: url("altered.json"))) { error in
            XCTAssertTrue("\(error)".contains("does not match its verification key v_1"), "\(error)")
        }

        let publicText = String(decoding: Self.dealing.publicKey.jwkData(), as: UTF8.self)
        let v2 = JWK.encode(Self.dealing.publicKey.verificationKeys[1])
        try publicText.replacingOccurrences(of: v2, with: JWK.encode(Self.dealing.publicKey.verificationKeys[2]))
            .write(to: url("altered.pub.json"), atomically: true, encoding: .utf8)
        XCTAssertThrowsError(try ThresholdPublicKey.load(contentsOf: url("altered.pub.json"))) { error in
            XCTAssertTrue("\(error)".contains("does not match the key's numbers"), "\(error)")
        }
    }

    func testThePublicFileIsAnOrdinaryPublicKeyForTheRuntime() throws {
        try Self.dealing.publicKey.jwkData().write(to: url("utility.pub.json"))
        let ordinary = try PaillierPublicKey.load(contentsOf: url("utility.pub.json"))
        XCTAssertEqual(ordinary, Self.dealing.publicKey.paillier)
        XCTAssertEqual(ordinary.keyID, Self.dealing.publicKey.keyID)
        let threshold = try ThresholdPublicKey.load(contentsOf: url("utility.pub.json"))
        XCTAssertEqual(threshold.threshold, 2)
        XCTAssertEqual(threshold.shareCount, 3)
        XCTAssertEqual(threshold.verificationKeys, Self.dealing.publicKey.verificationKeys)

        // Encrypted by the ordinary key, decrypted by two custodians.
        let encryptor = try PaillierEncryptor(publicKey: ordinary, obfuscation: .djn)
        let ciphertext = try ordinary.add(encryptor.encrypt(-1_234_567), encryptor.encrypt(1_000_000))
        let context = Array("aggregate".utf8)
        let partials = try [2, 3].map { try Self.dealing.shares[$0 - 1].decrypt(ciphertext, context: context) }
        XCTAssertEqual(try ThresholdCombiner(publicKey: threshold).combine(ciphertext, context: context, partials: partials).plaintext,
                       BigInteger(-234_567))
    }

    func testSingleKeyFilesAndShareFilesAreNotMistakenForEachOther() throws {
        let single = TestKeys.key2048
        try single.write(to: url("single.key.json"))
        try single.publicKey.jwkData().write(to: url("single.pub.json"))
        try Self.dealing.shares[0].write(to: url("share-1.json"))

        XCTAssertThrowsError(try ThresholdPublicKey.load(contentsOf: url("single.pub.json"))) { error in
            XCTAssertTrue("\(error)".contains("not a threshold key"), "\(error)")
        }
        XCTAssertThrowsError(try KeyShare.load(contentsOf: url("single.key.json"))) { error in
            XCTAssertTrue("\(error)".contains("not a key share"), "\(error)")
            XCTAssertTrue("\(error)".contains("not safe primes"), "\(error)")
        }
        XCTAssertThrowsError(try PaillierPrivateKey.load(contentsOf: url("share-1.json"))) { error in
            XCTAssertTrue("\(error)".contains("share of a threshold key"), "\(error)")
        }
        XCTAssertThrowsError(try PaillierPublicKey.load(contentsOf: url("share-1.json"))) { error in
            XCTAssertTrue("\(error)".contains("public keys only"), "\(error)")
        }
        XCTAssertThrowsError(try ThresholdPublicKey.load(contentsOf: url("share-1.json"))) { error in
            XCTAssertTrue("\(error)".contains("holds a secret"), "\(error)")
        }
    }
}
