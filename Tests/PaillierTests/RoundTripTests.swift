import CGMP
import XCTest
@testable import Paillier

final class RoundTripTests: XCTestCase {
    func testGeneratedKeysHaveRequestedSizeAndCheckedPrimes() throws {
        for bits in PaillierPrivateKey.supportedBits {
            let key = TestKeys.key(bits: bits)
            XCTAssertEqual(key.publicKey.bits, bits)
            XCTAssertEqual(key.publicKey.n.bitWidth, bits)
            XCTAssertEqual(key.p.bitWidth, bits / 2)
            XCTAssertEqual(key.q.bitWidth, bits / 2)
            XCTAssertEqual(key.p * key.q, key.publicKey.n)
            // GMP's own test (BPSW + rounds) as an independent check of our Miller–Rabin.
            XCTAssertNotEqual(__gmpz_probab_prime_p(key.p.pointer, 10), 0)
            XCTAssertNotEqual(__gmpz_probab_prime_p(key.q.pointer, 10), 0)
            let distance = key.p > key.q ? key.p - key.q : key.q - key.p
            XCTAssertGreaterThan(distance.bitWidth, bits / 2 - 100)
            XCTAssertEqual(key.publicKey.keyID, key.publicKey.fingerprint)
        }
    }

    func testMillerRabinSeparatesPrimesFromComposites() {
        let prime = BigInteger(decimal: "170141183460469231731687303715884105727")!  // 2^127 − 1
        let carmichael = BigInteger(561)
        let semiprime = prime * BigInteger(decimal: "2305843009213693951")!  // (2^127 − 1)(2^61 − 1)
        XCTAssertTrue(PrimalityTest.isProbablePrime(prime, rounds: 5))
        XCTAssertFalse(PrimalityTest.millerRabin(carmichael, rounds: 5))
        XCTAssertFalse(PrimalityTest.isProbablePrime(semiprime, rounds: 5))
        XCTAssertEqual(PrimalityTest.millerRabinRounds(primeBits: 1024), 5)
        XCTAssertEqual(PrimalityTest.millerRabinRounds(primeBits: 1536), 4)
        XCTAssertEqual(PrimalityTest.millerRabinRounds(primeBits: 2048), 4)
    }

    func testUnsupportedKeySizeIsRefused() {
        XCTAssertThrowsError(try PaillierPrivateKey.generate(bits: 1024)) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, .unsupportedKeySize)
            XCTAssertTrue("\(error)".contains("2048, 3072, 4096"), "\(error)")
        }
    }

    func testRoundTripsAtEveryKeySizeIncludingNegativesAndEncodingBounds() throws {
        for bits in PaillierPrivateKey.supportedBits {
            let key = TestKeys.key(bits: bits)
            let maxInt = key.publicKey.n.floorDivided(by: BigInteger(3)) - BigInteger(1)  // python-paillier's max_int
            for obfuscation in Obfuscation.allCases {
                let encryptor = bits == 2048
                    ? (obfuscation == .djn ? TestKeys.djn2048 : TestKeys.standard2048)
                    : try PaillierEncryptor(publicKey: key.publicKey, obfuscation: obfuscation, djnWindowBits: 4)
                for value: Int64 in [0, 1, -1, 42, -42, Int64.max, Int64.min] {
                    XCTAssertEqual(try key.decrypt(encryptor.encrypt(value)), BigInteger(value), "\(bits) \(obfuscation) \(value)")
                }
                for value in [maxInt, -maxInt, maxInt - BigInteger(1), BigInteger(1) - maxInt] {
                    XCTAssertEqual(try key.decrypt(encryptor.encrypt(value)), value, "\(bits) \(obfuscation) bound")
                }
                XCTAssertThrowsError(try encryptor.encrypt(maxInt + BigInteger(1))) { error in
                    XCTAssertEqual((error as? PaillierError)?.kind, .plaintextOutOfRange)
                }
                XCTAssertThrowsError(try encryptor.encrypt(-maxInt - BigInteger(1)))
            }
        }
    }

    func testEncryptionIsRandomised() {
        let first = TestKeys.djn2048.encrypt(7)
        let second = TestKeys.djn2048.encrypt(7)
        XCTAssertNotEqual(first.value, second.value)
        XCTAssertNotEqual(TestKeys.standard2048.encrypt(7).value, TestKeys.standard2048.encrypt(7).value)
    }
}
