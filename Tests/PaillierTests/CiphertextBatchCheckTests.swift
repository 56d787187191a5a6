import XCTest
@testable import Paillier

/// `PaillierPublicKey.ciphertexts(decimals:checkingCoprimality:)`, the batch check of ciphertexts made elsewhere (one
/// coprimality test per core's share), and the coprimality check it can leave to the fold
/// (`CiphertextAccumulator.addCheckingUnits`, one gcd on the sum; `PaillierPublicKey.nonUnits(among:)`): either way
/// they must refuse exactly what the per-ciphertext check (`PaillierCiphertext(decimal:publicKey:)`, its own gcd)
/// refuses, and the accepted ciphertexts fold to the sum of their plaintexts on top of whatever the sum held before.
final class CiphertextBatchCheckTests: XCTestCase {
    private let key = TestKeys.key2048
    private var publicKey: PaillierPublicKey { key.publicKey }

    func testAllGoodBatchIsAcceptedAndFoldsToItsSum() throws {
        let values: [Int64] = (0..<11).map { Int64($0 * 1_003 - 4_000) }
        let decimals = values.map { TestKeys.standard2048.encrypt($0).value.description }
        try checkAgainstSingleChecks(decimals, expectedSum: values.reduce(0, +), rejected: [])
    }

    /// A multiple of p (coprime with q, so only the gcd with n as a whole finds it), multiples of n, values out of
    /// range and a malformed one, spread over the batch so that every core's share holds a bad one among good ones.
    func testBadCiphertextsAreRefusedAndTheRestOfTheirShareAccepted() throws {
        let values: [Int64] = (0..<12).map { Int64(7 * $0 * $0 + 3) }
        var decimals = values.map { TestKeys.standard2048.encrypt($0).value.description }
        let good = TestKeys.standard2048.encrypt(99).value
        let bad: [(at: Int, decimal: String)] = [
            (1, (good * key.p).modulo(publicKey.nSquared).description),        // shares p with n
            (4, (publicKey.n * BigInteger(7)).description),                    // 7n: shares n
            (7, publicKey.nSquared.description),                                // out of range
            (9, "0"),                                                           // out of range
            (12, "12a4"),                                                       // not a decimal integer
            (14, (good * key.q).modulo(publicKey.nSquared).description),       // shares q with n
        ]
        for entry in bad { decimals.insert(entry.decimal, at: entry.at) }
        try checkAgainstSingleChecks(decimals, expectedSum: values.reduce(0, +), rejected: Set(bad.map(\.at)))
    }

    /// A batch large enough for several shares per core (handed out as cores free up), with bad ciphertexts in
    /// different shares: E(99)^k = E(99·k) for k = 1…320, so the accepted ones fold to 99·(1 + … + 320).
    func testLargeBatchInManySharesKeepsEachVerdict() throws {
        let good = TestKeys.standard2048.encrypt(99).value
        var power = BigInteger(1)
        var decimals: [String] = []
        for _ in 1...320 {
            power = (power * good).modulo(publicKey.nSquared)
            decimals.append(power.description)
        }
        let bad: [(at: Int, decimal: String)] = [
            (5, (good * key.p).modulo(publicKey.nSquared).description),
            (70, publicKey.nSquared.description),
            (140, (good * key.q).modulo(publicKey.nSquared).description),
            (200, "x"),
            (265, (publicKey.n * BigInteger(5)).description),
            (325, (good * key.p).modulo(publicKey.nSquared).description),
        ]
        for entry in bad { decimals.insert(entry.decimal, at: entry.at) }
        try checkAgainstSingleChecks(decimals, expectedSum: 99 * (320 * 321 / 2), rejected: Set(bad.map(\.at)))
    }

    func testSingleBadCiphertextAloneIsRefusedByTheFold() throws {
        let results = publicKey.ciphertexts(decimals: [(publicKey.n * BigInteger(3)).description], checkingCoprimality: false)
        XCTAssertEqual(results.count, 1)
        let inRange = try results[0].get()
        XCTAssertFalse(inRange.coprimalityChecked)
        guard case .failure(let error) = publicKey.ciphertexts(decimals: [inRange.value.description])[0] else {
            return XCTFail("3n accepted by the checking batch")
        }
        XCTAssertEqual(error.kind, .invalidCiphertext)
        var accumulator = CiphertextAccumulator(publicKey: publicKey)
        accumulator.add(TestKeys.standard2048.encrypt(41))
        XCTAssertEqual(accumulator.addCheckingUnits([inRange]), [0])
        XCTAssertEqual(accumulator.count, 1)
        XCTAssertTrue(accumulator.isUnit)
        XCTAssertEqual(try key.decrypt(accumulator.sealed()), BigInteger(41))
        XCTAssertEqual(publicKey.nonUnits(among: [inRange]), [0])
        XCTAssertTrue(publicKey.ciphertexts(decimals: [], checkingCoprimality: false).isEmpty)
        XCTAssertEqual(accumulator.addCheckingUnits([]), [])
    }

