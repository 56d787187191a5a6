import XCTest
@testable import Paillier

/// Threshold Paillier (t of l custodians) on small keys, where the point is correctness: every
/// 3-subset of 5 shares decrypts, 2 do not, and a wrong partial or proof is caught and its custodian named.
final class ThresholdTests: XCTestCase {
    /// A 3-of-5 dealing with a 512-bit n, and another one for "shares of another key".
    static let dealing = ThresholdKeyGeneration.deal(validatedBits: 512, threshold: 3, shares: 5, label: "test")
    static let otherDealing = ThresholdKeyGeneration.deal(validatedBits: 512, threshold: 3, shares: 5, label: "other")

    private let context = Array("policy household-billing / meter-007 / 2024-01-01T00:00Z".utf8)

    /// E(Σ values) under the dealing's key, made by adding fresh encryptions.
    private func encryptedSum(_ values: [Int64], key: PaillierPublicKey) throws -> PaillierCiphertext {
        let encryptor = try PaillierEncryptor(publicKey: key, obfuscation: .standard)
        return try values.map { encryptor.encrypt($0) }.dropFirst().reduce(encryptor.encrypt(values[0])) { try key.add($0, $1) }
    }

    private func partials(_ ciphertext: PaillierCiphertext, shares: [Int], dealing: ThresholdDealing = dealing) throws -> [PartialDecryption] {
        try shares.map { try dealing.shares[$0 - 1].decrypt(ciphertext, context: context) }
    }

    func testEveryThreeOfFiveSharesDecryptsToTheSumOfTheEncryptedValues() throws {
        let values: [Int64] = [123_456_789, -42, 0, 7_000_000_001, -98_765, 31_415]
        let expected = BigInteger(values.reduce(0, +))
        let key = Self.dealing.publicKey
        let ciphertext = try encryptedSum(values, key: key.paillier)
        let combiner = ThresholdCombiner(publicKey: key)
        var subsets = 0
        for a in 1...3 {
            for b in (a + 1)...4 {
                for c in (b + 1)...5 {
                    let result = try combiner.combine(ciphertext, context: context, partials: try partials(ciphertext, shares: [c, a, b]))
                    XCTAssertEqual(result.plaintext, expected, "shares \(a), \(b), \(c)")
                    XCTAssertEqual(result.used, [a, b, c])
                    XCTAssertEqual(result.rejected, [])
                    subsets += 1
                }
            }
        }
        XCTAssertEqual(subsets, 10)
        // More than t partials decrypt as well; the lowest t indices are used.
        let all = try combiner.combine(ciphertext, context: context, partials: try partials(ciphertext, shares: [5, 4, 3, 2, 1]))
        XCTAssertEqual(all.plaintext, expected)
        XCTAssertEqual(all.used, [1, 2, 3])
    }

    func testTheLargestNegativeAndPositiveEncodableTotalsSurvive() throws {
        let key = Self.dealing.publicKey
        let encryptor = try PaillierEncryptor(publicKey: key.paillier, obfuscation: .standard)
        for value in [key.paillier.maxPlaintext, -key.paillier.maxPlaintext, BigInteger(-1)] {
            let ciphertext = try encryptor.encrypt(value)
            let result = try ThresholdCombiner(publicKey: key).combine(
                ciphertext, context: context, partials: try partials(ciphertext, shares: [2, 4, 5]))
            XCTAssertEqual(result.plaintext, value)
        }
    }

