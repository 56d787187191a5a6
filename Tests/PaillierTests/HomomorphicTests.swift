import XCTest
@testable import Paillier

final class HomomorphicTests: XCTestCase {
    func testSumOfTenThousandRandomCiphertextsDecryptsToPlaintextSum() throws {
        let key = TestKeys.key2048
        var generator = SystemRandomNumberGenerator()
        let values = (0..<10_000).map { _ in Int64.random(in: -1_000_000_000...1_000_000_000, using: &generator) }
        let ciphertexts = TestKeys.djn2048.encrypt(batch: values)
        XCTAssertEqual(ciphertexts.count, values.count)
        var accumulator = CiphertextAccumulator(publicKey: key.publicKey)
        for ciphertext in ciphertexts { accumulator.add(ciphertext) }
        XCTAssertEqual(accumulator.count, values.count)
        let expected = values.reduce(BigInteger(0)) { $0 + BigInteger($1) }
        XCTAssertEqual(try key.decrypt(accumulator.sealed()), expected)
        // Batch results keep the input order.
        for index in [0, 4_999, 9_999] {
            XCTAssertEqual(try key.decrypt(ciphertexts[index]), BigInteger(values[index]))
        }
    }

    func testEmptyAccumulatorSealsToZero() throws {
        let key = TestKeys.key2048
        let accumulator = CiphertextAccumulator(publicKey: key.publicKey)
        XCTAssertEqual(accumulator.count, 0)
        XCTAssertEqual(try key.decrypt(accumulator.sealed()), BigInteger(0))
    }

    func testAccumulatorProductEqualsChainedAdditions() throws {
        // The Montgomery-form running product, once sealed, is exactly the product modulo n².
        let publicKey = TestKeys.key2048.publicKey
        let ciphertexts = TestKeys.djn2048.encrypt(batch: [3, -40, 500, 7_000, -1])
        var accumulator = CiphertextAccumulator(publicKey: publicKey)
        var chained = ciphertexts[0]
        accumulator.add(ciphertexts[0])
        for ciphertext in ciphertexts.dropFirst() {
            accumulator.add(ciphertext)
            chained = try publicKey.add(chained, ciphertext)
            XCTAssertEqual(accumulator.sealed().value, chained.value)
        }
    }

    func testAccumulatorMatchesProductModuloNSquaredForShortCiphertextsAndSmallModuli() throws {
        // g^m = 1 + m·n is half as long as n²: it exercises multiplication by a shorter operand. The
        // small modulus (n² of 4 limbs) takes the multiply-and-divide path, the 2048-bit one Montgomery's.
        let small = PaillierPublicKey(validatedModulus: BigInteger(decimal: "340282366920938463463374607431768211297")!, label: nil)
        for publicKey in [TestKeys.key2048.publicKey, small] {
            let short = try [Int64(5), 77, 1_000].map { try PaillierCiphertext(decimal: "\(publicKey.n * BigInteger($0) + BigInteger(1))", publicKey: publicKey) }
            let full = try [publicKey.nSquared - BigInteger(2), publicKey.n + BigInteger(2)].map {
                try PaillierCiphertext(decimal: "\($0)", publicKey: publicKey)
            }
            var accumulator = CiphertextAccumulator(publicKey: publicKey)
            var expected = BigInteger(1)
            for ciphertext in short + full + short {
                accumulator.add(ciphertext)
                expected = (expected * ciphertext.value).modulo(publicKey.nSquared)
                XCTAssertEqual(accumulator.sealed().value, expected, "\(publicKey.bits)-bit n")
            }
        }
    }

