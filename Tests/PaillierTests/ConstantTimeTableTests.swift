import CGMP
import XCTest
@testable import Paillier

/// The DJN table's constant-time path: the masked selection returns the entries asked for, at every
/// index and in every build, and the table's exponentiation, alone or several together, equals GMP's
/// `mpz_powm_sec` of the same base and exponent.
final class ConstantTimeTableTests: XCTestCase {
    func testMaskedSelectionReturnsTheEntriesAskedForInEveryBuild() {
        for (limbs, count) in [(1, 1), (1, 2), (3, 5), (64, 64), (96, 32), (64, 128)] {
            let table = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: limbs * count)
            let out = UnsafeMutablePointer<mp_limb_t>.allocate(capacity: limbs * FixedBaseTable.batchWidth)
            defer {
                table.deallocate()
                out.deallocate()
            }
            SecureRandom.fill(UnsafeMutableRawBufferPointer(start: table, count: limbs * count * MemoryLayout<mp_limb_t>.size))
            // The masked loop in its portable build, in its AVX2 build where the CPU has it (what optimised builds
            // run), and the selection the table calls (GMP's mpn_sec_tabselect in this unoptimised test build).
            var builds: [(String, (UnsafePointer<Int>, Int) -> Void)] = [
                ("masked", { cgmp_select_entries_masked(out, table, limbs, count, $0, $1) }),
                ("table's", { cgmp_select_entries(out, table, limbs, count, $0, $1, FixedBaseTable.selectsWithAVX2 ? 1 : 0) }),
            ]
            if cgmp_cpu_has_avx2() != 0 {
                builds.append(("avx2", { cgmp_select_entries_avx2(out, table, limbs, count, $0, $1) }))
            }
            for outputs in [1, 3, FixedBaseTable.batchWidth] {
                for first in 0..<count {
                    // Distinct, repeated and edge indices: first, its neighbours, the last entry.
                    let which = (0..<outputs).map { [first, (first + $0) % count, count - 1, (first * 7 + $0) % count][$0 % 4] }
                    for (name, select) in builds {
                        out.update(repeating: 0x5a5a_5a5a_5a5a_5a5a, count: limbs * outputs)  // stale content must not survive
                        which.withUnsafeBufferPointer { select($0.baseAddress!, outputs) }
                        for (output, index) in which.enumerated() {
                            XCTAssertEqual(Array(UnsafeBufferPointer(start: out + output * limbs, count: limbs)),
                                           Array(UnsafeBufferPointer(start: table + index * limbs, count: limbs)),
                                           "\(name): limbs \(limbs), output \(output) of \(outputs), entry \(index) of \(count)")
                        }
                    }
                }
            }
        }
    }

    func testDJNTableEqualsPowmSecForRandomAndEdgeExponents() throws {
        let key = TestKeys.key2048.publicKey
        let base = SecureRandom.unit(modulo: key.n).power(key.n, modulo: key.nSquared)  // an h_s-like n-th residue
        let exponentBits = PaillierEncryptor.djnExponentBits(keyBits: key.bits)
        for windowBits in [5, 6, 7] {
            let table = FixedBaseTable(base: base, modulus: key.nSquared, exponentBits: exponentBits, windowBits: windowBits)
            let topDigitBits = exponentBits - (table.windows - 1) * windowBits
            let allOnes = BigInteger(1).shiftedLeft(by: exponentBits) - BigInteger(1)
            let topDigit = allOnes - (BigInteger(1).shiftedLeft(by: exponentBits - topDigitBits) - BigInteger(1))
            var exponents = [BigInteger(0), BigInteger(1), allOnes, topDigit,
                             BigInteger(1).shiftedLeft(by: exponentBits - 1), BigInteger(1).shiftedLeft(by: windowBits) - BigInteger(1)]
            for _ in 0..<8 {
                let random = MPZ()
                SecureRandom.setRandomBits(random.pointer, bits: exponentBits)
                exponents.append(BigInteger(storage: random))
            }
            for exponent in exponents {
                let expected = exponent.signum == 0 ? BigInteger(1) : base.secretPower(exponent, modulo: key.nSquared)
                XCTAssertEqual(power(table, exponent), expected, "w=\(windowBits) e=\(exponent)")
            }
        }
    }

    func testExponentiationsTogetherEqualEachAlone() throws {
        let key = TestKeys.key2048.publicKey
        let base = SecureRandom.unit(modulo: key.n).power(key.n, modulo: key.nSquared)
        let exponentBits = PaillierEncryptor.djnExponentBits(keyBits: key.bits)
        for windowBits in [6, 7] {
            let table = FixedBaseTable(base: base, modulus: key.nSquared, exponentBits: exponentBits, windowBits: windowBits)
            let allOnes = BigInteger(1).shiftedLeft(by: exponentBits) - BigInteger(1)
            for count in [1, 2, FixedBaseTable.batchWidth] {
                var exponents = [BigInteger(0), allOnes, BigInteger(1)].prefix(count).map { $0 }
                while exponents.count < count {
                    let random = MPZ()
                    SecureRandom.setRandomBits(random.pointer, bits: exponentBits)
                    exponents.append(BigInteger(storage: random))
                }
                let bytes = exponents.flatMap { padded($0, to: table.exponentByteCount) }
                let results = exponents.map { _ in MPZ() }
                let scratch = MPZ()
                withExtendedLifetime((results, scratch)) {
                    bytes.withUnsafeBytes { table.power(exponents: $0, into: results.map(\.pointer), scratch: scratch.pointer) }
                }
                for (exponent, result) in zip(exponents, results) {
                    let expected = exponent.signum == 0 ? BigInteger(1) : base.secretPower(exponent, modulo: key.nSquared)
                    XCTAssertEqual(BigInteger(storage: result), expected, "w=\(windowBits), \(count) together, e=\(exponent)")
                }
            }
        }
    }

    func testBitsAboveTheExponentLengthAreIgnored() {
        let m = BigInteger(1).shiftedLeft(by: 1279) - BigInteger(1)  // 2^1279 − 1, odd
        let base = BigInteger(decimal: "987654321987654321987654321")!
        let table = FixedBaseTable(base: base, modulus: m, exponentBits: 1021, windowBits: 6)  // 1021 bits: 128 bytes, 3 spare bits
        let exponent = BigInteger(1).shiftedLeft(by: 1023) + BigInteger(1).shiftedLeft(by: 1021) + BigInteger(77)
        XCTAssertEqual(power(table, exponent), base.power(BigInteger(77), modulo: m))
    }

    /// base^exponent through `table`, the exponent padded to the table's byte length.
    private func power(_ table: FixedBaseTable, _ exponent: BigInteger) -> BigInteger {
        let bytes = padded(exponent, to: table.exponentByteCount)
        let result = MPZ()
        let scratch = MPZ()
        withExtendedLifetime(scratch) {
            bytes.withUnsafeBytes { table.power(exponent: $0, into: result.pointer, scratch: scratch.pointer) }
        }
        return BigInteger(storage: result)
    }

    /// The big-endian bytes of `exponent`, zero-padded on the left to `count`.
    private func padded(_ exponent: BigInteger, to count: Int) -> [UInt8] {
        let bytes = exponent.bigEndianMagnitude
        return [UInt8](repeating: 0, count: max(0, count - bytes.count)) + bytes
    }
}