    func testTwoSharesCannotDecrypt() throws {
        let key = Self.dealing.publicKey
        let ciphertext = try encryptedSum([10, 20], key: key.paillier)
        XCTAssertThrowsError(try ThresholdCombiner(publicKey: key).combine(
            ciphertext, context: context, partials: try partials(ciphertext, shares: [1, 5]))) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, .notEnoughPartials)
            XCTAssertTrue("\(error)".contains("only 2 valid partial decryptions (custodian 1, 5)"), "\(error)")
            XCTAssertTrue("\(error)".contains("needs 3 of 5"), "\(error)")
        }
        // The same share twice counts once.
        XCTAssertThrowsError(try ThresholdCombiner(publicKey: key).combine(
            ciphertext, context: context, partials: try partials(ciphertext, shares: [1, 1, 5])))
    }

    func testATamperedPartialIsLeftOutAndItsCustodianNamed() throws {
        let key = Self.dealing.publicKey
        let ciphertext = try encryptedSum([1000, 2345], key: key.paillier)
        var given = try partials(ciphertext, shares: [1, 2, 3, 4])
        let honest = given[1]
        // Custodian 2 multiplies its partial by (1 + n): combined, that would shift the total.
        let shifted = (honest.value * (key.paillier.n + BigInteger(1))).modulo(key.paillier.nSquared)
        given[1] = PartialDecryption(index: 2, value: shifted, proof: honest.proof)
        let result = try ThresholdCombiner(publicKey: key).combine(ciphertext, context: context, partials: given)
        XCTAssertEqual(result.plaintext, BigInteger(3345))
        XCTAssertEqual(result.used, [1, 3, 4])
        XCTAssertEqual(result.rejected, [2])

        // With only three partials, one of them wrong, nothing is decrypted and custodian 2 is named.
        XCTAssertThrowsError(try ThresholdCombiner(publicKey: key).combine(ciphertext, context: context, partials: Array(given.prefix(3)))) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, .notEnoughPartials)
            XCTAssertTrue("\(error)".contains("left out from custodian 2"), "\(error)")
        }
    }

    func testATamperedProofIsDetected() throws {
        let key = Self.dealing.publicKey
        let ciphertext = try encryptedSum([5, 6], key: key.paillier)
        let honest = try partials(ciphertext, shares: [3])[0]
        XCTAssertTrue(honest.verify(ciphertext, context: context, key: key))
        let one = BigInteger(1)
        let forgeries = [
            EqualityProof(e: honest.proof.e, z: honest.proof.z + one),
            EqualityProof(e: honest.proof.e + one, z: honest.proof.z),
            EqualityProof(e: BigInteger(0), z: honest.proof.z),
        ]
        for proof in forgeries {
            XCTAssertFalse(PartialDecryption(index: 3, value: honest.value, proof: proof).verify(ciphertext, context: context, key: key))
        }
        // The honest proof does not carry over to another index, another aggregate or another ciphertext.
        XCTAssertFalse(PartialDecryption(index: 4, value: honest.value, proof: honest.proof).verify(ciphertext, context: context, key: key))
        XCTAssertFalse(honest.verify(ciphertext, context: context + [0], key: key))
        let otherCiphertext = try encryptedSum([5, 6], key: key.paillier)
        XCTAssertFalse(honest.verify(otherCiphertext, context: context, key: key))
        // A partial that is not a unit modulo n² is refused outright.
        XCTAssertFalse(PartialDecryption(index: 3, value: key.paillier.n, proof: honest.proof).verify(ciphertext, context: context, key: key))
    }

    func testTheProofResponseHidesTheShare() throws {
        // z = r + e·Δ·s_i must not give s_i away: r is |n²| + |Δ| + 512 bits, far longer than e·Δ·s_i,
        // so ⌊z / (e·Δ)⌋ lands nowhere near s_i (a short r would put it within a few of s_i).
        let key = Self.dealing.publicKey
        let share = Self.dealing.shares[2]
        let ciphertext = try encryptedSum([99], key: key.paillier)
        for _ in 0..<5 {
            let proof = try share.decrypt(ciphertext, context: context).proof
            XCTAssertGreaterThanOrEqual(proof.z.bitWidth, EqualityProof.randomBits(for: key) - 16)
            let guess = proof.z.floorDivided(by: proof.e * key.delta)
            let distance = guess > share.secret ? guess - share.secret : share.secret - guess
            XCTAssertGreaterThan(distance.bitWidth, 200)
        }
    }

    func testSharesOfAnotherKeyAreRefused() throws {
        let key = Self.dealing.publicKey
        let other = Self.otherDealing
        let ciphertext = try encryptedSum([77], key: key.paillier)
        XCTAssertThrowsError(try other.shares[0].decrypt(ciphertext, context: context)) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, .keyMismatch)
        }
        // Even a partial forced through with the other key's share (relabelled ciphertext) fails its proof
        // against this key, and its custodian is named.
        let relabelled = PaillierCiphertext(unchecked: ciphertext.value.modulo(other.publicKey.paillier.nSquared), keyID: other.publicKey.keyID)
        let foreign = try other.shares[1].decrypt(relabelled, context: context)
        var given = try partials(ciphertext, shares: [1, 3])
        given.append(foreign)
        XCTAssertThrowsError(try ThresholdCombiner(publicKey: key).combine(ciphertext, context: context, partials: given)) { error in
            XCTAssertTrue("\(error)".contains("left out from custodian 2"), "\(error)")
        }
    }

    func testEveryShareMatchesItsVerificationKeyAndTheKeyIsAnOrdinaryPaillierKey() throws {
        let key = Self.dealing.publicKey
        XCTAssertEqual(key.paillier.bits, 512)
        XCTAssertEqual(key.delta, BigInteger(120))
        XCTAssertEqual(Self.dealing.shares.map(\.index), [1, 2, 3, 4, 5])
        XCTAssertTrue(Self.dealing.shares.allSatisfy { $0.matchesVerificationKey() })
        let altered = KeyShare(validatedIndex: 2, secret: Self.dealing.shares[1].secret + BigInteger(1), publicKey: key)
        XCTAssertFalse(altered.matchesVerificationKey())
        XCTAssertNotEqual(key.dealingID, Self.otherDealing.publicKey.dealingID)
        // Lagrange coefficients times Δ interpolate f(0): Σ μ_i·i^k = Δ·[k = 0] for k < t.
        let combiner = ThresholdCombiner(publicKey: key)
        let indices = [1, 3, 4]
        for power in 0..<3 {
            let sum = indices.reduce(BigInteger(0)) { total, index in
                let indexPower = (0..<power).reduce(1) { product, _ in product * index }
                return total + combiner.lagrangeTimesDelta(at: index, indices: indices) * BigInteger(Int64(indexPower))
            }
            XCTAssertEqual(sum, power == 0 ? key.delta : BigInteger(0), "power \(power)")
        }
    }

    func testSafePrimesAreSafeAndOfTheRequestedSize() {
        for bits in [64, 128, 256] {
            let (p, pPrime) = SafePrime.random(bits: bits)
            XCTAssertEqual(p, pPrime.shiftedLeft(by: 1) + BigInteger(1))
            XCTAssertEqual(p.bitWidth, bits)
            XCTAssertTrue(p.testBit(bits - 2), "top two bits set")
            XCTAssertTrue(PrimalityTest.isProbablePrime(p, rounds: 40))
            XCTAssertTrue(PrimalityTest.isProbablePrime(pPrime, rounds: 40))
        }
    }

    func testDealingParametersAreChecked() {
        for (t, l) in [(0, 5), (6, 5), (2, 0), (2, 65)] {
            XCTAssertThrowsError(try ThresholdKeyGeneration.deal(bits: 2048, threshold: t, shares: l)) { error in
                XCTAssertEqual((error as? PaillierError)?.kind, .invalidThreshold, "t \(t), l \(l)")
            }
        }
        XCTAssertThrowsError(try ThresholdKeyGeneration.deal(bits: 1024, threshold: 2, shares: 3)) { error in
            XCTAssertEqual((error as? PaillierError)?.kind, .unsupportedKeySize)
        }
    }

    func testSecretIntegersRoundTripThroughBase64URLAsJWKEncodesThem() {
        for bits in [1, 7, 8, 9, 16, 17, 255, 1024, 1031] {
            let value = BigInteger(1).shiftedLeft(by: bits - 1) + BigInteger(Int64(bits * 7919))
            let text = SecretBytes(capacity: 200)
            SecretInteger.appendBase64URL(of: value, to: text)
            XCTAssertEqual(String(decoding: text.bytes, as: UTF8.self), JWK.encode(value), "\(bits) bits")
            XCTAssertEqual(SecretInteger.decodeBase64URL(text.bytes), value, "\(bits) bits")
        }
        Array("not*base64".utf8).withUnsafeBytes { XCTAssertNil(SecretInteger.decodeBase64URL($0)) }
    }

    func testTheSecretMemberIsFoundAtTopLevelOnly() {
        let json = #"{"kid":"a \"s\": trap","pub":{"s":"nested"}, "s" : "c2VjcmV0", "z":1}"#
        Array(json.utf8).withUnsafeBytes { bytes in
            let range = JSONMemberLocator.stringValue(of: "s", in: bytes)
            XCTAssertEqual(range.map { String(decoding: bytes[$0], as: UTF8.self) }, "c2VjcmV0")
        }
        Array(#"{"pub":{"s":"nested"}}"#.utf8).withUnsafeBytes { XCTAssertNil(JSONMemberLocator.stringValue(of: "s", in: $0)) }
    }
}
