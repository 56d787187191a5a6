import XCTest
@testable import Paillier

/// `CiphertextAccumulator.add(plaintext:)`, the per-window mode's fold: the same ciphertext as multiplying by
/// 1 + m·n modulo n², the same plaintext as adding an encryption of m, and (the mode's stated limit) a memory
/// snapshot of an open sum plus the released aggregate give the sum of later readings without any key.
final class PlaintextAdditionTests: XCTestCase {
    private let values: [Int64] = [0, 1, -1, 250, -987_654_321, 123_456_789_012, Int64.max, Int64.min, 42]

    func testPlaintextAdditionIsMultiplicationByOnePlusMN() throws {
        let publicKey = TestKeys.key2048.publicKey
        var accumulator = CiphertextAccumulator(publicKey: publicKey)
        var expected = TestKeys.djn2048.encrypt(77)
        accumulator.add(expected)
        for value in values {
            accumulator.add(plaintext: value)
            expected = try publicKey.add(expected, plaintext: BigInteger(value))
            XCTAssertEqual(accumulator.sealed().value, expected.value, "after adding \(value)")
        }
        XCTAssertEqual(accumulator.count, 1)
        XCTAssertEqual(accumulator.plaintextCount, values.count)
    }

    func testPlaintextAdditionDecryptsLikeAddingEncryptions() throws {
        let key = TestKeys.key2048
        var generator = SystemRandomNumberGenerator()
        let readings = values + (0..<200).map { _ in Int64.random(in: -1_000_000_000_000...1_000_000_000_000, using: &generator) }
        var plaintextSum = CiphertextAccumulator(publicKey: key.publicKey)
        var ciphertextSum = CiphertextAccumulator(publicKey: key.publicKey)
        let start = TestKeys.djn2048.encrypt(-5)
        plaintextSum.add(start)
        ciphertextSum.add(start)
        for (reading, ciphertext) in zip(readings, TestKeys.djn2048.encrypt(batch: readings)) {
            plaintextSum.add(plaintext: reading)
            ciphertextSum.add(ciphertext)
        }
        let expected = readings.reduce(BigInteger(-5)) { $0 + BigInteger($1) }
        XCTAssertEqual(try key.decrypt(plaintextSum.sealed()), expected)
        XCTAssertEqual(try key.decrypt(ciphertextSum.sealed()), expected)
    }

    func testPlaintextAdditionLeavesTheLowDigitFixed() {
        let publicKey = TestKeys.key2048.publicKey
        var accumulator = CiphertextAccumulator(publicKey: publicKey)
        accumulator.add(TestKeys.djn2048.encrypt(0))
        let low = accumulator.sealed().value.modulo(publicKey.n)
        for value in values {
            accumulator.add(plaintext: value)
            XCTAssertEqual(accumulator.sealed().value.modulo(publicKey.n), low)
        }
    }

    /// The threat model's memory reader: one snapshot (a, b_t) of an open per-window sum and the released
    /// aggregate (a, b) give (b − b_t)/a mod n, the exact sum of every reading folded after the snapshot. No key
    /// is used; this documents the mode's limit and must succeed.
    func testMemorySnapshotAndReleaseRevealLaterReadingsWithoutAKey() throws {
        let publicKey = TestKeys.key2048.publicKey
        var generator = SystemRandomNumberGenerator()
        let before = (0..<50).map { _ in Int64.random(in: 0...5_000_000, using: &generator) }
        let after = (0..<30).map { _ in Int64.random(in: -2_000_000...5_000_000, using: &generator) }
        var window = CiphertextAccumulator(publicKey: publicKey)
        window.add(TestKeys.djn2048.encrypt(0))
        for reading in before { window.add(plaintext: reading) }
        let snapshot = window.sealed().value
        for reading in after { window.add(plaintext: reading) }
        let released = window.sealed().value

        let n = publicKey.n
        let (bSnapshot, a) = snapshot.quotientAndRemainder(dividingBy: n)
        let (bReleased, aReleased) = released.quotientAndRemainder(dividingBy: n)
        XCTAssertEqual(a, aReleased)
        let inverse = try XCTUnwrap(a.inverse(modulo: n))
        let encoded = ((bReleased - bSnapshot) * inverse).modulo(n)
        let recovered = encoded > n.floorDivided(by: BigInteger(2)) ? encoded - n : encoded
        XCTAssertEqual(recovered, after.reduce(BigInteger(0)) { $0 + BigInteger($1) })
    }
}
