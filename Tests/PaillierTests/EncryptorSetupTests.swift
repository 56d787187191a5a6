import XCTest
@testable import Paillier

final class EncryptorSetupTests: XCTestCase {
    func testGMPFreesThroughTheZeroingAllocatorOnceAnIntegerExists() {
        _ = BigInteger(42) * BigInteger(7)
        XCTAssertTrue(GMPMemory.isZeroingAllocatorActive)
    }

    func testEncryptorsForTheSameKeyShareOneDJNTable() throws {
        let key = TestKeys.key2048.publicKey
        let first = try PaillierEncryptor(publicKey: key, obfuscation: .djn, djnWindowBits: 5)
        let second = try PaillierEncryptor(publicKey: key, obfuscation: .djn, djnWindowBits: 5)
        XCTAssertTrue(first.table === second.table)
        XCTAssertEqual(first.table?.windowBits, 5)
        XCTAssertNil(try PaillierEncryptor(publicKey: key, obfuscation: .standard).table)
        XCTAssertEqual(try TestKeys.key2048.decrypt(second.encrypt(-12)), BigInteger(-12))
    }

    func testDJNExponentIsHalfTheModulusLength() {
        XCTAssertEqual(PaillierEncryptor.djnExponentBits(keyBits: 2048), 1024)
        XCTAssertEqual(PaillierEncryptor.djnExponentBits(keyBits: 3072), 1536)
        XCTAssertEqual(PaillierEncryptor.djnExponentBits(keyBits: 4096), 2048)
        XCTAssertEqual(TestKeys.djn2048.table?.exponentBits, 1024)
    }

    func testInvalidDigitWidthAndTinyKeysAreRefused() throws {
        XCTAssertThrowsError(try PaillierEncryptor(publicKey: TestKeys.key2048.publicKey, obfuscation: .djn, djnWindowBits: 13)) { error in
            XCTAssertTrue("\(error)".contains("1...12"), "\(error)")
        }
        let tiny = PaillierPublicKey(validatedModulus: BigInteger(1009 * 1013), label: "tiny")
        XCTAssertThrowsError(try PaillierEncryptor(publicKey: tiny, obfuscation: .standard)) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, .invalidKey)
        }
    }
}
