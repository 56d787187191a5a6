import XCTest
@testable import Paillier

/// `PaillierPublicKey.ciphertexts(decimals:)`, the batch check of ciphertexts made elsewhere (one coprimality test per
/// core's share): each verdict must be the one the per-ciphertext check (`PaillierCiphertext(decimal:publicKey:)`,
/// its own gcd) gives, and the accepted ciphertexts must fold to the sum of their plaintexts.
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

    func testSingleBadCiphertextAloneIsRefused() {
        let results = publicKey.ciphertexts(decimals: [(publicKey.n * BigInteger(3)).description])
        XCTAssertEqual(results.count, 1)
        guard case .failure(let error) = results[0] else { return XCTFail("7n-style ciphertext accepted") }
        XCTAssertEqual(error.kind, .invalidCiphertext)
        XCTAssertTrue(publicKey.ciphertexts(decimals: []).isEmpty)
    }

    /// Compares every verdict with the single check, the refused positions with `rejected`, and the decrypted fold of
    /// the accepted ones (through their base-n digits) with `expectedSum`.
    private func checkAgainstSingleChecks(_ decimals: [String], expectedSum: Int64, rejected: Set<Int>,
                                          file: StaticString = #filePath, line: UInt = #line) throws {
        let results = publicKey.ciphertexts(decimals: decimals)
        XCTAssertEqual(results.count, decimals.count, file: file, line: line)
        var accumulator = CiphertextAccumulator(publicKey: publicKey)
        var refused: Set<Int> = []
        for (index, (decimal, result)) in zip(decimals, results).enumerated() {
            let single = Result { try PaillierCiphertext(decimal: decimal, publicKey: publicKey) }
            switch (result, single) {
            case (.success(let batch), .success(let one)):
                XCTAssertEqual(batch, one, "ciphertext \(index)", file: file, line: line)
                XCTAssertNotNil(batch.digits, "ciphertext \(index) without its base-n digits", file: file, line: line)
                accumulator.add(batch)
            case (.failure(let batch), .failure(let one as PaillierError)):
                XCTAssertEqual(batch.kind, one.kind, "ciphertext \(index)", file: file, line: line)
                refused.insert(index)
            default:
                XCTFail("ciphertext \(index): batch says \(result), single check says \(single)", file: file, line: line)
            }
        }
        XCTAssertEqual(refused, rejected, file: file, line: line)
        XCTAssertEqual(try key.decrypt(accumulator.sealed()), BigInteger(expectedSum), file: file, line: line)
    }
}