    /// Ciphertexts folded as one Montgomery product (`addProduct(of:)`, the fold of readings encrypted at the meter)
    /// give exactly the ciphertext that adding each gives, and the product of the values modulo n² computed here,
    /// with short values among them (1, 1 + n and 1 + 5n, encryptions of 0, 1 and 5 with fewer limbs than n²),
    /// plaintext additions and single adds between products, and a copy taken in between left as it was.
    func testProductFoldedAsOneIsExactlyTheProductOfItsFactors() throws {
        let key = TestKeys.key2048
        let publicKey = key.publicKey
        let encrypted = TestKeys.djn2048.encrypt(batch: (0..<40).map { Int64($0 * 977 - 15_000) })
        let short = [BigInteger(1), publicKey.n + BigInteger(1), BigInteger(5) * publicKey.n + BigInteger(1)].map {
            PaillierCiphertext(unchecked: $0, keyID: publicKey.keyID)
        }
        let first = Array(encrypted[0..<17]) + short, second = Array(encrypted[17..<39])
        var eachAdded = CiphertextAccumulator(publicKey: publicKey)
        var asProducts = CiphertextAccumulator(publicKey: publicKey)
        eachAdded.add(encrypted[39])
        asProducts.add(encrypted[39])
        for ciphertext in first { eachAdded.add(ciphertext) }
        XCTAssertTrue(asProducts.addProduct(of: first))
        let copy = asProducts
        eachAdded.add(plaintext: 1_234)
        asProducts.add(plaintext: 1_234)
        for ciphertext in second { eachAdded.add(ciphertext) }
        XCTAssertTrue(asProducts.addProduct(of: second))
        XCTAssertFalse(asProducts.addProduct(of: [encrypted[0]]), "one ciphertext is added, not multiplied")
        XCTAssertEqual(asProducts.count, eachAdded.count)
        XCTAssertEqual(asProducts.sealed(), eachAdded.sealed())
        let expected = (first + second + [encrypted[39]]).reduce(BigInteger(1_234) * publicKey.n + BigInteger(1)) {
            ($0 * $1.value).modulo(publicKey.nSquared)
        }
        XCTAssertEqual(asProducts.sealed().value, expected)
        let copyExpected = (first + [encrypted[39]]).reduce(BigInteger(1)) { ($0 * $1.value).modulo(publicKey.nSquared) }
        XCTAssertEqual(copy.sealed().value, copyExpected)
        XCTAssertEqual(copy.count, first.count + 1)
        let sum = (0..<40).reduce(Int64(0)) { $0 + Int64($1 * 977 - 15_000) } + 1_234
        XCTAssertEqual(try key.decrypt(asProducts.sealed()), BigInteger(sum + 1 + 5))
    }

    func testAccumulatorCopiesAreIndependent() throws {
        let key = TestKeys.key2048
        var first = CiphertextAccumulator(publicKey: key.publicKey)
        first.add(TestKeys.djn2048.encrypt(5))
        var second = first
        second.add(TestKeys.djn2048.encrypt(10))
        XCTAssertEqual(try key.decrypt(first.sealed()), BigInteger(5))
        XCTAssertEqual(try key.decrypt(second.sealed()), BigInteger(15))
        XCTAssertEqual(first.count, 1)
        XCTAssertEqual(second.count, 2)
    }

    func testAddAddPlaintextMultiplyAndRerandomize() throws {
        let key = TestKeys.key2048
        let publicKey = key.publicKey
        let a = TestKeys.standard2048.encrypt(1234)
        let b = TestKeys.djn2048.encrypt(-5678)
        XCTAssertEqual(try key.decrypt(publicKey.add(a, b)), BigInteger(1234 - 5678))
        XCTAssertEqual(try key.decrypt(publicKey.add(a, plaintext: BigInteger(-2000))), BigInteger(-766))
        for scalar: Int64 in [0, 1, 3, -7, 1_000_000_007] {
            XCTAssertEqual(try key.decrypt(publicKey.multiply(b, by: BigInteger(scalar))), BigInteger(-5678) * BigInteger(scalar))
        }
        let fresh = try publicKey.rerandomize(a)
        XCTAssertNotEqual(fresh.value, a.value)
        XCTAssertEqual(try key.decrypt(fresh), BigInteger(1234))
        let djnFresh = try TestKeys.djn2048.rerandomize(b)
        XCTAssertNotEqual(djnFresh.value, b.value)
        XCTAssertEqual(try key.decrypt(djnFresh), BigInteger(-5678))
    }

    func testOverflowingSumIsReportedNotWrapped() throws {
        let key = TestKeys.key2048
        let maxInt = key.publicKey.maxPlaintext
        let big = try TestKeys.djn2048.encrypt(maxInt)
        let sum = try key.publicKey.add(big, big)
        XCTAssertThrowsError(try key.decrypt(sum)) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, .overflow)
        }
    }

    func testOperationsRefuseCiphertextsOfAnotherKey() throws {
        let other = TestKeys.key3072
        let foreign = try PaillierEncryptor(publicKey: other.publicKey, obfuscation: .standard).encrypt(1)
        let own = TestKeys.djn2048.encrypt(1)
        XCTAssertThrowsError(try TestKeys.key2048.publicKey.add(own, foreign)) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, .keyMismatch)
            XCTAssertTrue("\(error)".contains(other.publicKey.keyID), "\(error)")
        }
        XCTAssertThrowsError(try TestKeys.key2048.decrypt(foreign))
    }
}