    /// The sum's own test: a unit until a factor sharing p with n is multiplied in, and never again after that.
    func testSumIsAUnitExactlyWhileEveryFactorIs() {
        var accumulator = CiphertextAccumulator(publicKey: publicKey)
        XCTAssertTrue(accumulator.isUnit)
        for value in [3, -8, 1_000] as [Int64] { accumulator.add(TestKeys.djn2048.encrypt(value)) }
        accumulator.add(plaintext: 12)
        XCTAssertTrue(accumulator.isUnit)
        let good = TestKeys.standard2048.encrypt(1).value
        accumulator.add(PaillierCiphertext(unchecked: (good * key.q).modulo(publicKey.nSquared), keyID: publicKey.keyID))
        XCTAssertFalse(accumulator.isUnit)
        accumulator.add(TestKeys.djn2048.encrypt(5))
        XCTAssertFalse(accumulator.isUnit)
    }

    /// Compares every verdict with the single check, both ways: checking coprimality, the batch refuses what the single
    /// check refuses; leaving it to the fold, the batch refuses the rest and the fold the ones that are not coprime (in
    /// a sum that already holds E(1000) and a plaintext 7, which must survive its put-back). The refused positions must
    /// be `rejected`, and the decrypted sum 1007 + `expectedSum`.
    private func checkAgainstSingleChecks(_ decimals: [String], expectedSum: Int64, rejected: Set<Int>,
                                          file: StaticString = #filePath, line: UInt = #line) throws {
        for checkingCoprimality in [true, false] {
            let results = publicKey.ciphertexts(decimals: decimals, checkingCoprimality: checkingCoprimality)
            XCTAssertEqual(results.count, decimals.count, file: file, line: line)
            var accumulator = CiphertextAccumulator(publicKey: publicKey)
            accumulator.add(TestKeys.djn2048.encrypt(1_000))
            accumulator.add(plaintext: 7)
            var refused: Set<Int> = []
            var accepted: [(index: Int, ciphertext: PaillierCiphertext)] = []
            var notCoprime: Set<Int> = []
            for (index, (decimal, result)) in zip(decimals, results).enumerated() {
                let single = Result { try PaillierCiphertext(decimal: decimal, publicKey: publicKey) }
                let context = "ciphertext \(index), checking coprimality \(checkingCoprimality)"
                switch (result, single) {
                case (.success(let batch), .success(let one)):
                    XCTAssertEqual(batch, one, context, file: file, line: line)
                    XCTAssertEqual(batch.digits != nil, checkingCoprimality, "\(context): base-n digits", file: file, line: line)
                    XCTAssertEqual(batch.coprimalityChecked, checkingCoprimality, context, file: file, line: line)
                    accepted.append((index, batch))
                case (.success(let batch), .failure(let one as PaillierError)) where !checkingCoprimality:
                    XCTAssertTrue(one.message.contains("not coprime"), "\(context): \(one)", file: file, line: line)
                    XCTAssertFalse(batch.coprimalityChecked, context, file: file, line: line)
                    accepted.append((index, batch))
                    notCoprime.insert(index)
                case (.failure(let batch), .failure(let one as PaillierError)):
                    XCTAssertEqual(batch.kind, one.kind, context, file: file, line: line)
                    refused.insert(index)
                default:
                    XCTFail("\(context): batch says \(result), single check says \(single)", file: file, line: line)
                }
            }
            let ciphertexts = accepted.map(\.ciphertext)
            XCTAssertEqual(Set(publicKey.nonUnits(among: ciphertexts).map { accepted[$0].index }), notCoprime,
                           file: file, line: line)
            let foldRefused = accumulator.addCheckingUnits(ciphertexts).map { accepted[$0].index }
            XCTAssertEqual(Set(foldRefused), notCoprime, file: file, line: line)
            refused.formUnion(foldRefused)
            XCTAssertEqual(refused, rejected, file: file, line: line)
            XCTAssertEqual(accumulator.count, 1 + accepted.count - notCoprime.count, file: file, line: line)
            XCTAssertTrue(accumulator.isUnit, file: file, line: line)
            XCTAssertEqual(try key.decrypt(accumulator.sealed()), BigInteger(1_007 + expectedSum), file: file, line: line)
        }
    }
}
