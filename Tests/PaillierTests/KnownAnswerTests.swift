import CGMP
import XCTest
@testable import Paillier

/// Small fixed keys whose expected ciphertexts the test computes itself with 64-bit arithmetic,
/// independently of GMP: c = (1 + n)^m · r^n mod n².
final class KnownAnswerTests: XCTestCase {
    let p: UInt64 = 1009
    let q: UInt64 = 1013
    var n: UInt64 { p * q }
    var nSquared: UInt64 { n * n }

    private func mulmod(_ a: UInt64, _ b: UInt64, _ m: UInt64) -> UInt64 {
        let product = a.multipliedFullWidth(by: b)
        return m.dividingFullWidth((product.high, product.low)).remainder
    }

    private func powmod(_ base: UInt64, _ exponent: UInt64, _ m: UInt64) -> UInt64 {
        var result: UInt64 = 1
        var base = base % m
        var exponent = exponent
        while exponent > 0 {
            if exponent & 1 == 1 { result = mulmod(result, base, m) }
            base = mulmod(base, base, m)
            exponent >>= 1
        }
        return result
    }

    private func big(_ value: UInt64) -> BigInteger { BigInteger(decimal: String(value))! }

    private func smallKey() throws -> PaillierPrivateKey {
        let publicKey = PaillierPublicKey(validatedModulus: big(n), label: "kat")
        return try PaillierPrivateKey(validatedP: big(p), q: big(q), publicKey: publicKey)
    }

    func testEncryptionWithFixedObfuscatorMatchesTextbookFormula() throws {
        let key = try smallKey()
        let scratch = MPZ()
        for (m, r): (UInt64, UInt64) in [(0, 2), (1, 3), (42, 12345), (340_000, 999_999), (n - 5, 77)] {
            let obfuscator = big(powmod(r, n, nSquared))
            let encoded = big(m)
            let result = MPZ()
            withExtendedLifetime((encoded, obfuscator, scratch)) {
                key.publicKey.combine(encoded: encoded.pointer, obfuscator: obfuscator.pointer,
                                      into: result.pointer, scratch: scratch.pointer)
            }
            let expected = mulmod(powmod(n + 1, m, nSquared), powmod(r, n, nSquared), nSquared)
            XCTAssertEqual(BigInteger(storage: result), big(expected), "m=\(m) r=\(r)")
        }
    }

    func testDecryptionOfTextbookCiphertextsIsSigned() throws {
        let key = try smallKey()
        let maxInt = n / 3 - 1
        for (m, r): (UInt64, UInt64) in [(0, 2), (7, 5), (maxInt, 11), (n - 1, 13), (n - maxInt, 17)] {
            let c = mulmod(powmod(n + 1, m, nSquared), powmod(r, n, nSquared), nSquared)
            let decrypted = try key.decrypt(PaillierCiphertext(decimal: String(c), publicKey: key.publicKey))
            let expected = m <= maxInt ? big(m) : big(m) - big(n)
            XCTAssertEqual(decrypted, expected, "m=\(m)")
        }
    }

    func testOverflowBandIsAnErrorNotAWrongNumber() throws {
        let key = try smallKey()
        let m = n / 2  // between max_int and n − max_int
        let c = mulmod(powmod(n + 1, m, nSquared), powmod(3, n, nSquared), nSquared)
        XCTAssertThrowsError(try key.decrypt(PaillierCiphertext(decimal: String(c), publicKey: key.publicKey))) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, .overflow)
            XCTAssertTrue("\(error)".contains("overflow"), "\(error)")
        }
    }

    func testFixedBaseTableAgreesWithFermatAndPowm() {
        // m = 2^1279 − 1 is prime, so base^(m−1) = 1 (Fermat) whatever the table does internally.
        let m = BigInteger(1).shiftedLeft(by: 1279) - BigInteger(1)
        let base = BigInteger(decimal: "123456789123456789123456789")!
        let mMinusOne = m - BigInteger(1)
        for windowBits in [1, 3, 4, 8] {
            let table = FixedBaseTable(base: base, modulus: m, exponentBits: 1279, windowBits: windowBits)
            let exponents = [BigInteger(0), BigInteger(1), BigInteger(2), BigInteger(255), BigInteger(256),
                             BigInteger(1).shiftedLeft(by: 700) + BigInteger(12345), mMinusOne]
            for exponent in exponents {
                var bytes = exponent.bigEndianMagnitude
                bytes.insert(contentsOf: [UInt8](repeating: 0, count: table.exponentByteCount - bytes.count), at: 0)
                let result = MPZ()
                let scratch = MPZ()
                withExtendedLifetime(scratch) {
                    bytes.withUnsafeBytes { table.power(exponent: $0, into: result.pointer, scratch: scratch.pointer) }
                }
                let expected = exponent == mMinusOne ? BigInteger(1) : base.power(exponent, modulo: m)
                XCTAssertEqual(BigInteger(storage: result), expected, "w=\(windowBits) e=\(exponent)")
            }
        }
    }

    func testPublicKeyFingerprintIsSHA256OfModulusBytes() {
        // n = 1009·1013 = 1022117 = 0x0f98a5; the first 8 bytes of SHA-256(0f 98 a5), computed with
        // Python's hashlib: hashlib.sha256(bytes.fromhex("0f98a5")).hexdigest()[:16].
        let key = PaillierPublicKey(validatedModulus: big(n), label: nil)
        XCTAssertEqual(key.keyID, "77bcda8aeca3a28c")
        XCTAssertEqual(key.fingerprint, key.keyID)
    }
}
